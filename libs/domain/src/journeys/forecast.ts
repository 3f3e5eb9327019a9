import { addDays, type CivilDate } from '../calendar/civil-date';
import type { WorkingDayCalendar } from '../calendar/working-days';
import type { StageStatus } from './stage-state';

/**
 * When will each remaining stage of a journey finish? A pure function of the stages, today, the
 * working-day calendar, provider change freezes and open blocking items.
 *
 * Rules:
 * - Finished stages keep their actual dates; the forecast starts from the later of today and the
 *   last actual date (work cannot be forecast into the past).
 * - A stage in progress ends its default duration after its actual start, but not before today.
 * - A stage not started starts when the stages it follows end (`after`; by default every earlier
 *   stage), or on its planned start if that is pinned and later; it ends its default duration
 *   later, or on its pinned planned end if later. Parallel tracks name what they follow.
 * - An open blocking item holds its stage until the item is due (or today, if overdue).
 * - A stage cannot complete inside a provider change freeze: it moves to the first working day
 *   after the freeze.
 */
export type ForecastStageStatus = StageStatus;

export interface ForecastStageInput {
  readonly key: string;
  readonly status: ForecastStageStatus;
  readonly durationWorkingDays: number;
  readonly actualStart?: CivilDate | null;
  readonly actualEnd?: CivilDate | null;
  readonly plannedStart?: CivilDate | null;
  readonly plannedEnd?: CivilDate | null;
  /** Planned dates agreed with NHS England or the provider: the forecast does not move them earlier. */
  readonly pinned?: boolean;
  /** Keys of the stages this one follows; omitted means every stage before it. */
  readonly after?: readonly string[];
}

export interface ChangeFreeze {
  readonly from: CivilDate;
  readonly to: CivilDate;
}

export interface OpenBlocker {
  readonly stageKey: string;
  readonly dueDate: CivilDate;
}

export interface StageForecast {
  readonly key: string;
  readonly start: CivilDate | null;
  readonly end: CivilDate | null;
  /** True when the dates are actuals, not a forecast. */
  readonly actual: boolean;
}

const later = (a: CivilDate, b: CivilDate | null | undefined): CivilDate => (b && b > a ? b : a);

function outsideFreezes(date: CivilDate, freezes: readonly ChangeFreeze[], calendar: WorkingDayCalendar): CivilDate {
  let day = calendar.addWorkingDays(date, 0);
  for (let moved = true; moved; ) {
    moved = false;
    for (const freeze of freezes) {
      if (day >= freeze.from && day <= freeze.to) {
        day = calendar.addWorkingDays(addDays(freeze.to, 1), 0);
        moved = true;
      }
    }
  }
  return day;
}

export function forecastJourney(
  stages: readonly ForecastStageInput[],
  context: { today: CivilDate; calendar: WorkingDayCalendar; freezes?: readonly ChangeFreeze[]; blockers?: readonly OpenBlocker[] },
): StageForecast[] {
  const { today, calendar, freezes = [], blockers = [] } = context;
  const lastActual = stages.reduce<CivilDate | null>((max, s) => (s.actualEnd && (!max || s.actualEnd > max) ? s.actualEnd : max), null);
  const origin = calendar.addWorkingDays(later(today, lastActual), 0);
  let cursor = origin;
  const ends = new Map<string, CivilDate>();
  return stages.map((stage) => {
    if (stage.status === 'done' || stage.status === 'skipped') {
      if (stage.actualEnd) ends.set(stage.key, stage.actualEnd);
      return { key: stage.key, start: stage.actualStart ?? null, end: stage.actualEnd ?? null, actual: true };
    }
    const ready = stage.after ? stage.after.reduce((max, key) => later(max, ends.get(key)), origin) : cursor;
    const started = stage.status !== 'not_started' && stage.actualStart ? stage.actualStart : null;
    const start = started ?? calendar.addWorkingDays(stage.pinned ? later(ready, stage.plannedStart) : ready, 0);
    let end = later(calendar.addWorkingDays(start, stage.durationWorkingDays), today);
    if (stage.pinned) end = later(end, stage.plannedEnd);
    for (const blocker of blockers) if (blocker.stageKey === stage.key) end = later(end, later(today, blocker.dueDate));
    end = outsideFreezes(end, freezes, calendar);
    cursor = later(cursor, end);
    ends.set(stage.key, end);
    return { key: stage.key, start, end, actual: false };
  });
}
