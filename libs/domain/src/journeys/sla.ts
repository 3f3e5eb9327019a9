import type { CivilDate } from '../calendar/civil-date';
import type { WorkingDayCalendar } from '../calendar/working-days';
import type { StageState } from './stage-state';
import type { StageSla } from './templates';

export type SlaState = 'running' | 'due_today' | 'breached';

export interface SlaClock {
  readonly label: string;
  readonly slaWorkingDays: number;
  readonly elapsedWorkingDays: number;
  readonly remainingWorkingDays: number;
  readonly state: SlaState;
  /** The working day the response is due. */
  readonly dueOn: CivilDate;
  readonly confirmed: boolean;
}

/**
 * The SLA clock of a stage waiting on the party its template's SLA binds ("5 working days for an
 * NHS England response"), counted in working days from the day it started waiting. Null when no
 * clock runs: no SLA, or the stage is not waiting on that party.
 */
export function slaClock(stage: StageState, sla: StageSla | undefined, today: CivilDate, calendar: WorkingDayCalendar): SlaClock | null {
  if (!sla || stage.slaWorkingDays === null || !stage.waitingSince) return null;
  const waitingStatus = sla.waitingOn === 'nhs_england' ? 'waiting_nhs_england' : 'waiting_provider';
  if (stage.status !== waitingStatus) return null;
  // Day 0 is the first working day of the wait, as addWorkingDays counts it: counting from a
  // Saturday or a bank holiday itself would put the clock a day ahead, breached on its own due day.
  const start = calendar.addWorkingDays(stage.waitingSince, 0);
  const elapsed = Math.max(0, calendar.workingDaysBetween(start, today));
  const remaining = stage.slaWorkingDays - elapsed;
  return {
    label: sla.label,
    slaWorkingDays: stage.slaWorkingDays,
    elapsedWorkingDays: elapsed,
    remainingWorkingDays: remaining,
    state: remaining < 0 ? 'breached' : remaining === 0 ? 'due_today' : 'running',
    dueOn: calendar.addWorkingDays(start, stage.slaWorkingDays),
    confirmed: sla.confirmed,
  };
}
