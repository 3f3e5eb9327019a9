import { Injectable } from '@nestjs/common';
import type { ForecastHistoryDto, TimelineBaselineDto, TimelineDto, TimelineJourneyDto, TimelineProductDto } from '@pairline/contracts';
import {
  compactForecastSeries,
  diffFields,
  DomainError,
  findProviderSupplier,
  forecastDrift,
  journeySlip,
  MECHANISMS,
  WorkingDayCalendar,
  addDays,
  type CivilDate,
} from '@pairline/domain';
import type { EntityManager } from 'typeorm';
import { AuditTrail, authorOf, type AuditAuthor } from '../audit/audit.service';
import { tenantOf, type Actor } from '../auth/actor';
import { Clock } from '../calendar/calendar.module';
import { Db } from '../database/db.service';
import { JOURNEY_SELECT, JourneyViews, templateOf, type JourneyRow, type StageRow } from '../journeys/journey-views';
import { findPage } from '../listing/find-page';
import type { ListQuery, ListSpec, Page } from '../listing/list-query';
import type { TimelineBaselineBody, TimelineQuery } from './timeline.dto';

/** A member, or an organisation acting through a scheduled job (no user: `userId` empty). */
export type Scope = Pick<Actor, 'organisationId' | 'userId'>;

const MECHANISM_NAMES = new Map<string, string>(MECHANISMS.map((m) => [m.key, m.name]));

interface BaselineRow {
  id: string;
  name: string;
  note: string | null;
  as_of: string;
  created_at: Date;
  created_by_name: string | null;
  journey_count: number;
}

interface BaselineStageRow {
  journey_id: string;
  stage_key: string;
  position: number;
  start_on: string | null;
  end_on: string | null;
}

const toBaselineDto = (b: BaselineRow): TimelineBaselineDto => ({
  id: b.id,
  name: b.name,
  note: b.note,
  asOf: b.as_of,
  journeyCount: Number(b.journey_count),
  createdAt: b.created_at.toISOString(),
  createdByName: b.created_by_name,
});

const BASELINE_COLUMNS = `b."id", b."name", b."note", b."as_of", b."created_at", u."name" AS "created_by_name",
    (SELECT count(DISTINCT s."journey_id") FROM "timeline_baseline_stage" s WHERE s."baseline_id" = b."id") AS "journey_count"`;
const BASELINE_FROM = `"timeline_baseline" b LEFT JOIN "app_user" u ON u."id" = b."created_by"`;
const BASELINE_SELECT = `SELECT ${BASELINE_COLUMNS} FROM ${BASELINE_FROM}`;

export const TIMELINE_BASELINE_LIST: ListSpec<'id' | 'name' | 'asOf' | 'createdAt'> = {
  resource: 'timeline-baselines',
  fields: { id: 'b."id"', name: 'b."name"', asOf: 'b."as_of"', createdAt: 'b."created_at"' },
  sortable: ['name', 'asOf', 'createdAt'],
  filterable: { id: 'uuid', asOf: 'date' },
  searchable: ['name'],
  defaultSort: { field: 'createdAt', order: 'DESC' },
  tieBreaker: 'b."id"',
};

/** "EMIS Web · IM1 Transaction", or the GP Connect capability alone (it has no provider). */
export function journeyLabel(row: Pick<JourneyRow, 'provider_key' | 'mechanism_key'>): string {
  const mechanism = MECHANISM_NAMES.get(row.mechanism_key) ?? row.mechanism_key;
  const provider = row.provider_key ? findProviderSupplier(row.provider_key) : undefined;
  return provider ? `${provider.systemName} · ${mechanism}` : mechanism;
}

const minDate = (a: CivilDate | null, b: CivilDate | null) => (!a ? b : !b ? a : a < b ? a : b);
const maxDate = (a: CivilDate | null, b: CivilDate | null) => (!a ? b : !b ? a : a > b ? a : b);

/**
 * The executive timeline: every journey's stages with planned, actual and forecast dates, compared
 * with a saved baseline. A fixed number of queries whatever the number of journeys (outlook
 * setting 2, journeys 1, stages and blockers 2, baseline 2): the forecast is worked out in memory by
 * the same domain function the journey page uses, so the two never disagree.
 */
@Injectable()
export class TimelineService {
  constructor(
    private readonly db: Db,
    private readonly views: JourneyViews,
    private readonly audit: AuditTrail,
    private readonly calendar: WorkingDayCalendar,
    private readonly clock: Clock,
  ) {}

  /** `scope`: whose data (a member, or the organisation itself for scheduled reports). */
  timeline(scope: Scope, query: TimelineQuery): Promise<TimelineDto> {
    return this.db.transaction(async (manager) => {
      const org = scope.organisationId;
      const baseline = query.baselineId ? await this.loadBaseline(manager, org, query.baselineId) : null;
      const setting = await this.views.setting(manager, org);
      const rows = await this.journeyRows(manager, org, query);
      const { stagesBy, blockersBy } = await this.views.stagesAndBlockers(manager, org, rows.length > 200 ? null : rows.map((r) => r.id));
      const baselineStages = baseline ? await this.baselineStages(manager, query.baselineId!) : new Map<string, BaselineStageRow[]>();

      const products = new Map<string, TimelineProductDto>();
      let range: { from: CivilDate; to: CivilDate } | null = null;
      const widen = (d: CivilDate | null) => {
        if (d) range = range ? { from: minDate(range.from, d)!, to: maxDate(range.to, d)! } : { from: d, to: d };
      };
      for (const row of rows) {
        const stages = stagesBy.get(row.id) ?? [];
        const blockers = blockersBy.get(row.id) ?? [];
        const outlook = this.views.outlook(row, stages, blockers, setting);
        if (query.statusColour && (outlook.statusColour ?? 'none') !== query.statusColour) continue;
        const template = templateOf(row);
        const milestones = new Map(template.stages.map((s) => [s.key, s.milestone ?? null]));
        const current = stages.map((s, i) => ({ key: s.key, start: outlook.stages[i].forecastStart, end: outlook.stages[i].forecastEnd }));
        const inBaseline = baselineStages.get(row.id);
        const slip = inBaseline
          ? journeySlip(inBaseline.map((b) => ({ key: b.stage_key, start: b.start_on, end: b.end_on })), current, template.stages.find((s) => s.milestone === 'live')?.key ?? null, this.calendar)
          : null;
        const slipBy = new Map(slip?.stages.map((s) => [s.key, s]) ?? []);
        const journey: TimelineJourneyDto = {
          journeyId: row.id,
          mechanismId: row.mechanism_key,
          mechanismName: MECHANISM_NAMES.get(row.mechanism_key) ?? row.mechanism_key,
          providerSupplierId: row.provider_key,
          label: journeyLabel(row),
          status: outlook.status,
          statusColour: outlook.statusColour,
          targetGoLive: row.target_go_live,
          forecastGoLive: outlook.forecastGoLive,
          goLiveSlip: slip?.goLiveSlip ?? null,
          worstStageKey: slip?.worstStageKey ?? null,
          notInBaseline: baseline !== null && !inBaseline,
          stages: stages.map((s: StageRow, i) => {
            const forecast = outlook.stages[i];
            const b = slipBy.get(s.key);
            for (const d of [s.planned_start, s.planned_end, forecast.forecastStart, forecast.forecastEnd, b?.baselineStart ?? null, b?.baselineEnd ?? null]) widen(d);
            return {
              key: s.key,
              name: s.name,
              milestone: milestones.get(s.key) ?? null,
              status: s.status,
              plannedStart: s.planned_start,
              plannedEnd: s.planned_end,
              actualStart: s.actual_start,
              actualEnd: s.actual_end,
              forecastStart: forecast.forecastStart,
              forecastEnd: forecast.forecastEnd,
              baselineStart: b?.baselineStart ?? null,
              baselineEnd: b?.baselineEnd ?? null,
              slip: b?.slip ?? null,
            };
          }),
          blockers: blockers
            .filter((b) => b.status === 'open')
            .map((b) => {
              widen(b.due_on);
              return { id: b.id, title: b.title, stageKey: b.stage_key, raisedOn: b.raised_on, dueOn: b.due_on };
            }),
        };
        const product = products.get(row.product_id) ?? { productId: row.product_id, productName: row.product_name, journeys: [] };
        product.journeys.push(journey);
        products.set(row.product_id, product);
      }
      if (range) widen(setting.today);
      return {
        asOf: setting.today,
        baseline: baseline ? toBaselineDto(baseline) : null,
        products: [...products.values()],
        freezes: setting.freezes
          .filter((f) => !query.providerSupplierId || f.provider_key === null || f.provider_key === query.providerSupplierId)
          .map((f) => ({ id: f.id, providerSupplierId: f.provider_key, from: f.starts_on, to: f.ends_on, reason: f.reason })),
        range,
      };
    }, tenantOf(scope));
  }

  private journeyRows(manager: EntityManager, org: string, query: TimelineQuery): Promise<JourneyRow[]> {
    const params: unknown[] = [org];
    const where = [`j."organisation_id" = $1`, `j."status" <> 'withdrawn'`];
    const add = (column: string, value: string | undefined) => {
      if (value) where.push(`j."${column}" = $${params.push(value)}`);
    };
    add('product_id', query.productId);
    add('provider_key', query.providerSupplierId);
    add('mechanism_key', query.mechanismId);
    return manager.query(`${JOURNEY_SELECT} WHERE ${where.join(' AND ')} ORDER BY p."name", p."id", j."provider_key" NULLS LAST, j."mechanism_key", j."id"`, params);
  }

  private async loadBaseline(manager: EntityManager, org: string, id: string): Promise<BaselineRow> {
    const [row]: BaselineRow[] = await manager.query(`${BASELINE_SELECT} WHERE b."organisation_id" = $1 AND b."id" = $2`, [org, id]);
    if (!row) throw new DomainError('not_found', 'baseline_not_found', 'No such timeline baseline in this organisation.', { field: 'baselineId' });
    return row;
  }

  private async baselineStages(manager: EntityManager, baselineId: string): Promise<Map<string, BaselineStageRow[]>> {
    const rows: BaselineStageRow[] = await manager.query(
      `SELECT "journey_id", "stage_key", "position", "start_on", "end_on" FROM "timeline_baseline_stage" WHERE "baseline_id" = $1 ORDER BY "journey_id", "position"`,
      [baselineId],
    );
    const by = new Map<string, BaselineStageRow[]>();
    for (const r of rows) (by.get(r.journey_id) ?? by.set(r.journey_id, []).get(r.journey_id)!).push(r);
    return by;
  }

  listBaselines(actor: Actor, query: ListQuery): Promise<Page<TimelineBaselineDto>> {
    return this.db.transaction(
      (manager) => findPage(manager, { select: BASELINE_COLUMNS, from: BASELINE_FROM, where: `b."organisation_id" = $1`, params: [actor.organisationId] }, query, TIMELINE_BASELINE_LIST, toBaselineDto),
      tenantOf(actor),
    );
  }

  getBaseline(actor: Actor, id: string): Promise<TimelineBaselineDto> {
    return this.db.transaction(async (manager) => toBaselineDto(await this.loadBaseline(manager, actor.organisationId, id)), tenantOf(actor));
  }

  /**
   * Freezes, per stage of every open journey, the dates the plan expected today: planned dates
   * where someone set them, else the finished stage's actual dates, else the forecast. Most stages
   * never get hand-planned dates, and a baseline of blanks could show no slip at all.
   */
  createBaseline(actor: Actor, body: TimelineBaselineBody): Promise<TimelineBaselineDto> {
    return this.saveBaseline(actor, authorOf(actor), body);
  }

  saveBaseline(scope: Scope, author: AuditAuthor, body: TimelineBaselineBody): Promise<TimelineBaselineDto> {
    return this.db.transaction(async (manager) => {
      const org = scope.organisationId;
      const name = body.name.trim();
      if (!name) throw new DomainError('invalid', 'baseline_name_required', 'name must not be blank.', { field: 'name' });
      const setting = await this.views.setting(manager, org);
      const rows: JourneyRow[] = await manager.query(`${JOURNEY_SELECT} WHERE j."organisation_id" = $1 AND j."status" <> 'withdrawn'`, [org]);
      const { stagesBy, blockersBy } = await this.views.stagesAndBlockers(manager, org, null);
      const [baseline] = await manager.query(
        `INSERT INTO "timeline_baseline" ("organisation_id", "name", "note", "as_of", "created_by") VALUES ($1, $2, $3, $4, $5) RETURNING "id"`,
        [org, name, body.note?.trim() || null, setting.today, scope.userId || null],
      );
      const columns: { journey: string[]; key: string[]; position: number[]; start: (string | null)[]; end: (string | null)[]; source: string[] } = {
        journey: [],
        key: [],
        position: [],
        start: [],
        end: [],
        source: [],
      };
      for (const row of rows) {
        const stages = stagesBy.get(row.id) ?? [];
        const outlook = this.views.outlook(row, stages, blockersBy.get(row.id) ?? [], setting);
        stages.forEach((s, i) => {
          const finished = s.status === 'done' || s.status === 'skipped';
          const planned = !finished && (s.planned_start || s.planned_end);
          columns.journey.push(row.id);
          columns.key.push(s.key);
          columns.position.push(i);
          columns.start.push(planned ? s.planned_start ?? outlook.stages[i].forecastStart : outlook.stages[i].forecastStart);
          columns.end.push(planned ? s.planned_end ?? outlook.stages[i].forecastEnd : outlook.stages[i].forecastEnd);
          columns.source.push(finished ? 'actual' : planned ? 'planned' : 'forecast');
        });
      }
      await manager.query(
        `INSERT INTO "timeline_baseline_stage" ("baseline_id", "organisation_id", "journey_id", "stage_key", "position", "start_on", "end_on", "source")
         SELECT $1, $2, u.* FROM unnest($3::uuid[], $4::text[], $5::int[], $6::date[], $7::date[], $8::text[]) AS u`,
        [baseline.id, org, columns.journey, columns.key, columns.position, columns.start, columns.end, columns.source],
      );
      await this.audit.record(manager, author, {
        action: 'timeline_baseline.created',
        entityType: 'timeline_baseline',
        entityId: baseline.id,
        changes: diffFields(null, { name, note: body.note?.trim() || null, asOf: setting.today, journeys: rows.length, stages: columns.key.length }),
      });
      return toBaselineDto(await this.loadBaseline(manager, org, baseline.id));
    }, tenantOf(scope));
  }

  deleteBaseline(actor: Actor, id: string): Promise<TimelineBaselineDto> {
    return this.db.transaction(async (manager) => {
      const baseline = await this.loadBaseline(manager, actor.organisationId, id);
      await manager.query(`DELETE FROM "timeline_baseline" WHERE "id" = $1`, [id]);
      await this.audit.record(manager, authorOf(actor), {
        action: 'timeline_baseline.deleted',
        entityType: 'timeline_baseline',
        entityId: id,
        changes: diffFields({ name: baseline.name, note: baseline.note, asOf: baseline.as_of }, null),
      });
      return toBaselineDto(baseline);
    }, tenantOf(actor));
  }

  forecastHistory(actor: Actor, journeyId: string, days = 365): Promise<ForecastHistoryDto> {
    return this.db.transaction(async (manager) => {
      const [journey] = await manager.query(`SELECT "id" FROM "journey" WHERE "organisation_id" = $1 AND "id" = $2`, [actor.organisationId, journeyId]);
      if (!journey) throw new DomainError('not_found', 'journey_not_found', 'No such journey in this organisation.');
      const points: { as_of: string; forecast_go_live: string | null }[] = await manager.query(
        `SELECT "as_of", "forecast_go_live" FROM "journey_forecast_snapshot" WHERE "journey_id" = $1 AND "as_of" >= $2 ORDER BY "as_of"`,
        [journeyId, addDays(this.clock.today(), -days)],
      );
      const drift = forecastDrift(compactForecastSeries(points.map((p) => ({ asOf: p.as_of, forecastGoLive: p.forecast_go_live }))), this.calendar);
      return { journeyId, points: drift.points.map((p) => ({ asOf: p.asOf, forecastGoLive: p.forecastGoLive, drift: p.drift })), totalDrift: drift.totalDrift, maxAbsDrift: drift.maxAbsDrift, changes: drift.changes };
    }, tenantOf(actor));
  }
}
