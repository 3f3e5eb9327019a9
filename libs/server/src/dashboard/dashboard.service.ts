import { Injectable } from '@nestjs/common';
import type { DashboardDto } from '@pairline/contracts';
import { addDays, compactForecastSeries, forecastAccuracy, forecastDrift, JOURNEY_TEMPLATES, statusColour, WorkingDayCalendar } from '@pairline/domain';
import { tenantOf, type Actor } from '../auth/actor';
import { Db } from '../database/db.service';
import { JourneyViews, type OutlookRow } from '../journeys/journey-views';
import { scalCountsByJourney } from '../scals/scal-counts';
import { journeyLabel } from '../timeline/timeline.service';

const STAGE_NAMES = new Map(JOURNEY_TEMPLATES.map((t) => [`${t.key}@${t.version}`, new Map(t.stages.map((s) => [s.key, s.name]))]));

/** How far ahead "due soon" looks for the caller's own items. */
const DUE_SOON_DAYS = 14;
/** Evidence expiring within this many days counts as needing attention (as the reminders' first offset). */
const EVIDENCE_EXPIRY_WINDOW_DAYS = 30;
/** The window of forecast snapshots drift is measured over. */
const DRIFT_WINDOW_DAYS = 90;

type Row = OutlookRow & { product_id: string; product_name: string; mechanism_key: string; live_on: string | null };

/**
 * The home page's figures, for every role at once (the web app orders the tiles by role). Each
 * figure is one aggregate query, so the page costs the same for ten journeys or a thousand.
 * Overdue means past its date and not finished: a stage past its planned end, an open blocking
 * item past its due date, a SCAL requirement past its due date and not yet accepted by NHS England;
 * evidence counts when its latest approved revision has expired or expires within 30 days.
 * Hazards by residual rating count the open and transferred ones (not closed, not withdrawn).
 */
@Injectable()
export class DashboardService {
  constructor(
    private readonly db: Db,
    private readonly views: JourneyViews,
    private readonly calendar: WorkingDayCalendar,
  ) {}

  dashboard(actor: Actor): Promise<DashboardDto> {
    return this.db.transaction(async (manager) => {
      const org = actor.organisationId;
      const setting = await this.views.setting(manager, org);
      const today = setting.today;
      const journeys: Row[] = await manager.query(
        `SELECT j."id", j."product_id", p."name" AS "product_name", j."mechanism_key", j."provider_key", j."template_key", j."template_version", j."target_go_live", j."status",
                j."current_stage_key", j."forecast_go_live", j."outlook_as_of",
                -- Every template's go-live milestone is the stage keyed 'live' (checked in the timeline spec).
                (SELECT s."actual_end" FROM "journey_stage" s WHERE s."journey_id" = j."id" AND s."key" = 'live') AS "live_on"
           FROM "journey" j JOIN "product" p ON p."id" = j."product_id"
          WHERE j."organisation_id" = $1 AND j."status" <> 'withdrawn' ORDER BY p."name", j."id"`,
        [org],
      );
      const summaries = await this.views.summaries(manager, org, journeys, setting);
      const [overdue] = await manager.query(
        `SELECT (SELECT count(*) FROM "journey_stage" s JOIN "journey" j ON j."id" = s."journey_id"
                  WHERE s."organisation_id" = $1 AND j."status" NOT IN ('withdrawn', 'live') AND s."status" NOT IN ('done', 'skipped') AND s."planned_end" < $2)::int AS "stages",
                (SELECT count(*) FROM "blocking_item" b WHERE b."organisation_id" = $1 AND b."status" = 'open' AND b."due_on" < $2)::int AS "blocking_items",
                (SELECT count(*) FROM "scal_answer" a WHERE a."organisation_id" = $1 AND a."status" <> 'accepted' AND a."due_on" < $2)::int AS "scal_requirements",
                -- Evidence whose latest approved revision has lapsed or lapses within the window.
                (SELECT count(*) FROM "evidence_item" i
                   JOIN LATERAL (SELECT r."expires_on" FROM "evidence_revision" r WHERE r."item_id" = i."id" AND r."status" = 'approved' ORDER BY r."number" DESC LIMIT 1) ar ON true
                  WHERE i."organisation_id" = $1 AND ar."expires_on" <= $3)::int AS "evidence_expiring",
                (SELECT count(*) FROM "hazard_log_version" v WHERE v."organisation_id" = $1
                    AND NOT EXISTS (SELECT 1 FROM "hazard_log_approval" a WHERE a."hazard_log_version_id" = v."id"))::int AS "pending_approvals",
                (SELECT count(*) FROM "hazard" h WHERE h."organisation_id" = $1 AND h."withdrawn_at" IS NULL AND h."next_review_on" < $2)::int AS "hazard_reviews_due",
                (SELECT coalesce(json_object_agg(r."residual_rating", r."n"), '{}') FROM (SELECT "residual_rating", count(*)::int AS "n" FROM "hazard"
                   WHERE "organisation_id" = $1 AND "withdrawn_at" IS NULL AND "status" <> 'closed' AND "residual_rating" IS NOT NULL GROUP BY 1) r) AS "hazards_by_rating"`,
        [org, today, addDays(today, EVIDENCE_EXPIRY_WINDOW_DAYS)],
      );
      const scals = await scalCountsByJourney(manager, org);
      const snapshots: { journey_id: string; as_of: string; forecast_go_live: string | null }[] = await manager.query(
        `SELECT "journey_id", "as_of", "forecast_go_live" FROM "journey_forecast_snapshot" WHERE "organisation_id" = $1 AND "as_of" >= $2 ORDER BY "journey_id", "as_of"`,
        [org, addDays(today, -DRIFT_WINDOW_DAYS)],
      );
      const mine: DashboardDto['myItems'] = await manager.query(
        `SELECT 'stage' AS "kind", s."id", s."journey_id" AS "journeyId", s."name" AS "title", s."planned_end" AS "dueOn", s."planned_end" < $3 AS "overdue"
           FROM "journey_stage" s JOIN "journey" j ON j."id" = s."journey_id"
          WHERE s."organisation_id" = $1 AND s."owner_user_id" = $2 AND j."status" NOT IN ('withdrawn', 'live') AND s."status" NOT IN ('done', 'skipped') AND s."planned_end" <= $4
         UNION ALL
         SELECT 'blocking_item', b."id", b."journey_id", b."title", b."due_on", b."due_on" < $3
           FROM "blocking_item" b WHERE b."organisation_id" = $1 AND b."owner_user_id" = $2 AND b."status" = 'open' AND b."due_on" <= $4
         UNION ALL
         SELECT 'scal_requirement', a."id", (SELECT min(sj."journey_id"::text)::uuid FROM "scal_journey" sj WHERE sj."scal_id" = a."scal_id"), a."identifier", a."due_on", a."due_on" < $3
           FROM "scal_answer" a WHERE a."organisation_id" = $1 AND a."owner_user_id" = $2 AND a."status" <> 'accepted' AND a."due_on" <= $4
         ORDER BY 5, 4`,
        [org, actor.userId, today, addDays(today, DUE_SOON_DAYS)],
      );

      const byId = new Map(journeys.map((j) => [j.id, j]));
      const label = (j: Row) => journeyLabel({ provider_key: j.provider_key, mechanism_key: j.mechanism_key as never });
      const byStage = new Map<string, number>();
      const byColour: DashboardDto['journeysByColour'] = { on_track: 0, at_risk: 0, late: 0, live: 0, unknown: 0 };
      const goLives: DashboardDto['goLivesNext90Days'] = [];
      const accuracy: DashboardDto['forecastAccuracy'] = [];
      const horizon = addDays(today, 90);
      for (const j of journeys) {
        const summary = summaries.get(j.id)!;
        if (j.status === 'live') {
          byColour.live += 1;
          const verdict = forecastAccuracy(j.target_go_live, j.live_on, this.calendar);
          if (verdict && j.target_go_live && j.live_on) accuracy.push({ journeyId: j.id, label: label(j), productName: j.product_name, planned: j.target_go_live, actual: j.live_on, ...verdict });
          continue;
        }
        const colour = statusColour(summary.forecastGoLive, j.target_go_live, setting.thresholds, this.calendar);
        byColour[colour ?? 'unknown'] += 1;
        const stageName = STAGE_NAMES.get(`${j.template_key}@${j.template_version}`)?.get(summary.currentStageKey) ?? summary.currentStageKey;
        byStage.set(stageName, (byStage.get(stageName) ?? 0) + 1);
        if (summary.forecastGoLive && summary.forecastGoLive >= today && summary.forecastGoLive <= horizon) {
          goLives.push({ journeyId: j.id, productName: j.product_name, label: label(j), forecastGoLive: summary.forecastGoLive, statusColour: colour });
        }
      }

      const seriesBy = new Map<string, { asOf: string; forecastGoLive: string | null }[]>();
      for (const s of snapshots) (seriesBy.get(s.journey_id) ?? seriesBy.set(s.journey_id, []).get(s.journey_id)!).push({ asOf: s.as_of, forecastGoLive: s.forecast_go_live });
      const drift: DashboardDto['forecastDrift'] = [];
      for (const [journeyId, series] of seriesBy) {
        const j = byId.get(journeyId);
        if (!j || j.status === 'live') continue;
        const result = forecastDrift(compactForecastSeries(series), this.calendar);
        if (result.totalDrift) drift.push({ journeyId, label: label(j), productName: j.product_name, totalDrift: result.totalDrift, changes: result.changes });
      }
      drift.sort((a, b) => Math.abs(b.totalDrift) - Math.abs(a.totalDrift) || a.journeyId.localeCompare(b.journeyId));

      return {
        asOf: today,
        journeysByStage: [...byStage].map(([stageName, count]) => ({ stageName, count })).sort((a, b) => b.count - a.count || a.stageName.localeCompare(b.stageName)),
        journeysByColour: byColour,
        goLivesNext90Days: goLives.sort((a, b) => a.forecastGoLive.localeCompare(b.forecastGoLive)),
        overdue: { stages: overdue.stages, blockingItems: overdue.blocking_items, scalRequirements: overdue.scal_requirements, evidenceExpiring: overdue.evidence_expiring },
        forecastAccuracy: accuracy,
        forecastDrift: drift.slice(0, 10),
        scalCompletion: [...scals]
          .filter(([journeyId]) => byId.has(journeyId))
          .map(([journeyId, counts]) => {
            const j = byId.get(journeyId)!;
            return { journeyId, label: label(j), productName: j.product_name, done: counts.done, total: counts.total };
          }),
        hazardsByResidualRating: [1, 2, 3, 4, 5].map((rating) => ({ rating, count: Number((overdue.hazards_by_rating as Record<string, number>)[rating] ?? 0) })),
        pendingApprovals: overdue.pending_approvals,
        hazardReviewsDue: overdue.hazard_reviews_due,
        myItems: mine.map((m) => ({ ...m, overdue: Boolean(m.overdue) })),
      };
    }, tenantOf(actor));
  }
}
