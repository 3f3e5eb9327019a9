import { Controller, Get, Injectable } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { PortfolioCell, PortfolioColumn, PortfolioDto } from '@pairline/contracts';
import { MECHANISMS, PROVIDER_SUPPLIERS } from '@pairline/domain';
import { CurrentActor, tenantOf, type Actor } from '../auth/actor';
import { RequirePermission } from '../auth/decorators';
import { Db } from '../database/db.service';
import { JourneyViews, JOURNEY_SELECT, type JourneyRow } from '../journeys/journey-views';

const COLUMNS: PortfolioColumn[] = [
  ...PROVIDER_SUPPLIERS.map((p) => ({ id: p.key, kind: 'provider' as const, label: `${p.systemName} (${p.name})`, unconfirmed: p.statusUnconfirmed })),
  ...MECHANISMS.filter((m) => m.family === 'gp_connect').map((m) => ({ id: m.key, kind: 'gp_connect' as const, label: m.name.replace(/^GP Connect /, 'GP Connect: '), unconfirmed: false })),
];

/**
 * The executive's first screen: products × provider suppliers (and GP Connect capabilities), each
 * cell the journeys there with their current stage and status colour. Four queries, whatever the
 * number of products and journeys (up to four more when outlooks are stale: see JourneyViews.summaries).
 */
@Injectable()
export class PortfolioService {
  constructor(
    private readonly db: Db,
    private readonly views: JourneyViews,
  ) {}

  portfolio(actor: Actor): Promise<PortfolioDto> {
    return this.db.transaction(async (manager) => {
      const products: { id: string; name: string }[] = await manager.query(`SELECT "id", "name" FROM "product" WHERE "organisation_id" = $1 ORDER BY "name", "id"`, [actor.organisationId]);
      const journeys: JourneyRow[] = await manager.query(`${JOURNEY_SELECT} WHERE j."organisation_id" = $1 AND j."status" <> 'withdrawn' ORDER BY j."created_at", j."id"`, [actor.organisationId]);
      const setting = await this.views.setting(manager, actor.organisationId);
      const summaries = await this.views.summaries(manager, actor.organisationId, journeys, setting);
      const rows = new Map(products.map((p) => [p.id, { productId: p.id, productName: p.name, cells: {} as Record<string, PortfolioCell[]> }]));
      for (const journey of journeys) {
        const dto = this.views.toDto(journey, summaries.get(journey.id)!, setting.thresholds);
        const column = journey.provider_key ?? journey.mechanism_key;
        const cells = rows.get(journey.product_id)!.cells;
        (cells[column] ??= []).push({
          journeyId: dto.id,
          mechanismId: dto.mechanismId,
          mechanismName: dto.mechanismName,
          stageKey: dto.currentStageKey,
          stageName: dto.currentStageName,
          status: dto.status,
          statusColour: dto.statusColour,
          forecastGoLive: dto.forecastGoLive,
          targetGoLive: dto.targetGoLive,
        });
      }
      return { asOf: setting.today, columns: COLUMNS, rows: [...rows.values()] };
    }, tenantOf(actor));
  }
}

@ApiTags('journeys')
@Controller('portfolio')
export class PortfolioController {
  constructor(private readonly portfolio: PortfolioService) {}

  @Get()
  @RequirePermission('journeys.read')
  get(@CurrentActor() actor: Actor): Promise<PortfolioDto> {
    return this.portfolio.portfolio(actor);
  }
}
