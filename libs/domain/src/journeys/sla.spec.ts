import fc from 'fast-check';
import { addDays } from '../calendar/civil-date';
import { WorkingDayCalendar } from '../calendar/working-days';
import { slaClock } from './sla';
import { instantiateStage, type StageState } from './stage-state';
import { findTemplate, type StageSla } from './templates';

const calendar = new WorkingDayCalendar();
const GATE_2 = findTemplate('gpc_three_gates', 1)!.stages.find((s) => s.key === 'gate_2')!;
const NHS_SLA = GATE_2.sla!; // INT access: 5 working days, on NHS England, unconfirmed
const PROVIDER_SLA: StageSla = { workingDays: 3, waitingOn: 'provider', label: 'Provider response', confirmed: true, source: 'https://example.org' };

const waiting = (waitingSince: string, status: StageState['status'] = 'waiting_nhs_england', slaWorkingDays: number | null = 5): StageState => ({
  ...instantiateStage(GATE_2),
  status,
  actualStart: '2026-11-02',
  waitingSince,
  slaWorkingDays,
});

describe('slaClock', () => {
  it('counts working days from the day the stage started waiting, across Christmas bank holidays', () => {
    // Wed 23 Dec 2026; 25 and 28 December and 1 January are bank holidays.
    const stage = waiting('2026-12-23');
    const on = (today: string) => slaClock(stage, NHS_SLA, today, calendar);
    expect(on('2026-12-23')).toEqual({ label: 'INT access', slaWorkingDays: 5, elapsedWorkingDays: 0, remainingWorkingDays: 5, state: 'running', dueOn: '2027-01-04', confirmed: false });
    expect(on('2026-12-24')).toMatchObject({ elapsedWorkingDays: 1, remainingWorkingDays: 4, state: 'running' });
    expect(on('2026-12-29')).toMatchObject({ elapsedWorkingDays: 2, remainingWorkingDays: 3, state: 'running' });
    expect(on('2026-12-31')).toMatchObject({ elapsedWorkingDays: 4, remainingWorkingDays: 1, state: 'running' });
    expect(on('2027-01-01')).toMatchObject({ elapsedWorkingDays: 4, state: 'running' });
    expect(on('2027-01-04')).toMatchObject({ elapsedWorkingDays: 5, remainingWorkingDays: 0, state: 'due_today' });
    expect(on('2027-01-05')).toMatchObject({ elapsedWorkingDays: 6, remainingWorkingDays: -1, state: 'breached' });
  });

  it('runs a provider clock over Easter 2027', () => {
    // Wed 24 March 2027; Good Friday 26 March and Easter Monday 29 March.
    const stage = waiting('2027-03-24', 'waiting_provider', 3);
    const on = (today: string) => slaClock(stage, PROVIDER_SLA, today, calendar);
    expect(on('2027-03-26')).toMatchObject({ elapsedWorkingDays: 1, state: 'running', dueOn: '2027-03-31', confirmed: true, label: 'Provider response' });
    expect(on('2027-03-30')).toMatchObject({ elapsedWorkingDays: 2, remainingWorkingDays: 1, state: 'running' });
    expect(on('2027-03-31')).toMatchObject({ elapsedWorkingDays: 3, state: 'due_today' });
    expect(on('2027-04-01')).toMatchObject({ state: 'breached', remainingWorkingDays: -1 });
  });

  it("uses the journey stage's own SLA figure over the template's", () => {
    expect(slaClock(waiting('2026-11-16', 'waiting_nhs_england', 10), NHS_SLA, '2026-11-23', calendar)).toMatchObject({ slaWorkingDays: 10, elapsedWorkingDays: 5, remainingWorkingDays: 5, dueOn: '2026-11-30' });
  });

  it('is due on the due day even when the wait began on a weekend or a bank holiday', () => {
    for (const since of ['2026-11-21', '2026-11-22', '2026-12-25', '2026-12-26']) {
      const clock = slaClock(waiting(since), NHS_SLA, '2026-11-23', calendar)!;
      expect({ since, state: slaClock(waiting(since), NHS_SLA, clock.dueOn, calendar)!.state }).toEqual({ since, state: 'due_today' });
    }
    // Waiting since Saturday: the clock starts on Monday, like a wait that began on Monday.
    expect(slaClock(waiting('2026-11-21'), NHS_SLA, '2026-11-27', calendar)).toEqual(slaClock(waiting('2026-11-23'), NHS_SLA, '2026-11-27', calendar));
    expect(slaClock(waiting('2026-11-21'), NHS_SLA, '2026-11-22', calendar)).toMatchObject({ elapsedWorkingDays: 0, remainingWorkingDays: 5 });
  });

  it('does not count backwards when today is before the wait began', () => {
    expect(slaClock(waiting('2026-11-23'), NHS_SLA, '2026-11-18', calendar)).toMatchObject({ elapsedWorkingDays: 0, remainingWorkingDays: 5, state: 'running' });
  });

  it('is null when no clock runs', () => {
    expect(slaClock(waiting('2026-11-16'), undefined, '2026-11-23', calendar)).toBeNull();
    expect(slaClock(waiting('2026-11-16', 'waiting_nhs_england', null), NHS_SLA, '2026-11-23', calendar)).toBeNull();
    expect(slaClock({ ...waiting('2026-11-16'), waitingSince: null }, NHS_SLA, '2026-11-23', calendar)).toBeNull();
    // Waiting on the other party, or not waiting at all.
    expect(slaClock(waiting('2026-11-16', 'waiting_provider'), NHS_SLA, '2026-11-23', calendar)).toBeNull();
    expect(slaClock(waiting('2026-11-16', 'waiting_nhs_england', 3), PROVIDER_SLA, '2026-11-23', calendar)).toBeNull();
    for (const status of ['not_started', 'in_progress', 'blocked', 'done', 'skipped'] as const) {
      expect(slaClock(waiting('2026-11-16', status), NHS_SLA, '2026-11-23', calendar)).toBeNull();
    }
  });

  it('agrees with its due date: running before it, due on it, breached after it (on working days)', () => {
    const day = fc.integer({ min: 0, max: 800 }).map((n) => addDays('2026-01-01', n));
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 60 }), (since, sla, later) => {
        const stage = waiting(since, 'waiting_nhs_england', sla);
        const today = addDays(since, later);
        const clock = slaClock(stage, NHS_SLA, today, calendar)!;
        expect(clock.elapsedWorkingDays + clock.remainingWorkingDays).toBe(sla);
        expect(clock.elapsedWorkingDays).toBeGreaterThanOrEqual(0);
        expect(calendar.isWorkingDay(clock.dueOn) && clock.dueOn >= since).toBe(true);
        expect(slaClock(stage, NHS_SLA, clock.dueOn, calendar)!.state).toBe('due_today');
        if (calendar.isWorkingDay(today)) expect(clock.state).toBe(today < clock.dueOn ? 'running' : today === clock.dueOn ? 'due_today' : 'breached');
      }),
    );
  });
});
