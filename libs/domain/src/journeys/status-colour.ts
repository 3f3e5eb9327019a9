import type { CivilDate } from '../calendar/civil-date';
import type { WorkingDayCalendar } from '../calendar/working-days';
import { DomainError } from '../errors/domain-error';

export const STATUS_COLOURS = ['on_track', 'at_risk', 'late'] as const;
export type StatusColour = (typeof STATUS_COLOURS)[number];

/** Per organisation: how close to the target a forecast may come before a journey shows amber or red. */
export interface StatusThresholds {
  /** Amber when the forecast go-live is within this many working days of the target (or later). */
  readonly atRiskWithinWorkingDays: number;
  /** Red when the forecast go-live is more than this many working days after the target. */
  readonly lateAfterWorkingDays: number;
}

export const DEFAULT_STATUS_THRESHOLDS: StatusThresholds = { atRiskWithinWorkingDays: 10, lateAfterWorkingDays: 0 };

export function validateThresholds(thresholds: StatusThresholds): StatusThresholds {
  const { atRiskWithinWorkingDays: amber, lateAfterWorkingDays: red } = thresholds;
  for (const [name, value] of [['atRiskWithinWorkingDays', amber], ['lateAfterWorkingDays', red]] as const) {
    if (!Number.isInteger(value) || value < 0 || value > 260) throw new DomainError('invalid', 'invalid_threshold', `${name} must be a whole number of working days from 0 to 260.`);
  }
  return thresholds;
}

/**
 * On track / at risk / late, from the forecast go-live against the target. Null when there is no
 * target to judge against (or nothing left to forecast: live or withdrawn journeys).
 */
export function statusColour(forecastGoLive: CivilDate | null, target: CivilDate | null, thresholds: StatusThresholds, calendar: WorkingDayCalendar): StatusColour | null {
  if (!forecastGoLive || !target) return null;
  const slip = calendar.workingDaysBetween(target, forecastGoLive);
  if (slip > thresholds.lateAfterWorkingDays) return 'late';
  if (slip > -thresholds.atRiskWithinWorkingDays) return 'at_risk';
  return 'on_track';
}
