import { Injectable } from '@nestjs/common';
import type { PortfolioCell, PortfolioColumn, PortfolioDto } from '@pairline/contracts';
import type { EntityManager } from 'typeorm';
import { JOURNEY_TEMPLATES, MECHANISMS, PROVIDER_SUPPLIERS, SCAL_REQUIREMENT_STATUSES, statusColour, WorkingDayCalendar, type MechanismKey, type ScalRequirementStatus } from '@pairline/domain';
import { tenantOf, type Actor } from '../auth/actor';
import { Db } from '../database/db.service';
import { JourneyViews, type OutlookRow } from '../journeys/journey-views';

const COLUMNS: PortfolioColumn[] = [
  ...PROVIDER_SUPPLIERS.map((p) => ({ id: p.key, kind: 'provider' as const, label: `${p.systemName} (${p.name})`, unconfirmed: p.statusUnconfirmed })),
  ...MECHANISMS.filter((m) => m.family === 'gp_connect').map((m) => ({ id: m.key, kind: 'gp_connect' as const, label: m.name.replace(/^GP Connect /, 'GP Connect: '), unconfirmed: false })),
];
const MECHANISM_NAMES = new Map<string, string>(MECHANISMS.map((m) => [m.key, m.name]));
const STAGE_NAMES = new Map(JOURNEY_TEMPLATES.map((t) => [`${t.key}@${t.version}`, new Map(t.stages.map((s) => [s.key, s.name]))]));

type PortfolioRow = OutlookRow & { product_id: string; mechanism_key: MechanismKey };

/**
 * The executive's first screen: products × provider suppliers (and GP Connect capabilities), each
 * cell the journeys there with their current stage and status colour. Four queries whatever the
 * number of products and journeys (up to four more when outlooks are stale: see
 * JourneyViews.summaries); only the columns a cell shows are read.
 */
@Injectable()
export class PortfolioService {
  constructor(
    private readonly db: Db,
    private readonly views: JourneyViews,
    private readonly calendar: WorkingDayCalendar,
  ) {}

  portfolio(actor: Pick<Actor, 'organisationId' | 'userId'>): Promise<PortfolioDto> {
    return this.db.transaction(async (manager) => {
      const products: { id: string; name: string }[] = await manager.query(`SELECT "id", "name" FROM "product" WHERE "organisation_id" = $1 ORDER BY "name", "id"`, [actor.organisationId]);
      const journeys: PortfolioRow[] = await manager.query(
        `SELECT "id", "product_id", "mechanism_key", "provider_key", "template_key", "template_version", "target_go_live", "status", "current_stage_key", "forecast_go_live", "outlook_as_of"
           FROM "journey" WHERE "organisation_id" = $1 AND "status" <> 'withdrawn' ORDER BY "created_at", "id"`,
        [actor.organisationId],
      );
      const setting = await this.views.setting(manager, actor.organisationId);
      const scals = await this.scalCounts(manager, actor.organisationId);
      const summaries = await this.views.summaries(manager, actor.organisationId, journeys, setting);
      const rows = new Map(products.map((p) => [p.id, { productId: p.id, productName: p.name, cells: {} as Record<string, PortfolioCell[]> }]));
      for (const journey of journeys) {
        const { currentStageKey, forecastGoLive } = summaries.get(journey.id)!;
        const cells = rows.get(journey.product_id)!.cells;
        (cells[journey.provider_key ?? journey.mechanism_key] ??= []).push({
          journeyId: journey.id,
          mechanismId: journey.mechanism_key,
          mechanismName: MECHANISM_NAMES.get(journey.mechanism_key)!,
          stageKey: currentStageKey,
          stageName: STAGE_NAMES.get(`${journey.template_key}@${journey.template_version}`)?.get(currentStageKey) ?? currentStageKey,
          status: journey.status,
          statusColour: journey.status === 'live' ? null : statusColour(forecastGoLive, journey.target_go_live, setting.thresholds, this.calendar),
          forecastGoLive,
          targetGoLive: journey.target_go_live,
          scal: scals.get(journey.id) ?? null,
        });
      }
      return { asOf: setting.today, columns: COLUMNS, rows: [...rows.values()] };
    }, tenantOf(actor));
  }

  /**
   * Each journey's SCAL requirements by status, in one query: answers are only stored once a row
   * is touched, so untouched requirements (total minus answers) are "not started", as in the
   * domain's scalProgress. Answers to identifiers the template no longer has are not counted.
   */
  private async scalCounts(manager: EntityManager, organisationId: string): Promise<Map<string, NonNullable<PortfolioCell['scal']>>> {
    const rows: { journey_id: string; total: number; by_status: Partial<Record<ScalRequirementStatus, number>> }[] = await manager.query(
      `SELECT sj."journey_id",
              (SELECT count(*) FROM "scal_requirement" r WHERE r."template_id" = s."template_id")::int AS "total",
              (SELECT coalesce(json_object_agg(x."status", x."n"), '{}') FROM (
                 SELECT a."status", count(*)::int AS "n" FROM "scal_answer" a
                   JOIN "scal_requirement" r ON r."template_id" = s."template_id" AND r."identifier" = a."identifier"
                  WHERE a."scal_id" = s."id" GROUP BY a."status") x) AS "by_status"
         FROM "scal_journey" sj JOIN "scal" s ON s."id" = sj."scal_id" WHERE sj."organisation_id" = $1`,
      [organisationId],
    );
    return new Map(
      rows.map((r) => {
        const byStatus = Object.fromEntries(SCAL_REQUIREMENT_STATUSES.map((status) => [status, Number(r.by_status[status] ?? 0)])) as Record<ScalRequirementStatus, number>;
        const touched = Object.values(byStatus).reduce((n, v) => n + v, 0) - byStatus.not_started;
        byStatus.not_started = r.total - touched;
        return [r.journey_id, { total: r.total, byStatus }];
      }),
    );
  }
}
