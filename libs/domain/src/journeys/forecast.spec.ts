import fc from 'fast-check';
import { addDays } from '../calendar/civil-date';
import { WorkingDayCalendar } from '../calendar/working-days';
import { forecastJourney, type ChangeFreeze, type ForecastStageInput, type OpenBlocker } from './forecast';

const calendar = new WorkingDayCalendar();
const TODAY = '2026-11-23'; // a Monday

const stage = (key: string, durationWorkingDays: number, extra: Partial<ForecastStageInput> = {}): ForecastStageInput => ({
  key,
  status: 'not_started',
  durationWorkingDays,
  ...extra,
});

describe('forecastJourney', () => {
  it('chains remaining stages from today by their working-day durations', () => {
    const result = forecastJourney([stage('scal', 5), stage('mil', 10)], { today: TODAY, calendar });
    expect(result).toEqual([
      { key: 'scal', start: '2026-11-23', end: '2026-11-30', actual: false },
      { key: 'mil', start: '2026-11-30', end: '2026-12-14', actual: false },
    ]);
  });

  it('keeps actuals, continues from the later of today and the last actual date, and skips bank holidays', () => {
    const result = forecastJourney(
      [stage('prereq', 5, { status: 'done', actualStart: '2026-11-02', actualEnd: '2026-11-30' }), stage('scal', 5)],
      { today: TODAY, calendar },
    );
    expect(result[0]).toEqual({ key: 'prereq', start: '2026-11-02', end: '2026-11-30', actual: true });
    expect(result[1]).toEqual({ key: 'scal', start: '2026-11-30', end: '2026-12-07', actual: false });
    // Over Christmas: 25 and 28 December 2026 and 1 January 2027 are bank holidays.
    expect(forecastJourney([stage('x', 5)], { today: '2026-12-24', calendar })[0].end).toBe('2027-01-05');
  });

  it('does not end a stage in progress before today', () => {
    const [result] = forecastJourney([stage('ste', 5, { status: 'in_progress', actualStart: '2026-10-01' })], { today: TODAY, calendar });
    expect(result).toEqual({ key: 'ste', start: '2026-10-01', end: TODAY, actual: false });
  });

  it('respects pinned planned dates and open blocking items', () => {
    const result = forecastJourney(
      [stage('assurance', 5, { pinned: true, plannedStart: '2027-01-11', plannedEnd: '2027-02-01' }), stage('rtc', 2)],
      { today: TODAY, calendar, blockers: [{ stageKey: 'rtc', dueDate: '2027-03-01' }] },
    );
    expect(result.map((r) => [r.start, r.end])).toEqual([
      ['2027-01-11', '2027-02-01'],
      ['2027-02-01', '2027-03-01'],
    ]);
  });

  it('moves a completion out of a provider change freeze', () => {
    const [result] = forecastJourney([stage('live', 5)], { today: TODAY, calendar, freezes: [{ from: '2026-11-27', to: '2027-01-04' }] });
    expect(result.end).toBe('2027-01-05');
  });
});

describe('forecastJourney properties', () => {
  const day = fc.integer({ min: 0, max: 700 }).map((n) => addDays('2026-01-01', n));
  const stages = fc.array(
    fc.record({
      duration: fc.integer({ min: 0, max: 40 }),
      status: fc.constantFrom('not_started', 'in_progress', 'done', 'skipped', 'blocked'),
      a: day,
      b: day,
      pinned: fc.boolean(),
    }),
    { minLength: 1, maxLength: 12 },
  );
  const toInputs = (raw: { duration: number; status: string; a: string; b: string; pinned: boolean }[]): ForecastStageInput[] =>
    raw.map((r, i) => {
      const [lo, hi] = r.a <= r.b ? [r.a, r.b] : [r.b, r.a];
      const status = r.status as ForecastStageInput['status'];
      return {
        key: `s${i}`,
        status,
        durationWorkingDays: r.duration,
        actualStart: status === 'not_started' ? null : lo,
        actualEnd: status === 'done' || status === 'skipped' ? hi : null,
        plannedStart: lo,
        plannedEnd: hi,
        pinned: r.pinned,
      };
    });
  const freeze = fc.tuple(day, fc.integer({ min: 0, max: 30 })).map(([from, len]): ChangeFreeze => ({ from, to: addDays(from, len) }));

  it('never forecasts before the actuals or before today', () => {
    fc.assert(
      fc.property(stages, day, (raw, today) => {
        const inputs = toInputs(raw);
        const result = forecastJourney(inputs, { today, calendar });
        const lastActual = inputs.reduce((m, s) => (s.actualEnd && s.actualEnd > m ? s.actualEnd : m), '');
        result.forEach((r, i) => {
          if (r.actual) {
            expect([r.start, r.end]).toEqual([inputs[i].actualStart, inputs[i].actualEnd]);
          } else {
            expect(r.end! >= today).toBe(true);
            expect(r.end! >= r.start!).toBe(true);
            if (inputs[i].status === 'not_started') expect(r.start! >= lastActual).toBe(true);
          }
        });
      }),
    );
  });

  it('never brings a date earlier when a freeze or a blocking item is added', () => {
    fc.assert(
      fc.property(stages, day, freeze, fc.integer({ min: 0, max: 11 }), day, (raw, today, extraFreeze, blockerIndex, due) => {
        const inputs = toInputs(raw);
        const before = forecastJourney(inputs, { today, calendar });
        const withFreeze = forecastJourney(inputs, { today, calendar, freezes: [extraFreeze] });
        const blockers: OpenBlocker[] = [{ stageKey: `s${blockerIndex % inputs.length}`, dueDate: due }];
        const withBlocker = forecastJourney(inputs, { today, calendar, blockers });
        before.forEach((b, i) => {
          if (b.end) {
            expect(withFreeze[i].end! >= b.end).toBe(true);
            expect(withBlocker[i].end! >= b.end).toBe(true);
          }
        });
      }),
    );
  });
});
