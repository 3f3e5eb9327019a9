import type { CivilDate } from '../calendar/civil-date';
import type { WorkingDayCalendar } from '../calendar/working-days';

/** What the forecast go-live was on a given day (one stored snapshot per journey per day). */
export interface ForecastPoint {
  readonly asOf: CivilDate;
  readonly forecastGoLive: CivilDate | null;
}

export interface DriftPoint extends ForecastPoint {
  /** Working days later (positive) or earlier than the first forecast in the window. */
  readonly drift: number | null;
}

export interface ForecastDrift {
  readonly points: readonly DriftPoint[];
  /** First forecast in the window to the latest: the headline "+N working days since …". */
  readonly totalDrift: number | null;
  /** The furthest the forecast has been from the first one, either way (a recovered slip still shows). */
  readonly maxAbsDrift: number;
  /** Days on which the forecast moved: a forecast that changes weekly is itself a risk signal. */
  readonly changes: number;
}

/**
 * How a journey's go-live forecast moved over time. Points are sorted by day; days with no forecast
 * (a withdrawn journey) break nothing but carry no drift. Drift is measured from the first point
 * that had a forecast, because "how far has the date moved since we started watching" is the
 * question; per-day deltas are `changes`.
 */
export function forecastDrift(points: readonly ForecastPoint[], calendar: WorkingDayCalendar): ForecastDrift {
  const sorted = [...points].sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0));
  const first = sorted.find((p) => p.forecastGoLive)?.forecastGoLive ?? null;
  let maxAbsDrift = 0;
  let changes = 0;
  let previous: CivilDate | null = null;
  const out = sorted.map((p) => {
    const drift = first && p.forecastGoLive ? calendar.workingDaysBetween(first, p.forecastGoLive) : null;
    if (drift !== null) maxAbsDrift = Math.max(maxAbsDrift, Math.abs(drift));
    if (p.forecastGoLive && previous && p.forecastGoLive !== previous) changes += 1;
    if (p.forecastGoLive) previous = p.forecastGoLive;
    return { ...p, drift };
  });
  const last = [...out].reverse().find((p) => p.drift !== null);
  return { points: out, totalDrift: last?.drift ?? null, maxAbsDrift, changes };
}

/**
 * Keeps the first point, every point whose forecast differs from the one before, and the last:
 * a year of daily snapshots of a steady journey charts as two points, not 365.
 */
export function compactForecastSeries<T extends ForecastPoint>(points: readonly T[]): T[] {
  const sorted = [...points].sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0));
  return sorted.filter((p, i) => i === 0 || i === sorted.length - 1 || p.forecastGoLive !== sorted[i - 1].forecastGoLive);
}

export type GoLiveAccuracy = 'early' | 'on_time' | 'late';

export interface ForecastAccuracy {
  /** Working days from the planned go-live to the actual one (positive = went live late). */
  readonly errorWorkingDays: number;
  readonly verdict: GoLiveAccuracy;
}

/**
 * For a live journey: how far the plan it was judged against (a baseline's go-live, or the target)
 * was from what happened. `toleranceWorkingDays` lets an organisation call "two days late" on time.
 */
export function forecastAccuracy(
  planned: CivilDate | null,
  actual: CivilDate | null,
  calendar: WorkingDayCalendar,
  toleranceWorkingDays = 0,
): ForecastAccuracy | null {
  if (!planned || !actual) return null;
  if (!Number.isInteger(toleranceWorkingDays) || toleranceWorkingDays < 0) {
    throw new RangeError(`tolerance must be a whole number of working days ≥ 0, got ${toleranceWorkingDays}`);
  }
  const errorWorkingDays = calendar.workingDaysBetween(planned, actual);
  const verdict: GoLiveAccuracy = Math.abs(errorWorkingDays) <= toleranceWorkingDays ? 'on_time' : errorWorkingDays < 0 ? 'early' : 'late';
  return { errorWorkingDays, verdict };
}
