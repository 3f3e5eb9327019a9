import type { CivilDate } from '../calendar/civil-date';
import type { WorkingDayCalendar } from '../calendar/working-days';
import { forecastJourney, type ChangeFreeze, type OpenBlocker } from './forecast';
import { slaClock, type SlaClock } from './sla';
import { currentStage, deriveJourneyStatus, type JourneyStatus, type StageState } from './stage-state';
import { statusColour, type StatusColour, type StatusThresholds } from './status-colour';
import { predecessorsOf, type JourneyTemplate } from './templates';

export interface StageOutlook {
  readonly key: string;
  readonly forecastStart: CivilDate | null;
  readonly forecastEnd: CivilDate | null;
  /** True when the dates are actuals. */
  readonly actual: boolean;
  readonly sla: SlaClock | null;
}

export interface JourneyOutlook {
  readonly status: JourneyStatus;
  readonly currentStageKey: string;
  /** Live date when live; forecast otherwise; null when withdrawn. */
  readonly forecastGoLive: CivilDate | null;
  readonly statusColour: StatusColour | null;
  readonly stages: readonly StageOutlook[];
}

export interface OutlookContext {
  readonly today: CivilDate;
  readonly calendar: WorkingDayCalendar;
  readonly thresholds: StatusThresholds;
  readonly targetGoLive: CivilDate | null;
  readonly freezes: readonly ChangeFreeze[];
  /** Open blocking items with a due date (those without one cannot move a forecast). */
  readonly blockers: readonly OpenBlocker[];
}

/**
 * Everything a portfolio cell, a journey page or a timeline row shows about where a journey stands:
 * its status, current stage, per-stage forecast and SLA clocks, go-live forecast and colour.
 */
export function journeyOutlook(template: JourneyTemplate, journey: { withdrawn: boolean; stages: readonly StageState[] }, context: OutlookContext): JourneyOutlook {
  const status = deriveJourneyStatus(template, journey);
  const slas = new Map(template.stages.map((s) => [s.key, s.sla]));
  const forecast = forecastJourney(
    journey.stages.map((s) => ({ ...s, after: predecessorsOf(template, s.key) })),
    { today: context.today, calendar: context.calendar, freezes: context.freezes, blockers: context.blockers },
  );
  const liveKey = template.stages.find((s) => s.milestone === 'live')?.key;
  const goLive = forecast.find((f) => f.key === liveKey) ?? forecast[forecast.length - 1];
  const forecastGoLive = status === 'withdrawn' ? null : goLive?.end ?? null;
  return {
    status,
    currentStageKey: currentStage(template, journey.stages).key,
    forecastGoLive,
    statusColour: status === 'live' || status === 'withdrawn' ? null : statusColour(forecastGoLive, context.targetGoLive, context.thresholds, context.calendar),
    stages: journey.stages.map((stage, i) => ({
      key: stage.key,
      forecastStart: forecast[i].start,
      forecastEnd: forecast[i].end,
      actual: forecast[i].actual,
      sla: slaClock(stage, slas.get(stage.key), context.today, context.calendar),
    })),
  };
}
