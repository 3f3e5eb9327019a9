import { Injectable } from '@nestjs/common';
import { BLOCKER_PARTIES, BLOCKER_STATUSES, type BlockingItemDto } from '@pairline/contracts';
import { diffFields, DomainError } from '@pairline/domain';
import type { EntityManager } from 'typeorm';
import { AuditTrail, authorOf } from '../audit/audit.service';
import { tenantOf, type Actor } from '../auth/actor';
import { Clock } from '../calendar/calendar.module';
import { JourneyViews } from '../journeys/journey-views';
import { Db } from '../database/db.service';
import { entityColumns, findPage } from '../listing/find-page';
import { ListQuery, ListSpec, Page } from '../listing/list-query';
import { assertMembers } from '../members/member-check';
import { staleVersion } from '../organisations/organisations.service';
import { BlockingItemEntity } from './blocking-item.entity';
import type { BlockingItemBody, UpdateBlockingItemBody } from './blocking-items.dto';

export const BLOCKING_ITEM_LIST: ListSpec<'id' | 'journeyId' | 'stageKey' | 'status' | 'owedBy' | 'ownerUserId' | 'raisedOn' | 'dueOn'> = {
  resource: 'blocking-items',
  fields: { id: 'b.id', journeyId: 'b.journey_id', stageKey: 'b.stage_key', status: 'b.status', owedBy: 'b.owed_by', ownerUserId: 'b.owner_user_id', raisedOn: 'b.raised_on', dueOn: 'b.due_on' },
  sortable: ['raisedOn', 'dueOn', 'status', 'owedBy'],
  filterable: { id: 'uuid', journeyId: 'uuid', stageKey: 'text', status: { oneOf: BLOCKER_STATUSES }, owedBy: { oneOf: BLOCKER_PARTIES }, ownerUserId: 'uuid' },
  searchable: [],
  defaultSort: { field: 'raisedOn', order: 'DESC' },
  tieBreaker: 'b.id',
};

export const toBlockingItemDto = (b: BlockingItemEntity): BlockingItemDto => ({
  id: b.id,
  journeyId: b.journeyId,
  stageKey: b.stageKey,
  title: b.title,
  description: b.description,
  owedBy: b.owedBy,
  raisedOn: b.raisedOn,
  dueOn: b.dueOn,
  status: b.status,
  resolvedOn: b.resolvedOn,
  ownerUserId: b.ownerUserId,
  createdAt: b.createdAt.toISOString(),
  version: b.version,
});

const audited = (b: Omit<BlockingItemDto, 'id' | 'createdAt' | 'version'>) => ({
  journeyId: b.journeyId,
  stageKey: b.stageKey,
  title: b.title,
  description: b.description,
  owedBy: b.owedBy,
  raisedOn: b.raisedOn,
  dueOn: b.dueOn,
  status: b.status,
  resolvedOn: b.resolvedOn,
  ownerUserId: b.ownerUserId,
});

/** Information requests that hold a journey: dated, owed by someone, open until resolved. */
@Injectable()
export class BlockingItemsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    private readonly views: JourneyViews,
  ) {}

  private async load(manager: EntityManager, actor: Actor, id: string): Promise<BlockingItemEntity> {
    const item = await manager.getRepository(BlockingItemEntity).findOneBy({ id, organisationId: actor.organisationId });
    if (!item) throw new DomainError('not_found', 'blocking_item_not_found', 'No such blocking item in this organisation.');
    return item;
  }

  /** The journey must be this organisation's, and the stage one of its stages. */
  private async checkTarget(manager: EntityManager, actor: Actor, body: BlockingItemBody): Promise<void> {
    const stages: { key: string }[] = await manager.query(`SELECT s."key" FROM "journey" j LEFT JOIN "journey_stage" s ON s."journey_id" = j."id" WHERE j."id" = $1 AND j."organisation_id" = $2`, [body.journeyId, actor.organisationId]);
    if (stages.length === 0) throw new DomainError('unprocessable', 'journey_not_found', 'journeyId: no such journey in this organisation.', { field: 'journeyId' });
    if (body.stageKey && !stages.some((s) => s.key === body.stageKey)) throw new DomainError('unprocessable', 'stage_not_found', `stageKey: the journey has no stage "${body.stageKey}".`, { field: 'stageKey' });
    await assertMembers(manager, actor.organisationId, [body.ownerUserId]);
  }

  list(actor: Actor, query: ListQuery): Promise<Page<BlockingItemDto>> {
    return this.db.transaction(async (manager) => {
      const source = { select: entityColumns(manager, BlockingItemEntity, 'b'), from: `"blocking_item" b`, where: `b."organisation_id" = $1`, params: [actor.organisationId] };
      return findPage(manager, source, query, BLOCKING_ITEM_LIST, toBlockingItemDto);
    }, tenantOf(actor));
  }

  get(actor: Actor, id: string): Promise<BlockingItemDto> {
    return this.db.transaction(async (manager) => toBlockingItemDto(await this.load(manager, actor, id)), tenantOf(actor));
  }

  create(actor: Actor, body: BlockingItemBody): Promise<BlockingItemDto> {
    return this.db.transaction(async (manager) => {
      await this.checkTarget(manager, actor, body);
      const raisedOn = body.raisedOn ?? this.clock.today();
      if (raisedOn > this.clock.today()) throw new DomainError('invalid', 'date_in_future', 'raisedOn cannot be in the future.', { field: 'raisedOn' });
      const saved = await manager.getRepository(BlockingItemEntity).save({
        organisationId: actor.organisationId,
        journeyId: body.journeyId,
        stageKey: body.stageKey ?? null,
        title: body.title.trim(),
        description: body.description?.trim() ?? '',
        owedBy: body.owedBy,
        raisedOn,
        dueOn: body.dueOn ?? null,
        status: 'open',
        resolvedOn: null,
        ownerUserId: body.ownerUserId ?? null,
      });
      const dto = toBlockingItemDto(await this.load(manager, actor, saved.id));
      await this.audit.record(manager, authorOf(actor), { action: 'blocking_item.created', entityType: 'blocking_item', entityId: saved.id, changes: diffFields(null, audited(dto)) });
      await this.views.refresh(manager, actor.organisationId, [dto.journeyId]);
      return dto;
    }, tenantOf(actor));
  }

  update(actor: Actor, id: string, body: UpdateBlockingItemBody): Promise<BlockingItemDto> {
    return this.db.transaction(async (manager) => {
      const before = toBlockingItemDto(await this.load(manager, actor, id));
      if (before.version !== body.version) throw staleVersion('blocking item');
      if (body.journeyId !== before.journeyId) throw new DomainError('invalid', 'journey_fixed', 'A blocking item stays on its journey: raise a new one instead.', { field: 'journeyId' });
      await this.checkTarget(manager, actor, body);
      const resolvedOn = body.status === 'resolved' ? (body.resolvedOn ?? before.resolvedOn ?? this.clock.today()) : null;
      const after = {
        journeyId: before.journeyId,
        stageKey: body.stageKey ?? null,
        title: body.title.trim(),
        description: body.description?.trim() ?? '',
        owedBy: body.owedBy,
        raisedOn: body.raisedOn ?? before.raisedOn,
        dueOn: body.dueOn ?? null,
        status: body.status,
        resolvedOn,
        ownerUserId: body.ownerUserId ?? null,
      };
      const changes = diffFields(audited(before), after);
      if (!changes) return before;
      const result = await manager.createQueryBuilder().update(BlockingItemEntity).set({ ...after, version: () => 'version + 1' }).where('id = :id AND version = :version', { id, version: body.version }).execute();
      if (result.affected !== 1) throw staleVersion('blocking item');
      await this.audit.record(manager, authorOf(actor), { action: before.status !== after.status ? `blocking_item.${after.status}` : 'blocking_item.updated', entityType: 'blocking_item', entityId: id, changes });
      await this.views.refresh(manager, actor.organisationId, [before.journeyId]);
      return toBlockingItemDto(await this.load(manager, actor, id));
    }, tenantOf(actor));
  }
}
