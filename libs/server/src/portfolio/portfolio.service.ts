import { Injectable } from '@nestjs/common';
import type { PortfolioCell, PortfolioColumn, PortfolioDto } from '@pairline/contracts';
import { JOURNEY_TEMPLATES, MECHANISMS, PROVIDER_SUPPLIERS, statusColour, WorkingDayCalendar, type MechanismKey } from '@pairline/domain';
import { tenantOf, type Actor } from '../auth/actor';
import { Db } from '../database/db.service';
import { JourneyViews, type OutlookRow } from '../journeys/journey-views';
import { scalCountsByJourney, type JourneyScalCounts } from '../scals/scal-counts';

const COLUMNS: PortfolioColumn[] = [
  ...PROVIDER_SUPPLIERS.map((p) => ({ id: p.key, kind: 'provider' as const, label: `${p.systemName} (${p.name})`, unconfirmed: p.statusUnconfirmed })),
  ...MECHANISMS.filter((m) => m.family === 'gp_connect').map((m) => ({ id: m.key, kind: 'gp_connect' as const, label: m.name.replace(/^GP Connect /, 'GP Connect: '), unconfirmed: false })),
];
const MECHANISM_NAMES = new Map<string, string>(MECHANISMS.map((m) => [m.key, m.name]));
const STAGE_NAMES = new Map(JOURNEY_TEMPLATES.map((t) => [`${t.key}@${t.version}`, new Map(t.stages.map((s) => [s.key, s.name]))]));

const scalOf = (counts: JourneyScalCounts | undefined): PortfolioCell['scal'] => (counts ? { total: counts.total, byStatus: counts.byStatus } : null);

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
      const scals = await scalCountsByJourney(manager, actor.organisationId);
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
          scal: scalOf(scals.get(journey.id)),
        });
      }
      return { asOf: setting.today, columns: COLUMNS, rows: [...rows.values()] };
    }, tenantOf(actor));
  }
}
