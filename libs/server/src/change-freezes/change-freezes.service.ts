import { Injectable } from '@nestjs/common';
import type { ChangeFreezeDto } from '@pairline/contracts';
import { diffFields, DomainError } from '@pairline/domain';
import type { EntityManager } from 'typeorm';
import { AuditTrail, authorOf } from '../audit/audit.service';
import { tenantOf, type Actor } from '../auth/actor';
import { Db } from '../database/db.service';
import { JourneyViews } from '../journeys/journey-views';
import { entityColumns, findPage } from '../listing/find-page';
import { ListQuery, ListSpec, Page } from '../listing/list-query';
import { staleVersion } from '../organisations/organisations.service';
import { ChangeFreezeEntity } from './change-freeze.entity';
import type { ChangeFreezeBody, UpdateChangeFreezeBody } from './change-freezes.dto';

export const CHANGE_FREEZE_LIST: ListSpec<'id' | 'providerSupplierId' | 'startsOn' | 'endsOn'> = {
  resource: 'change-freezes',
  fields: { id: 'f.id', providerSupplierId: 'f.provider_key', startsOn: 'f.starts_on', endsOn: 'f.ends_on' },
  sortable: ['startsOn', 'endsOn', 'providerSupplierId'],
  filterable: { id: 'uuid', providerSupplierId: 'text' },
  searchable: [],
  ranges: { endsAfter: { field: 'endsOn', op: '>=' } },
  defaultSort: { field: 'startsOn', order: 'ASC' },
  tieBreaker: 'f.id',
};

const toDto = (f: ChangeFreezeEntity): ChangeFreezeDto => ({
  id: f.id,
  providerSupplierId: f.providerKey,
  startsOn: f.startsOn,
  endsOn: f.endsOn,
  reason: f.reason,
  createdAt: f.createdAt.toISOString(),
  version: f.version,
});

const values = (body: ChangeFreezeBody) => {
  if (body.startsOn > body.endsOn) throw new DomainError('invalid', 'freeze_dates_reversed', 'endsOn cannot be before startsOn.', { field: 'endsOn' });
  return { providerKey: body.providerSupplierId ?? null, startsOn: body.startsOn, endsOn: body.endsOn, reason: body.reason?.trim() ?? '' };
};

/** Provider change-freeze windows: nothing goes live inside one, so forecasts move past it. */
@Injectable()
export class ChangeFreezesService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly views: JourneyViews,
  ) {}

  private async load(manager: EntityManager, actor: Actor, id: string): Promise<ChangeFreezeEntity> {
    const freeze = await manager.getRepository(ChangeFreezeEntity).findOneBy({ id, organisationId: actor.organisationId });
    if (!freeze) throw new DomainError('not_found', 'change_freeze_not_found', 'No such change freeze in this organisation.');
    return freeze;
  }

  list(actor: Actor, query: ListQuery): Promise<Page<ChangeFreezeDto>> {
    return this.db.transaction(async (manager) => {
      const source = { select: entityColumns(manager, ChangeFreezeEntity, 'f'), from: `"change_freeze" f`, where: `f."organisation_id" = $1`, params: [actor.organisationId] };
      return findPage(manager, source, query, CHANGE_FREEZE_LIST, toDto);
    }, tenantOf(actor));
  }

  get(actor: Actor, id: string): Promise<ChangeFreezeDto> {
    return this.db.transaction(async (manager) => toDto(await this.load(manager, actor, id)), tenantOf(actor));
  }

  create(actor: Actor, body: ChangeFreezeBody): Promise<ChangeFreezeDto> {
    return this.db.transaction(async (manager) => {
      const row = values(body);
      const saved = await manager.getRepository(ChangeFreezeEntity).save({ organisationId: actor.organisationId, ...row });
      await this.audit.record(manager, authorOf(actor), { action: 'change_freeze.created', entityType: 'change_freeze', entityId: saved.id, changes: diffFields(null, row) });
      await this.views.refresh(manager, actor.organisationId, null);
      return toDto(await this.load(manager, actor, saved.id));
    }, tenantOf(actor));
  }

  update(actor: Actor, id: string, body: UpdateChangeFreezeBody): Promise<ChangeFreezeDto> {
    return this.db.transaction(async (manager) => {
      const before = await this.load(manager, actor, id);
      if (before.version !== body.version) throw staleVersion('change freeze');
      const row = values(body);
      const changes = diffFields({ providerKey: before.providerKey, startsOn: before.startsOn, endsOn: before.endsOn, reason: before.reason }, row);
      if (!changes) return toDto(before);
      const result = await manager.createQueryBuilder().update(ChangeFreezeEntity).set({ ...row, version: () => 'version + 1' }).where('id = :id AND version = :version', { id, version: body.version }).execute();
      if (result.affected !== 1) throw staleVersion('change freeze');
      await this.audit.record(manager, authorOf(actor), { action: 'change_freeze.updated', entityType: 'change_freeze', entityId: id, changes });
      await this.views.refresh(manager, actor.organisationId, null);
      return toDto(await this.load(manager, actor, id));
    }, tenantOf(actor));
  }

  remove(actor: Actor, id: string): Promise<ChangeFreezeDto> {
    return this.db.transaction(async (manager) => {
      const freeze = await this.load(manager, actor, id);
      await manager.getRepository(ChangeFreezeEntity).delete({ id });
      await this.audit.record(manager, authorOf(actor), { action: 'change_freeze.deleted', entityType: 'change_freeze', entityId: id, changes: diffFields({ providerKey: freeze.providerKey, startsOn: freeze.startsOn, endsOn: freeze.endsOn, reason: freeze.reason }, null) });
      await this.views.refresh(manager, actor.organisationId, null);
      return toDto(freeze);
    }, tenantOf(actor));
  }
}
