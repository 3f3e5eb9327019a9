import { SCAL_REQUIREMENT_STATUSES, type ScalRequirementStatus } from '@pairline/domain';
import type { EntityManager } from 'typeorm';

export interface JourneyScalCounts {
  /** Requirements of the SCAL's template. */
  readonly total: number;
  /** Requirements by status; untouched ones (no stored answer) are not started, as in scalProgress. */
  readonly byStatus: Record<ScalRequirementStatus, number>;
  /** Accepted by NHS England or answered not applicable: what counts as finished. */
  readonly done: number;
}

/**
 * Every journey's SCAL counts in one query, for the portfolio and the dashboard. Answers to
 * identifiers the template no longer has are not counted.
 */
export async function scalCountsByJourney(manager: EntityManager, organisationId: string): Promise<Map<string, JourneyScalCounts>> {
  const rows: { journey_id: string; total: number; done: number; by_status: Partial<Record<ScalRequirementStatus, number>> }[] = await manager.query(
    `SELECT sj."journey_id",
            (SELECT count(*) FROM "scal_requirement" r WHERE r."template_id" = s."template_id")::int AS "total",
            (SELECT count(*) FROM "scal_answer" a JOIN "scal_requirement" r ON r."template_id" = s."template_id" AND r."identifier" = a."identifier"
              WHERE a."scal_id" = s."id" AND (a."status" = 'accepted' OR a."response" = 'not_applicable'))::int AS "done",
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
      return [r.journey_id, { total: r.total, byStatus, done: r.done }];
    }),
  );
}
