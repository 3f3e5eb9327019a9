import type { CivilDate } from '../calendar/civil-date';
import type { WorkingDayCalendar } from '../calendar/working-days';

/**
 * Slip: how many working days a date has moved against a saved baseline. Executives read "+12"
 * as "twelve working days later than we told the board", so the sign is fixed: positive = later.
 * Working days, not calendar days, because every NHS England and provider SLA is counted in them
 * and a slip over Christmas should not look three times worse than the same slip in March.
 */
export function slipWorkingDays(baseline: CivilDate | null, current: CivilDate | null, calendar: WorkingDayCalendar): number | null {
  if (!baseline || !current) return null;
  return calendar.workingDaysBetween(baseline, current);
}

/** One stage's dates in a baseline or in today's plan; `end` is the planned (or forecast) finish. */
export interface PlannedStageDates {
  readonly key: string;
  readonly start: CivilDate | null;
  readonly end: CivilDate | null;
}

export interface StageSlip {
  readonly key: string;
  readonly baselineStart: CivilDate | null;
  readonly baselineEnd: CivilDate | null;
  readonly currentStart: CivilDate | null;
  readonly currentEnd: CivilDate | null;
  /** Working days the stage's finish moved; null when either side has no date. */
  readonly slip: number | null;
  /** In the baseline but no longer in the plan (e.g. the journey moved to a newer template). */
  readonly removed: boolean;
  /** In the plan but not in the baseline. */
  readonly added: boolean;
}

export interface JourneySlip {
  readonly stages: readonly StageSlip[];
  /** Slip of the go-live milestone: the number the board asks for. */
  readonly goLiveSlip: number | null;
  /** The stage whose own finish slipped most (ties: the earliest in the plan): where to look first. */
  readonly worstStageKey: string | null;
}

/**
 * Compares a journey's baseline stage dates with today's. Stages are matched by key so a journey
 * upgraded to a newer template still compares the stages both versions share; the order is the
 * current plan's, then any stages only the baseline had.
 */
export function journeySlip(
  baseline: readonly PlannedStageDates[],
  current: readonly PlannedStageDates[],
  goLiveKey: string | null,
  calendar: WorkingDayCalendar,
): JourneySlip {
  const before = new Map(baseline.map((s) => [s.key, s]));
  const now = new Set(current.map((s) => s.key));
  const stages: StageSlip[] = [
    ...current.map((s) => {
      const b = before.get(s.key);
      return {
        key: s.key,
        baselineStart: b?.start ?? null,
        baselineEnd: b?.end ?? null,
        currentStart: s.start,
        currentEnd: s.end,
        slip: slipWorkingDays(b?.end ?? null, s.end, calendar),
        removed: false,
        added: !b,
      };
    }),
    ...baseline
      .filter((b) => !now.has(b.key))
      .map((b) => ({ key: b.key, baselineStart: b.start, baselineEnd: b.end, currentStart: null, currentEnd: null, slip: null, removed: true, added: false })),
  ];
  let worst: StageSlip | null = null;
  for (const s of stages) if (s.slip !== null && s.slip > 0 && (!worst || s.slip > (worst.slip ?? 0))) worst = s;
  const goLive = goLiveKey ? stages.find((s) => s.key === goLiveKey) : undefined;
  return { stages, goLiveSlip: goLive?.slip ?? null, worstStageKey: worst?.key ?? null };
}
