import { Injectable } from '@nestjs/common';
import type { BlockingItemDto, ChangeFreezeDto, GateOverrideDto, JourneyDetailDto, JourneyDto, StageDto, StageLink } from '@pairline/contracts';
import {
  checkIm1Combination,
  findProviderSupplier,
  findTemplate,
  journeyOutlook,
  latestVersionOf,
  MECHANISMS,
  stageReadiness,
  statusColour,
  WorkingDayCalendar,
  type ChangeFreeze,
  type ChecklistItem,
  type Im1Api,
  type JourneyOutlook,
  type JourneyState,
  type JourneyTemplate,
  type MechanismKey,
  type OpenBlocker,
  type ProviderSupplierKey,
  type StageState,
  type StatusThresholds,
} from '@pairline/domain';
import type { EntityManager } from 'typeorm';
import { Clock } from '../calendar/calendar.module';
import { JourneyChanges } from './journey-changes';
import { JourneyGates } from './journey-gates';

/** A journey row as the read queries return it (snake_case from SQL). */
export interface JourneyRow {
  id: string;
  product_id: string;
  product_name: string;
  mechanism_key: MechanismKey;
  provider_key: ProviderSupplierKey | null;
  template_key: string;
  template_version: number;
  owner_user_id: string | null;
  owner_name: string | null;
  target_go_live: string | null;
  status: JourneyDto['status'];
  notes: string;
  withdrawn_reason: string | null;
  current_stage_key: string | null;
  forecast_go_live: string | null;
  outlook_as_of: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

interface StageRow {
  id: string;
  journey_id: string;
  key: string;
  name: string;
  status: StageState['status'];
  planned_start: string | null;
  planned_end: string | null;
  pinned: boolean;
  actual_start: string | null;
  actual_end: string | null;
  waiting_since: string | null;
  duration_working_days: number;
  sla_working_days: number | null;
  route: string | null;
  skip_reason: string | null;
  owner_user_id?: string | null;
  owner_name?: string | null;
  checklist?: ChecklistItem[];
  links?: StageLink[];
  version?: number;
}

interface BlockerRow {
  id: string;
  journey_id: string;
  stage_key: string | null;
  title: string;
  description: string;
  owed_by: BlockingItemDto['owedBy'];
  raised_on: string;
  due_on: string | null;
  status: BlockingItemDto['status'];
  resolved_on: string | null;
  owner_user_id: string | null;
  created_at: Date;
  version: number;
}

interface FreezeRow {
  id: string;
  provider_key: ProviderSupplierKey | null;
  starts_on: string;
  ends_on: string;
  reason: string;
  created_at: Date;
  version: number;
}

/** What working out (or reading back) a journey's outlook needs of its row. */
export type OutlookRow = Pick<JourneyRow, 'id' | 'template_key' | 'template_version' | 'status' | 'provider_key' | 'target_go_live' | 'current_stage_key' | 'forecast_go_live' | 'outlook_as_of'>;

const JOURNEY_COLUMNS = `j."id", j."product_id", p."name" AS "product_name", j."mechanism_key", j."provider_key", j."template_key", j."template_version",
  j."owner_user_id", u."name" AS "owner_name", j."target_go_live", j."status", j."notes", j."withdrawn_reason",
  j."current_stage_key", j."forecast_go_live", j."outlook_as_of", j."created_at", j."updated_at", j."version"`;
const JOURNEY_FROM = `"journey" j JOIN "product" p ON p."id" = j."product_id" LEFT JOIN "app_user" u ON u."id" = j."owner_user_id"`;
export const JOURNEY_SELECT = `SELECT ${JOURNEY_COLUMNS} FROM ${JOURNEY_FROM}`;

/** The journey list's rows, for the shared list dialect (`findPage`), scoped to one organisation. */
export const journeyListSource = (organisationId: string) => ({ select: JOURNEY_COLUMNS, from: JOURNEY_FROM, where: `j."organisation_id" = $1`, params: [organisationId] });

const STAGE_COLUMNS = `s."id", s."journey_id", s."key", s."name", s."status", s."planned_start", s."planned_end", s."pinned", s."actual_start", s."actual_end", s."waiting_since",
  s."duration_working_days", s."sla_working_days", s."route", s."skip_reason"`;

export const toStageState = (row: StageRow): StageState => ({
  key: row.key,
  name: row.name,
  status: row.status,
  plannedStart: row.planned_start,
  plannedEnd: row.planned_end,
  pinned: row.pinned,
  actualStart: row.actual_start,
  actualEnd: row.actual_end,
  waitingSince: row.waiting_since,
  durationWorkingDays: row.duration_working_days,
  slaWorkingDays: row.sla_working_days,
  route: row.route,
  skipReason: row.skip_reason,
  checklist: row.checklist ?? [],
});

const toBlockerDto = (b: BlockerRow): BlockingItemDto => ({
  id: b.id,
  journeyId: b.journey_id,
  stageKey: b.stage_key,
  title: b.title,
  description: b.description,
  owedBy: b.owed_by,
  raisedOn: b.raised_on,
  dueOn: b.due_on,
  status: b.status,
  resolvedOn: b.resolved_on,
  ownerUserId: b.owner_user_id,
  createdAt: b.created_at.toISOString(),
  version: b.version,
});

const toFreezeDto = (f: FreezeRow): ChangeFreezeDto => ({
  id: f.id,
  providerSupplierId: f.provider_key,
  startsOn: f.starts_on,
  endsOn: f.ends_on,
  reason: f.reason,
  createdAt: f.created_at.toISOString(),
  version: f.version,
});

export function templateOf(row: Pick<JourneyRow, 'template_key' | 'template_version'>): JourneyTemplate {
  const template = findTemplate(row.template_key, row.template_version);
  // Templates are never removed from code once a journey may use them.
  if (!template) throw new Error(`journey template ${row.template_key} v${row.template_version} is missing`);
  return template;
}

/** The part of an outlook lists show (the colour follows from it, the target and the thresholds). */
export interface OutlookSummary {
  currentStageKey: string;
  forecastGoLive: string | null;
}

/** What the organisation and the day give every outlook: thresholds, freezes, the calendar. */
export interface OutlookSetting {
  today: string;
  thresholds: StatusThresholds;
  freezes: FreezeRow[];
}

/**
 * The read side of journeys: loads rows in a fixed number of queries whatever the number of
 * journeys, and turns them into DTOs with their outlook (status colour, forecast, SLA clocks).
 */
@Injectable()
export class JourneyViews {
  constructor(
    private readonly calendar: WorkingDayCalendar,
    private readonly clock: Clock,
    private readonly gates: JourneyGates,
    private readonly changes: JourneyChanges,
  ) {}

  async setting(manager: EntityManager, organisationId: string): Promise<OutlookSetting> {
    const today = this.clock.today();
    // Sequential on purpose: a transaction is one connection, which runs one statement at a time.
    const [organisation] = await manager.query(`SELECT "at_risk_within_working_days", "late_after_working_days" FROM "organisation" WHERE "id" = $1`, [organisationId]);
    const freezes: FreezeRow[] = await manager.query(`SELECT "id", "provider_key", "starts_on", "ends_on", "reason", "created_at", "version" FROM "change_freeze" WHERE "organisation_id" = $1 AND "ends_on" >= $2 ORDER BY "starts_on", "id"`, [organisationId, today]);
    return {
      today,
      thresholds: { atRiskWithinWorkingDays: organisation.at_risk_within_working_days, lateAfterWorkingDays: organisation.late_after_working_days },
      freezes,
    };
  }

  /** Stages (without checklists unless asked) and open blockers of the given journeys, or of all when `journeyIds` is null. */
  async stagesAndBlockers(manager: EntityManager, organisationId: string, journeyIds: string[] | null, full = false) {
    const scope = journeyIds ? `AND s."journey_id" = ANY($2::uuid[])` : '';
    const params = journeyIds ? [organisationId, journeyIds] : [organisationId];
    const stages: StageRow[] = await manager.query(
        `SELECT ${STAGE_COLUMNS}${full ? `, s."owner_user_id", u."name" AS "owner_name", s."checklist", s."links", s."version"` : ''}
           FROM "journey_stage" s ${full ? 'LEFT JOIN "app_user" u ON u."id" = s."owner_user_id"' : ''}
          WHERE s."organisation_id" = $1 ${scope} ORDER BY s."journey_id", s."position"`,
        params,
      );
    const blockers: BlockerRow[] = await manager.query(
        `SELECT s."id", s."journey_id", s."stage_key", s."title", s."description", s."owed_by", s."raised_on", s."due_on", s."status", s."resolved_on", s."owner_user_id", s."created_at", s."version"
           FROM "blocking_item" s WHERE s."organisation_id" = $1 ${scope} ${full ? '' : `AND s."status" = 'open'`} ORDER BY s."raised_on", s."id"`,
        params,
      );
    const stagesBy = new Map<string, StageRow[]>();
    for (const s of stages) (stagesBy.get(s.journey_id) ?? stagesBy.set(s.journey_id, []).get(s.journey_id)!).push(s);
    const blockersBy = new Map<string, BlockerRow[]>();
    for (const b of blockers) (blockersBy.get(b.journey_id) ?? blockersBy.set(b.journey_id, []).get(b.journey_id)!).push(b);
    return { stagesBy, blockersBy };
  }

  outlook(row: OutlookRow, stages: StageRow[], blockers: BlockerRow[], setting: OutlookSetting): JourneyOutlook {
    const freezes: ChangeFreeze[] = setting.freezes.filter((f) => f.provider_key === null || f.provider_key === row.provider_key).map((f) => ({ from: f.starts_on, to: f.ends_on }));
    const open: OpenBlocker[] = blockers.filter((b) => b.status === 'open' && b.stage_key && b.due_on).map((b) => ({ stageKey: b.stage_key!, dueDate: b.due_on! }));
    return journeyOutlook(templateOf(row), { withdrawn: row.status === 'withdrawn', stages: stages.map(toStageState) }, {
      today: setting.today,
      calendar: this.calendar,
      thresholds: setting.thresholds,
      targetGoLive: row.target_go_live,
      freezes,
      blockers: open,
    });
  }

  /** The list view of a journey, from its outlook summary; the colour is worked out here from the thresholds. */
  toDto(row: JourneyRow, outlook: OutlookSummary, thresholds: StatusThresholds): JourneyDto {
    const template = templateOf(row);
    const mechanism = MECHANISMS.find((m) => m.key === row.mechanism_key)!;
    const provider = row.provider_key ? findProviderSupplier(row.provider_key) : undefined;
    const combination = row.provider_key && mechanism.family === 'im1' ? checkIm1Combination(row.provider_key, row.mechanism_key as Im1Api) : null;
    return {
      id: row.id,
      productId: row.product_id,
      productName: row.product_name,
      mechanismId: row.mechanism_key,
      mechanismName: mechanism.name,
      providerSupplierId: row.provider_key,
      providerName: provider ? `${provider.name} (${provider.systemName})` : null,
      templateKey: row.template_key,
      templateVersion: row.template_version,
      latestTemplateVersion: latestVersionOf(row.template_key)?.version ?? row.template_version,
      ownerUserId: row.owner_user_id,
      ownerName: row.owner_name,
      targetGoLive: row.target_go_live,
      status: row.status,
      statusColour: row.status === 'live' || row.status === 'withdrawn' ? null : statusColour(outlook.forecastGoLive, row.target_go_live, thresholds, this.calendar),
      currentStageKey: outlook.currentStageKey,
      currentStageName: template.stages.find((s) => s.key === outlook.currentStageKey)?.name ?? outlook.currentStageKey,
      forecastGoLive: outlook.forecastGoLive,
      notes: row.notes,
      withdrawnReason: row.withdrawn_reason,
      warning: combination?.allowed && combination.warning ? combination.warning : null,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      version: row.version,
    };
  }

  /**
   * Current stage and forecast go-live of each row: the stored outlook when it was computed today,
   * else computed now from the stages (two more queries, whatever the number of stale rows) and
   * stored when no one else in the organisation is storing them at the same moment.
   */
  async summaries(manager: EntityManager, organisationId: string, rows: readonly OutlookRow[], setting: OutlookSetting): Promise<Map<string, OutlookSummary>> {
    const summaries = new Map<string, OutlookSummary>();
    const stale: OutlookRow[] = [];
    for (const row of rows) {
      if (row.outlook_as_of === setting.today && row.current_stage_key) summaries.set(row.id, { currentStageKey: row.current_stage_key, forecastGoLive: row.forecast_go_live });
      else stale.push(row);
    }
    if (stale.length === 0) return summaries;
    const computed = await this.compute(manager, organisationId, stale, setting);
    for (const [id, outlook] of computed) summaries.set(id, outlook);
    // Readers store what they computed only under the organisation's outlook lock, taken without
    // waiting: concurrent readers never queue behind each other or deadlock over the same rows.
    const [{ locked }] = await manager.query(`SELECT pg_try_advisory_xact_lock(hashtextextended('outlook:' || $1, 0)) AS "locked"`, [organisationId]);
    if (locked) await this.store(manager, organisationId, computed, setting.today);
    return summaries;
  }

  private async compute(manager: EntityManager, organisationId: string, rows: readonly OutlookRow[], setting: OutlookSetting): Promise<Map<string, OutlookSummary>> {
    const { stagesBy, blockersBy } = await this.stagesAndBlockers(manager, organisationId, rows.length > 200 ? null : rows.map((r) => r.id));
    return new Map(
      rows.map((row) => {
        const outlook = this.outlook(row, stagesBy.get(row.id) ?? [], blockersBy.get(row.id) ?? [], setting);
        return [row.id, { currentStageKey: outlook.currentStageKey, forecastGoLive: outlook.forecastGoLive }];
      }),
    );
  }

  /**
   * Stores today's outlooks on the journeys and as the day's forecast snapshot (the last write of
   * the day wins), which the timeline's forecast drift is charted from.
   */
  private async store(manager: EntityManager, organisationId: string, outlooks: Map<string, OutlookSummary>, today: string): Promise<void> {
    if (outlooks.size === 0) return;
    const ids = [...outlooks.keys()].sort();
    const params = [ids, ids.map((id) => outlooks.get(id)!.currentStageKey), ids.map((id) => outlooks.get(id)!.forecastGoLive), today];
    await manager.query(
      `UPDATE "journey" j SET "current_stage_key" = o."stage", "forecast_go_live" = o."forecast", "outlook_as_of" = $4
         FROM unnest($1::uuid[], $2::text[], $3::date[]) AS o("id", "stage", "forecast") WHERE j."id" = o."id"`,
      params,
    );
    await manager.query(
      `INSERT INTO "journey_forecast_snapshot" ("journey_id", "as_of", "organisation_id", "current_stage_key", "forecast_go_live")
       SELECT o."id", $4, $5, o."stage", o."forecast" FROM unnest($1::uuid[], $2::text[], $3::date[]) AS o("id", "stage", "forecast")
       ON CONFLICT ("journey_id", "as_of") DO UPDATE SET "current_stage_key" = EXCLUDED."current_stage_key", "forecast_go_live" = EXCLUDED."forecast_go_live"`,
      [...params, organisationId],
    );
  }

  /**
   * Recomputes and stores the outlook of the given journeys (all of the organisation's when null)
   * after a change that can move it. Waits for the organisation's outlook lock, so it never
   * interleaves with a reader storing the same rows.
   */
  async refresh(manager: EntityManager, organisationId: string, journeyIds: string[] | null): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('outlook:' || $1, 0))`, [organisationId]);
    const rows: JourneyRow[] = journeyIds
      ? await manager.query(`${JOURNEY_SELECT} WHERE j."organisation_id" = $1 AND j."id" = ANY($2::uuid[])`, [organisationId, journeyIds])
      : await manager.query(`${JOURNEY_SELECT} WHERE j."organisation_id" = $1`, [organisationId]);
    // Every write that can move a journey's dates comes through here: reminders re-plan with it.
    await this.changes.changed(manager, organisationId, journeyIds);
    if (rows.length === 0) return;
    const setting = await this.setting(manager, organisationId);
    await this.store(manager, organisationId, await this.compute(manager, organisationId, rows, setting), setting.today);
  }

  /** DTOs for a page of journey rows, in a fixed number of queries whatever the page size. */
  async list(manager: EntityManager, organisationId: string, rows: JourneyRow[]): Promise<JourneyDto[]> {
    if (rows.length === 0) return [];
    const setting = await this.setting(manager, organisationId);
    const summaries = await this.summaries(manager, organisationId, rows, setting);
    return rows.map((row) => this.toDto(row, summaries.get(row.id)!, setting.thresholds));
  }

  async loadRow(manager: EntityManager, organisationId: string, id: string): Promise<JourneyRow | undefined> {
    const [row] = await manager.query(`${JOURNEY_SELECT} WHERE j."organisation_id" = $1 AND j."id" = $2`, [organisationId, id]);
    return row;
  }

  async detail(manager: EntityManager, organisationId: string, row: JourneyRow): Promise<JourneyDetailDto> {
    const setting = await this.setting(manager, organisationId);
    const { stagesBy, blockersBy } = await this.stagesAndBlockers(manager, organisationId, [row.id], true);
    const overrides = await manager.query(
        `SELECT o."id", o."stage_key", o."action", o."unmet", o."justification", o."user_id", u."name" AS "user_name", o."created_at"
           FROM "gate_override" o JOIN "app_user" u ON u."id" = o."user_id" WHERE o."organisation_id" = $1 AND o."journey_id" = $2 ORDER BY o."created_at"`,
        [organisationId, row.id],
      );
    const facts = await this.gates.facts(manager, row.id, organisationId);
    const stages = stagesBy.get(row.id) ?? [];
    const blockers = blockersBy.get(row.id) ?? [];
    const outlook = this.outlook(row, stages, blockers, setting);
    const template = templateOf(row);
    const state: JourneyState = {
      withdrawn: row.status === 'withdrawn',
      stages: stages.map(toStageState),
      openBlockers: blockers.filter((b) => b.status === 'open').map((b) => ({ stageKey: b.stage_key, title: b.title })),
    };
    const specs = new Map(template.stages.map((s) => [s.key, s]));
    const stageDtos: StageDto[] = stages.map((s, i) => {
      const spec = specs.get(s.key)!;
      const readiness = stageReadiness(state, template, s.key, this.gates.registry, facts);
      const view = outlook.stages[i];
      return {
        key: s.key,
        name: s.name,
        phase: spec.phase,
        description: spec.description,
        track: spec.track ?? null,
        milestone: spec.milestone ?? null,
        skippable: spec.skippable !== false,
        status: s.status,
        plannedStart: s.planned_start,
        plannedEnd: s.planned_end,
        pinned: s.pinned,
        actualStart: s.actual_start,
        actualEnd: s.actual_end,
        waitingSince: s.waiting_since,
        forecastStart: view.forecastStart,
        forecastEnd: view.forecastEnd,
        durationWorkingDays: s.duration_working_days,
        slaWorkingDays: s.sla_working_days,
        slaLabel: spec.sla?.label ?? null,
        slaWaitingOn: spec.sla?.waitingOn ?? null,
        slaConfirmed: spec.sla?.confirmed ?? null,
        sla: view.sla,
        routes: [...(spec.routes ?? [])],
        route: s.route,
        routeAdvice: this.gates.routeAdvice(spec.routes ?? [], facts),
        skipReason: s.skip_reason,
        ownerUserId: s.owner_user_id ?? null,
        ownerName: s.owner_name ?? null,
        checklist: s.checklist ?? [],
        links: s.links ?? [],
        unmetToStart: readiness.toStart,
        unmetToComplete: readiness.toComplete,
        version: s.version ?? 1,
      };
    });
    const overrideDtos: GateOverrideDto[] = overrides.map((o: { id: string; stage_key: string; action: 'start' | 'complete'; unmet: GateOverrideDto['unmet']; justification: string; user_id: string; user_name: string; created_at: Date }) => ({
      id: o.id,
      stageKey: o.stage_key,
      stageName: stages.find((s) => s.key === o.stage_key)?.name ?? o.stage_key,
      action: o.action,
      unmet: o.unmet,
      justification: o.justification,
      userId: o.user_id,
      userName: o.user_name,
      createdAt: o.created_at.toISOString(),
    }));
    return {
      ...this.toDto(row, outlook, setting.thresholds),
      stages: stageDtos,
      blockers: blockers.map(toBlockerDto),
      freezes: setting.freezes.filter((f) => f.provider_key === null || f.provider_key === row.provider_key).map(toFreezeDto),
      overrides: overrideDtos,
    };
  }
}

export { toBlockerDto, toFreezeDto, type BlockerRow, type FreezeRow, type StageRow };
