import { Injectable } from '@nestjs/common';
import type { AuditEventDto, JourneyDetailDto, JourneyDto, StageLink } from '@pairline/contracts';
import {
  applyStageAction,
  checkIm1Combination,
  chooseRoute,
  deriveJourneyStatus,
  diffFields,
  DomainError,
  findTemplate,
  instantiateStages,
  JOURNEY_STATUSES,
  latestTemplateFor,
  MECHANISMS,
  parseCivilDate,
  setChecklistItem,
  upgradeStages,
  type Im1Api,
  type JourneyState,
  type StageAction,
  type StageState,
} from '@pairline/domain';
import type { EntityManager } from 'typeorm';
import { AuditEventEntity } from '../audit/audit-event.entity';
import { AuditTrail, authorOf, toAuditDto } from '../audit/audit.service';
import { tenantOf, type Actor } from '../auth/actor';
import { Clock } from '../calendar/calendar.module';
import { Db } from '../database/db.service';
import { findPage } from '../listing/find-page';
import { ListQuery, ListSpec, Page } from '../listing/list-query';
import { assertMembers } from '../members/member-check';
import { staleVersion } from '../organisations/organisations.service';
import { GateOverrideEntity } from './gate-override.entity';
import { JourneyGates } from './journey-gates';
import { JourneyStageEntity } from './journey-stage.entity';
import { journeyListSource, JourneyViews, templateOf, toStageState, type JourneyRow, type StageRow } from './journey-views';
import { JourneyEntity } from './journey.entity';

export const JOURNEY_LIST: ListSpec<'id' | 'productId' | 'productName' | 'mechanismId' | 'providerSupplierId' | 'status' | 'ownerUserId' | 'targetGoLive' | 'createdAt' | 'updatedAt'> = {
  resource: 'journeys',
  fields: {
    id: 'j.id',
    productId: 'j.product_id',
    productName: 'p.name',
    mechanismId: 'j.mechanism_key',
    providerSupplierId: 'j.provider_key',
    status: 'j.status',
    ownerUserId: 'j.owner_user_id',
    targetGoLive: 'j.target_go_live',
    createdAt: 'j.created_at',
    updatedAt: 'j.updated_at',
  },
  sortable: ['productName', 'mechanismId', 'providerSupplierId', 'status', 'targetGoLive', 'createdAt', 'updatedAt'],
  filterable: { id: 'uuid', productId: 'uuid', mechanismId: 'text', providerSupplierId: 'text', status: { oneOf: JOURNEY_STATUSES }, ownerUserId: 'uuid' },
  searchable: ['productName'],
  defaultSort: { field: 'productName', order: 'ASC' },
  tieBreaker: 'j.id',
};

export interface JourneyCreate {
  productId: string;
  mechanismId: string;
  providerSupplierId?: string | null;
  ownerUserId?: string | null;
  targetGoLive?: string | null;
  notes?: string;
}

export interface StagePlanUpdate {
  plannedStart?: string | null;
  plannedEnd?: string | null;
  pinned?: boolean;
  durationWorkingDays?: number;
  slaWorkingDays?: number | null;
  ownerUserId?: string | null;
  route?: string | null;
  links?: StageLink[];
  version: number;
}

const ACTION_VERBS: Record<StageAction, string> = {
  start: 'started',
  complete: 'completed',
  skip: 'skipped',
  reopen: 'reopened',
  wait_nhs_england: 'waiting_on_nhs_england',
  wait_provider: 'waiting_on_provider',
  block: 'blocked',
  resume: 'resumed',
};

/** The stage fields an audit event compares. */
const stageAudit = (s: StageState & { ownerUserId?: string | null; links?: StageLink[] }) => ({
  status: s.status,
  plannedStart: s.plannedStart,
  plannedEnd: s.plannedEnd,
  pinned: s.pinned,
  actualStart: s.actualStart,
  actualEnd: s.actualEnd,
  waitingSince: s.waitingSince,
  durationWorkingDays: s.durationWorkingDays,
  slaWorkingDays: s.slaWorkingDays,
  route: s.route,
  skipReason: s.skipReason,
  checklistDone: s.checklist.filter((i) => i.done).map((i) => i.key),
  ...(s.ownerUserId !== undefined ? { ownerUserId: s.ownerUserId } : {}),
  ...(s.links !== undefined ? { links: s.links } : {}),
});

function assertDate(value: string | null | undefined, field: string): void {
  if (value === null || value === undefined) return;
  try {
    parseCivilDate(value);
  } catch {
    throw new DomainError('invalid', 'invalid_date', `${field} must be a real date as YYYY-MM-DD.`, { field });
  }
}

/** The write side of journeys: every change locks the journey, goes through the engine and is audited. */
@Injectable()
export class JourneysService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly views: JourneyViews,
    private readonly gates: JourneyGates,
    private readonly clock: Clock,
  ) {}

  list(actor: Actor, query: ListQuery): Promise<Page<JourneyDto>> {
    return this.db.transaction(async (manager) => {
      const page = await findPage<JourneyRow, JourneyRow>(manager, journeyListSource(actor.organisationId), query, JOURNEY_LIST, (row) => row);
      return new Page(JOURNEY_LIST.resource, await this.views.list(manager, actor.organisationId, page.items), page.offset, page.total);
    }, tenantOf(actor));
  }

  private async row(manager: EntityManager, actor: Actor, id: string, lock = false): Promise<JourneyRow> {
    // Locking the journey serialises every change to it and its stages (no lost updates).
    if (lock) await manager.query(`SELECT 1 FROM "journey" WHERE "id" = $1 AND "organisation_id" = $2 FOR UPDATE`, [id, actor.organisationId]);
    const row = await this.views.loadRow(manager, actor.organisationId, id);
    if (!row) throw new DomainError('not_found', 'journey_not_found', 'No such journey in this organisation.');
    return row;
  }

  get(actor: Actor, id: string): Promise<JourneyDetailDto> {
    return this.db.transaction(async (manager) => this.views.detail(manager, actor.organisationId, await this.row(manager, actor, id)), tenantOf(actor));
  }

  create(actor: Actor, input: JourneyCreate): Promise<JourneyDetailDto> {
    return this.db.transaction(async (manager) => {
      const mechanism = MECHANISMS.find((m) => m.key === input.mechanismId);
      if (!mechanism) throw new DomainError('invalid', 'unknown_mechanism', `mechanismId must be one of: ${MECHANISMS.map((m) => m.key).join(', ')}.`);
      const provider = input.providerSupplierId ?? null;
      if (mechanism.family === 'im1') {
        if (!provider) throw new DomainError('invalid', 'provider_required', `${mechanism.name} is paired with one provider supplier: choose providerSupplierId.`, { field: 'providerSupplierId' });
        const check = checkIm1Combination(provider as never, mechanism.key as Im1Api);
        if (!check.allowed) throw new DomainError('unprocessable', 'combination_not_offered', check.reason, { field: 'providerSupplierId' });
      } else if (provider) {
        throw new DomainError('invalid', 'provider_not_applicable', `${mechanism.name} is onboarded with NHS England, not with a provider supplier: leave providerSupplierId empty.`, { field: 'providerSupplierId' });
      }
      assertDate(input.targetGoLive, 'targetGoLive');
      const [product] = await manager.query(`SELECT "id" FROM "product" WHERE "id" = $1 AND "organisation_id" = $2`, [input.productId, actor.organisationId]);
      if (!product) throw new DomainError('unprocessable', 'product_not_found', 'productId: no such product in this organisation.', { field: 'productId' });
      await assertMembers(manager, actor.organisationId, [input.ownerUserId]);
      const template = latestTemplateFor(mechanism.key);
      const journey = await manager.getRepository(JourneyEntity).save({
        organisationId: actor.organisationId,
        productId: input.productId,
        mechanismKey: mechanism.key,
        providerKey: provider as JourneyEntity['providerKey'],
        templateKey: template.key,
        templateVersion: template.version,
        ownerUserId: input.ownerUserId ?? null,
        targetGoLive: input.targetGoLive ?? null,
        status: 'not_started',
        notes: input.notes?.trim() ?? '',
        withdrawnReason: null,
      });
      await manager.getRepository(JourneyStageEntity).insert(
        instantiateStages(template).map((stage, position) => ({ ...stage, checklist: [...stage.checklist], organisationId: actor.organisationId, journeyId: journey.id, position, ownerUserId: null, links: [] })),
      );
      await this.audit.record(manager, authorOf(actor), {
        action: 'journey.created',
        entityType: 'journey',
        entityId: journey.id,
        changes: diffFields(null, { productId: input.productId, mechanism: mechanism.key, provider, template: `${template.key} v${template.version}`, ownerUserId: journey.ownerUserId, targetGoLive: journey.targetGoLive, notes: journey.notes }),
      });
      await this.views.refresh(manager, actor.organisationId, [journey.id]);
      return this.views.detail(manager, actor.organisationId, await this.row(manager, actor, journey.id));
    }, tenantOf(actor));
  }

  update(actor: Actor, id: string, input: { ownerUserId?: string | null; targetGoLive?: string | null; notes?: string; version: number }): Promise<JourneyDetailDto> {
    return this.db.transaction(async (manager) => {
      const row = await this.row(manager, actor, id, true);
      if (row.version !== input.version) throw staleVersion('journey');
      assertDate(input.targetGoLive, 'targetGoLive');
      const before = { ownerUserId: row.owner_user_id, targetGoLive: row.target_go_live, notes: row.notes };
      const after = {
        ownerUserId: input.ownerUserId === undefined ? before.ownerUserId : input.ownerUserId,
        targetGoLive: input.targetGoLive === undefined ? before.targetGoLive : input.targetGoLive,
        notes: input.notes === undefined ? before.notes : input.notes.trim(),
      };
      const changes = diffFields(before, after);
      if (changes) {
        await assertMembers(manager, actor.organisationId, [after.ownerUserId]);
        await this.bump(manager, id, { ownerUserId: after.ownerUserId, targetGoLive: after.targetGoLive, notes: after.notes });
        await this.audit.record(manager, authorOf(actor), { action: 'journey.updated', entityType: 'journey', entityId: id, changes });
      }
      return this.views.detail(manager, actor.organisationId, await this.row(manager, actor, id));
    }, tenantOf(actor));
  }

  /** Saves journey-level fields and moves its version on, so an edit form loaded earlier goes stale. */
  private async bump(manager: EntityManager, id: string, values: Partial<Pick<JourneyEntity, 'ownerUserId' | 'targetGoLive' | 'notes' | 'status' | 'withdrawnReason' | 'templateVersion'>>): Promise<void> {
    await manager.createQueryBuilder().update(JourneyEntity).set({ ...values, version: () => 'version + 1' }).where('id = :id', { id }).execute();
  }

  withdraw(actor: Actor, id: string, reason: string, version: number): Promise<JourneyDetailDto> {
    return this.db.transaction(async (manager) => {
      const row = await this.row(manager, actor, id, true);
      if (row.version !== version) throw staleVersion('journey');
      if (row.status === 'withdrawn') throw new DomainError('unprocessable', 'journey_withdrawn', 'This journey is already withdrawn.');
      const why = reason.trim();
      if (!why) throw new DomainError('invalid', 'reason_required', 'Say why the journey is withdrawn.', { field: 'reason' });
      await this.bump(manager, id, { status: 'withdrawn', withdrawnReason: why });
      await this.audit.record(manager, authorOf(actor), { action: 'journey.withdrawn', entityType: 'journey', entityId: id, changes: { status: { before: row.status, after: 'withdrawn' }, reason: { after: why } } });
      await this.views.refresh(manager, actor.organisationId, [id]);
      return this.views.detail(manager, actor.organisationId, await this.row(manager, actor, id));
    }, tenantOf(actor));
  }

  reinstate(actor: Actor, id: string, version: number): Promise<JourneyDetailDto> {
    return this.db.transaction(async (manager) => {
      const row = await this.row(manager, actor, id, true);
      if (row.version !== version) throw staleVersion('journey');
      if (row.status !== 'withdrawn') throw new DomainError('unprocessable', 'journey_not_withdrawn', 'This journey is not withdrawn.');
      const stages = await this.stages(manager, id);
      const status = deriveJourneyStatus(templateOf(row), { withdrawn: false, stages: stages.map(toStageState) });
      // The active-combination index refuses this if another journey took the slot meanwhile.
      await this.bump(manager, id, { status, withdrawnReason: null });
      await this.audit.record(manager, authorOf(actor), { action: 'journey.reinstated', entityType: 'journey', entityId: id, changes: { status: { before: 'withdrawn', after: status } } });
      await this.views.refresh(manager, actor.organisationId, [id]);
      return this.views.detail(manager, actor.organisationId, await this.row(manager, actor, id));
    }, tenantOf(actor));
  }

  private stages(manager: EntityManager, journeyId: string): Promise<StageRow[]> {
    return manager.query(
      `SELECT "id", "journey_id", "key", "name", "status", "planned_start", "planned_end", "pinned", "actual_start", "actual_end", "waiting_since", "duration_working_days",
              "sla_working_days", "route", "skip_reason", "owner_user_id", "checklist", "links", "version"
         FROM "journey_stage" WHERE "journey_id" = $1 ORDER BY "position"`,
      [journeyId],
    );
  }

  private async state(manager: EntityManager, row: JourneyRow): Promise<{ stages: StageRow[]; state: JourneyState }> {
    const stages = await this.stages(manager, row.id);
    const blockers: { stage_key: string | null; title: string }[] = await manager.query(`SELECT "stage_key", "title" FROM "blocking_item" WHERE "journey_id" = $1 AND "status" = 'open'`, [row.id]);
    return { stages, state: { withdrawn: row.status === 'withdrawn', stages: stages.map(toStageState), openBlockers: blockers.map((b) => ({ stageKey: b.stage_key, title: b.title })) } };
  }

  private async saveStage(manager: EntityManager, stageRow: StageRow, next: StageState & { ownerUserId?: string | null; links?: StageLink[] }, expectedVersion: number): Promise<void> {
    const result = await manager
      .createQueryBuilder()
      .update(JourneyStageEntity)
      .set({
        name: next.name,
        status: next.status,
        plannedStart: next.plannedStart,
        plannedEnd: next.plannedEnd,
        pinned: next.pinned,
        actualStart: next.actualStart,
        actualEnd: next.actualEnd,
        waitingSince: next.waitingSince,
        durationWorkingDays: next.durationWorkingDays,
        slaWorkingDays: next.slaWorkingDays,
        route: next.route,
        skipReason: next.skipReason,
        checklist: [...next.checklist],
        ...(next.ownerUserId !== undefined ? { ownerUserId: next.ownerUserId } : {}),
        ...(next.links !== undefined ? { links: [...next.links] } : {}),
        version: () => 'version + 1',
      })
      .where('id = :id AND version = :version', { id: stageRow.id, version: expectedVersion })
      .execute();
    if (result.affected !== 1) throw staleVersion('stage');
  }

  stageAction(actor: Actor, id: string, key: string, action: StageAction, input: { on?: string; reason?: string; override?: { justification: string } }): Promise<JourneyDetailDto> {
    return this.db.transaction(async (manager) => {
      const row = await this.row(manager, actor, id, true);
      const template = templateOf(row);
      const { stages, state } = await this.state(manager, row);
      const today = this.clock.today();
      assertDate(input.on, 'on');
      const facts = await this.gates.facts(manager, id, actor.organisationId);
      const result = applyStageAction(state, template, key, { action, on: input.on ?? today, today, reason: input.reason ?? null, override: input.override ?? null }, this.gates.registry, facts);
      const stageRow = stages.find((s) => s.key === key)!;
      const author = authorOf(actor);
      if (result.overridden.length > 0) {
        if (!actor.permissions.includes('journeys.override_gate')) {
          throw new DomainError('forbidden', 'override_not_allowed', 'Only an organisation admin may override a gate.', { unmet: result.overridden });
        }
        const justification = input.override!.justification.trim();
        const saved = await manager.getRepository(GateOverrideEntity).save({ organisationId: actor.organisationId, journeyId: id, stageKey: key, action: action as 'start' | 'complete', unmet: result.overridden, justification, userId: actor.userId });
        await this.audit.record(manager, author, {
          action: 'journey.gate_overridden',
          entityType: 'gate_override',
          entityId: saved.id,
          changes: { journeyId: { after: id }, stage: { after: key }, action: { after: action }, unmet: { after: result.overridden.map((u) => u.message) }, justification: { after: justification } },
        });
      }
      await this.saveStage(manager, stageRow, result.stage, stageRow.version ?? 1);
      await this.audit.record(manager, author, { action: `journey.stage_${ACTION_VERBS[action]}`, entityType: 'journey_stage', entityId: stageRow.id, changes: { journeyId: { after: id }, stage: { after: key }, ...diffFields(stageAudit(toStageState(stageRow)), stageAudit(result.stage)) } });
      await this.recordStatus(manager, actor, row, result.stages);
      await this.views.refresh(manager, actor.organisationId, [id]);
      return this.views.detail(manager, actor.organisationId, await this.row(manager, actor, id));
    }, tenantOf(actor));
  }

  private async recordStatus(manager: EntityManager, actor: Actor, row: JourneyRow, stages: readonly StageState[]): Promise<void> {
    const status = deriveJourneyStatus(templateOf(row), { withdrawn: row.status === 'withdrawn', stages });
    await this.bump(manager, row.id, status !== row.status ? { status } : {});
    if (status !== row.status) {
      await this.audit.record(manager, authorOf(actor), { action: 'journey.status_changed', entityType: 'journey', entityId: row.id, changes: { status: { before: row.status, after: status } } });
    }
  }

  updateStage(actor: Actor, id: string, key: string, input: StagePlanUpdate): Promise<JourneyDetailDto> {
    return this.db.transaction(async (manager) => {
      const row = await this.row(manager, actor, id, true);
      if (row.status === 'withdrawn') throw new DomainError('unprocessable', 'journey_withdrawn', 'This journey is withdrawn: reinstate it before changing its stages.');
      const template = templateOf(row);
      const { stages } = await this.state(manager, row);
      const stageRow = stages.find((s) => s.key === key);
      if (!stageRow) throw new DomainError('not_found', 'stage_not_found', `This journey has no stage "${key}".`);
      if (stageRow.version !== input.version) throw staleVersion('stage');
      assertDate(input.plannedStart, 'plannedStart');
      assertDate(input.plannedEnd, 'plannedEnd');
      const current = { ...toStageState(stageRow), ownerUserId: stageRow.owner_user_id ?? null, links: stageRow.links ?? [] };
      let next = {
        ...current,
        plannedStart: input.plannedStart === undefined ? current.plannedStart : input.plannedStart,
        plannedEnd: input.plannedEnd === undefined ? current.plannedEnd : input.plannedEnd,
        pinned: input.pinned ?? current.pinned,
        durationWorkingDays: input.durationWorkingDays ?? current.durationWorkingDays,
        slaWorkingDays: input.slaWorkingDays === undefined ? current.slaWorkingDays : input.slaWorkingDays,
        ownerUserId: input.ownerUserId === undefined ? current.ownerUserId : input.ownerUserId,
        links: input.links ?? current.links,
      };
      if (next.plannedStart && next.plannedEnd && next.plannedStart > next.plannedEnd) throw new DomainError('invalid', 'planned_dates_reversed', 'plannedStart cannot be after plannedEnd.', { field: 'plannedStart' });
      if (next.pinned && !next.plannedStart && !next.plannedEnd) throw new DomainError('invalid', 'nothing_to_pin', 'Set a planned start or end before pinning the dates.', { field: 'pinned' });
      if (input.route !== undefined && input.route !== current.route) next = { ...next, route: chooseRoute(template, current, input.route).route };
      const changes = diffFields(stageAudit(current), stageAudit(next));
      if (changes) {
        await assertMembers(manager, actor.organisationId, [next.ownerUserId]);
        await this.saveStage(manager, stageRow, next, input.version);
        await this.bump(manager, id, {});
        await this.audit.record(manager, authorOf(actor), { action: 'journey.stage_updated', entityType: 'journey_stage', entityId: stageRow.id, changes: { journeyId: { after: id }, stage: { after: key }, ...changes } });
        await this.views.refresh(manager, actor.organisationId, [id]);
      }
      return this.views.detail(manager, actor.organisationId, await this.row(manager, actor, id));
    }, tenantOf(actor));
  }

  setChecklist(actor: Actor, id: string, key: string, itemKey: string, done: boolean): Promise<JourneyDetailDto> {
    return this.db.transaction(async (manager) => {
      const row = await this.row(manager, actor, id, true);
      if (row.status === 'withdrawn') throw new DomainError('unprocessable', 'journey_withdrawn', 'This journey is withdrawn: reinstate it before changing its stages.');
      const { stages } = await this.state(manager, row);
      const stageRow = stages.find((s) => s.key === key);
      if (!stageRow) throw new DomainError('not_found', 'stage_not_found', `This journey has no stage "${key}".`);
      const current = toStageState(stageRow);
      const next = setChecklistItem(current, itemKey, done, this.clock.today());
      const item = next.checklist.find((i) => i.key === itemKey)!;
      if (current.checklist.find((i) => i.key === itemKey)!.done !== done) {
        await this.saveStage(manager, stageRow, next, stageRow.version ?? 1);
        await this.bump(manager, id, {});
        await this.audit.record(manager, authorOf(actor), {
          action: done ? 'journey.checklist_ticked' : 'journey.checklist_unticked',
          entityType: 'journey_stage',
          entityId: stageRow.id,
          changes: { journeyId: { after: id }, stage: { after: key }, item: { after: item.label }, done: { before: !done, after: done } },
        });
      }
      return this.views.detail(manager, actor.organisationId, await this.row(manager, actor, id));
    }, tenantOf(actor));
  }

  applyTemplate(actor: Actor, id: string, templateVersion: number, version: number): Promise<JourneyDetailDto> {
    return this.db.transaction(async (manager) => {
      const row = await this.row(manager, actor, id, true);
      if (row.version !== version) throw staleVersion('journey');
      if (templateVersion <= row.template_version) throw new DomainError('unprocessable', 'template_not_newer', `The journey already uses ${row.template_key} v${row.template_version}; choose a newer version.`);
      const target = findTemplate(row.template_key, templateVersion);
      if (!target) throw new DomainError('unprocessable', 'template_not_found', `There is no ${row.template_key} v${templateVersion}.`);
      const stages = await this.stages(manager, id);
      const upgrade = upgradeStages(stages.map(toStageState), target);
      const byKey = new Map(stages.map((s) => [s.key, s]));
      const repo = manager.getRepository(JourneyStageEntity);
      if (upgrade.removed.length) await repo.createQueryBuilder().delete().where('journey_id = :id AND key IN (:...keys)', { id, keys: upgrade.removed }).execute();
      for (const [position, stage] of upgrade.stages.entries()) {
        const existing = byKey.get(stage.key);
        if (existing) await repo.createQueryBuilder().update().set({ position, name: stage.name, route: stage.route, checklist: [...stage.checklist], version: () => 'version + 1' }).where('id = :id', { id: existing.id }).execute();
        else await repo.insert({ ...stage, checklist: [...stage.checklist], organisationId: actor.organisationId, journeyId: id, position, ownerUserId: null, links: [] });
      }
      const status = row.status === 'withdrawn' ? 'withdrawn' : deriveJourneyStatus(target, { withdrawn: false, stages: upgrade.stages });
      await this.bump(manager, id, { templateVersion, status });
      await this.audit.record(manager, authorOf(actor), {
        action: 'journey.template_applied',
        entityType: 'journey',
        entityId: id,
        changes: { template: { before: `${row.template_key} v${row.template_version}`, after: `${target.key} v${target.version}` }, stagesAdded: { after: upgrade.added }, stagesRemoved: { after: upgrade.removed } },
      });
      await this.views.refresh(manager, actor.organisationId, [id]);
      return this.views.detail(manager, actor.organisationId, await this.row(manager, actor, id));
    }, tenantOf(actor));
  }

  /** The journey's history: audit events about it, its stages, blocking items and gate overrides, newest first. */
  history(actor: Actor, id: string): Promise<AuditEventDto[]> {
    return this.db.transaction(async (manager) => {
      await this.row(manager, actor, id);
      const events = await manager
        .getRepository(AuditEventEntity)
        .createQueryBuilder('e')
        .where('e.organisation_id = :org', { org: actor.organisationId })
        .andWhere(
          `(e.entity_id = :id OR e.entity_id IN (SELECT s.id::text FROM journey_stage s WHERE s.journey_id = :uuid) OR e.entity_id IN (SELECT b.id::text FROM blocking_item b WHERE b.journey_id = :uuid) OR e.entity_id IN (SELECT o.id::text FROM gate_override o WHERE o.journey_id = :uuid))`,
          { id, uuid: id },
        )
        .orderBy('e.seq', 'DESC')
        .limit(500)
        .getMany();
      return events.map(toAuditDto);
    }, tenantOf(actor));
  }
}
