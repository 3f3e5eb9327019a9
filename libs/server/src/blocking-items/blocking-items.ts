import { Body, Controller, Get, Injectable, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { BLOCKER_PARTIES, BLOCKER_STATUSES, type BlockerParty, type BlockerStatus, type BlockingItemDto } from '@pairline/contracts';
import { diffFields, DomainError } from '@pairline/domain';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, MinLength } from 'class-validator';
import type { EntityManager } from 'typeorm';
import { AuditTrail, authorOf } from '../audit/audit.service';
import { CurrentActor, tenantOf, type Actor } from '../auth/actor';
import { RequirePermission } from '../auth/decorators';
import { Clock } from '../calendar/calendar.module';
import { JourneyViews } from '../journeys/journey-views';
import { Db } from '../database/db.service';
import { findPage } from '../listing/find-page';
import { ApiList, ListParams } from '../listing/list-params.decorator';
import { ListQuery, ListSpec, Page } from '../listing/list-query';
import { assertMembers } from '../members/member-check';
import { staleVersion } from '../organisations/organisations.service';
import { BlockingItemEntity } from './blocking-item.entity';

const DATE = { strict: true } as const;

export class BlockingItemBody {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  journeyId!: string;

  @ApiPropertyOptional({ nullable: true, description: 'The stage it holds (its forecast moves to the due date)' })
  @IsOptional()
  @Matches(/^[a-z0-9_]{1,60}$/)
  stageKey?: string | null;

  @ApiProperty({ example: 'Penetration-test mitigation report' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiProperty({ enum: BLOCKER_PARTIES, description: 'Who owes the next move' })
  @IsIn(BLOCKER_PARTIES)
  owedBy!: BlockerParty;

  @ApiPropertyOptional({ format: 'date', description: 'Defaults to today' })
  @IsOptional()
  @IsISO8601(DATE)
  raisedOn?: string;

  @ApiPropertyOptional({ format: 'date', nullable: true })
  @IsOptional()
  @IsISO8601(DATE)
  dueOn?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  ownerUserId?: string | null;
}

export class UpdateBlockingItemBody extends BlockingItemBody {
  @ApiProperty({ enum: BLOCKER_STATUSES })
  @IsIn(BLOCKER_STATUSES)
  status!: BlockerStatus;

  @ApiPropertyOptional({ format: 'date', nullable: true, description: 'Defaults to today when resolving' })
  @IsOptional()
  @IsISO8601(DATE)
  resolvedOn?: string | null;

  @ApiProperty()
  @IsInt()
  @Min(1)
  version!: number;
}

export const BLOCKING_ITEM_LIST: ListSpec<'id' | 'journeyId' | 'stageKey' | 'status' | 'owedBy' | 'ownerUserId' | 'raisedOn' | 'dueOn'> = {
  resource: 'blocking-items',
  fields: { id: 'b.id', journeyId: 'b.journey_id', stageKey: 'b.stage_key', status: 'b.status', owedBy: 'b.owed_by', ownerUserId: 'b.owner_user_id', raisedOn: 'b.raised_on', dueOn: 'b.due_on' },
  sortable: ['raisedOn', 'dueOn', 'status', 'owedBy'],
  filterable: ['id', 'journeyId', 'stageKey', 'status', 'owedBy', 'ownerUserId'],
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
      const qb = manager.getRepository(BlockingItemEntity).createQueryBuilder('b').where('b.organisation_id = :org', { org: actor.organisationId });
      return (await findPage(qb, query, BLOCKING_ITEM_LIST)).map(toBlockingItemDto);
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

@ApiTags('journeys')
@Controller('blocking-items')
export class BlockingItemsController {
  constructor(private readonly items: BlockingItemsService) {}

  @Get()
  @RequirePermission('journeys.read')
  @ApiList(BLOCKING_ITEM_LIST)
  list(@CurrentActor() actor: Actor, @ListParams(BLOCKING_ITEM_LIST) query: ListQuery): Promise<Page<BlockingItemDto>> {
    return this.items.list(actor, query);
  }

  @Get(':id')
  @RequirePermission('journeys.read')
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<BlockingItemDto> {
    return this.items.get(actor, id);
  }

  @Post()
  @RequirePermission('journeys.write')
  create(@CurrentActor() actor: Actor, @Body() body: BlockingItemBody): Promise<BlockingItemDto> {
    return this.items.create(actor, body);
  }

  @Put(':id')
  @RequirePermission('journeys.write')
  update(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateBlockingItemBody): Promise<BlockingItemDto> {
    return this.items.update(actor, id, body);
  }
}
