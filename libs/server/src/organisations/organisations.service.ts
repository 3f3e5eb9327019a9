import { Injectable } from '@nestjs/common';
import type { OrganisationDto } from '@pairline/contracts';
import { diffFields, DomainError, validateThresholds } from '@pairline/domain';
import type { EntityManager } from 'typeorm';
import { AuditTrail, authorOf, type AuditAuthor } from '../audit/audit.service';
import { tenantOf, type Actor } from '../auth/actor';
import { Db } from '../database/db.service';
import { OrganisationEntity } from './organisation.entity';
import type { UpdateOrganisationDto } from './organisations.dto';

export const toOrganisationDto = (o: OrganisationEntity): OrganisationDto => ({
  id: o.id,
  name: o.name,
  odsCode: o.odsCode,
  mfaRequired: o.mfaRequired,
  atRiskWithinWorkingDays: o.atRiskWithinWorkingDays,
  lateAfterWorkingDays: o.lateAfterWorkingDays,
  createdAt: o.createdAt.toISOString(),
  version: o.version,
});

export function normaliseOdsCode(code: string | null | undefined): string | null {
  const trimmed = code?.trim().toUpperCase();
  return trimmed ? trimmed : null;
}

@Injectable()
export class OrganisationsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
  ) {}

  private async load(manager: EntityManager, id: string): Promise<OrganisationEntity> {
    const organisation = await manager.getRepository(OrganisationEntity).findOneBy({ id });
    if (!organisation) throw new DomainError('not_found', 'organisation_not_found', 'No such organisation.');
    return organisation;
  }

  get(actor: Actor): Promise<OrganisationDto> {
    return this.db.transaction(async (manager) => toOrganisationDto(await this.load(manager, actor.organisationId)), tenantOf(actor));
  }

  update(actor: Actor, dto: UpdateOrganisationDto): Promise<OrganisationDto> {
    return this.db.transaction(async (manager) => {
      const before = await this.load(manager, actor.organisationId);
      const thresholds = validateThresholds({
        atRiskWithinWorkingDays: dto.atRiskWithinWorkingDays ?? before.atRiskWithinWorkingDays,
        lateAfterWorkingDays: dto.lateAfterWorkingDays ?? before.lateAfterWorkingDays,
      });
      const next = { name: dto.name.trim(), odsCode: normaliseOdsCode(dto.odsCode), mfaRequired: dto.mfaRequired, ...thresholds };
      const result = await manager
        .createQueryBuilder()
        .update(OrganisationEntity)
        .set({ ...next, version: () => 'version + 1' })
        .where('id = :id AND version = :version', { id: actor.organisationId, version: dto.version })
        .execute();
      if (result.affected !== 1) throw staleVersion('organisation');
      const changes = diffFields(
        { name: before.name, odsCode: before.odsCode, mfaRequired: before.mfaRequired, atRiskWithinWorkingDays: before.atRiskWithinWorkingDays, lateAfterWorkingDays: before.lateAfterWorkingDays },
        next,
      );
      await this.audit.record(manager, authorOf(actor), { action: 'organisation.updated', entityType: 'organisation', entityId: actor.organisationId, changes });
      return toOrganisationDto(await this.load(manager, actor.organisationId));
    }, tenantOf(actor));
  }

  /** A new tenant, with its first admin. Used by the CLI and the demo seed (no actor yet). */
  async create(manager: EntityManager, input: { name: string; odsCode: string | null }, author: (organisationId: string) => AuditAuthor): Promise<OrganisationEntity> {
    const id = (await manager.query(`SELECT gen_random_uuid() AS id`))[0].id as string;
    await this.db.setTenant(manager, { organisationId: id });
    const organisation = await manager.getRepository(OrganisationEntity).save({ id, name: input.name.trim(), odsCode: normaliseOdsCode(input.odsCode), mfaRequired: false });
    await this.audit.record(manager, author(id), {
      action: 'organisation.created',
      entityType: 'organisation',
      entityId: id,
      changes: diffFields(null, { name: organisation.name, odsCode: organisation.odsCode }),
    });
    return organisation;
  }
}

export function staleVersion(entity: string): DomainError {
  return new DomainError('conflict', 'stale_version', `This ${entity} was changed by someone else since you loaded it; reload and try again.`);
}
