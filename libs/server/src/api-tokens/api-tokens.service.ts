import { Inject, Injectable } from '@nestjs/common';
import { API_TOKEN_PREFIX, ROLES, roleCovers, type ApiTokenDto, type CreatedApiTokenDto, type Role } from '@pairline/contracts';
import { diffFields, DomainError } from '@pairline/domain';
import { AuditTrail, authorOf } from '../audit/audit.service';
import { tenantOf, type Actor } from '../auth/actor';
import { randomSecret, sha256Hex } from '../auth/secrets';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Db } from '../database/db.service';
import { entityColumns, findPage } from '../listing/find-page';
import { ListQuery, ListSpec, Page } from '../listing/list-query';
import { ApiTokenEntity } from './api-token.entity';

export const API_TOKEN_LIST: ListSpec<'id' | 'name' | 'role' | 'createdAt' | 'lastUsedAt' | 'expiresAt'> = {
  resource: 'api-tokens',
  fields: { id: 't.id', name: 't.name', role: 't.role', createdAt: 't.created_at', lastUsedAt: 't.last_used_at', expiresAt: 't.expires_at' },
  sortable: ['name', 'role', 'createdAt', 'lastUsedAt', 'expiresAt'],
  filterable: { id: 'uuid', role: { oneOf: ROLES } },
  searchable: ['name'],
  defaultSort: { field: 'createdAt', order: 'DESC' },
  tieBreaker: 't.id',
};

const toDto = (t: ApiTokenEntity): ApiTokenDto => ({
  id: t.id,
  name: t.name,
  role: t.role,
  prefix: t.prefix,
  createdAt: t.createdAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  expiresAt: t.expiresAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
});

/** Personal API tokens: each user manages their own, in the current organisation. */
@Injectable()
export class ApiTokensService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  list(actor: Actor, query: ListQuery): Promise<Page<ApiTokenDto>> {
    return this.db.transaction(async (manager) => {
      const source = { select: entityColumns(manager, ApiTokenEntity, 't'), from: `"api_token" t`, where: `t."organisation_id" = $1 AND t."user_id" = $2`, params: [actor.organisationId, actor.userId] };
      return findPage(manager, source, query, API_TOKEN_LIST, toDto);
    }, tenantOf(actor));
  }

  create(actor: Actor, input: { name: string; role: Role; expiresInDays?: number }): Promise<CreatedApiTokenDto> {
    if (actor.via === 'api_token') throw new DomainError('forbidden', 'token_cannot_mint_tokens', 'API tokens cannot create other tokens; sign in to create one.');
    if (!roleCovers(actor.role, input.role)) {
      throw new DomainError('unprocessable', 'role_exceeds_yours', `A token cannot have more rights than you: your role is ${actor.role}.`, { field: 'role' });
    }
    const token = `${API_TOKEN_PREFIX}${randomSecret(32)}`;
    return this.db.transaction(async (manager) => {
      const saved = await manager.getRepository(ApiTokenEntity).save({
        organisationId: actor.organisationId,
        userId: actor.userId,
        name: input.name.trim(),
        role: input.role,
        tokenHash: sha256Hex(token),
        prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
        lastUsedAt: null,
        // Every token expires: a forgotten one stops working by itself (API_TOKEN_DEFAULT_DAYS).
        expiresAt: new Date(Date.now() + (input.expiresInDays ?? this.config.apiTokens.defaultDays) * 86_400_000),
        revokedAt: null,
      });
      await this.audit.record(manager, authorOf(actor), {
        action: 'api_token.created',
        entityType: 'api_token',
        entityId: saved.id,
        changes: diffFields(null, { name: saved.name, role: saved.role, expiresAt: saved.expiresAt?.toISOString() ?? null }),
      });
      return { ...toDto(saved), token };
    }, tenantOf(actor));
  }

  revoke(actor: Actor, id: string): Promise<ApiTokenDto> {
    return this.db.transaction(async (manager) => {
      const token = await manager.getRepository(ApiTokenEntity).findOneBy({ id, organisationId: actor.organisationId, userId: actor.userId });
      if (!token) throw new DomainError('not_found', 'api_token_not_found', 'No such token.');
      if (!token.revokedAt) {
        token.revokedAt = new Date();
        await manager.getRepository(ApiTokenEntity).update({ id }, { revokedAt: token.revokedAt });
        await this.audit.record(manager, authorOf(actor), { action: 'api_token.revoked', entityType: 'api_token', entityId: id, changes: { name: { after: token.name } } });
      }
      return toDto(token);
    }, tenantOf(actor));
  }
}
