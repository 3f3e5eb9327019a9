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

describe('forecastJourney with parallel tracks (after)', () => {
  const diamond = [stage('a', 5), stage('b', 10, { after: ['a'] }), stage('c', 3, { after: ['a'] }), stage('d', 2, { after: ['b', 'c'] })];

  it('starts a stage when the stages it follows end, not when every earlier stage ends', () => {
    expect(forecastJourney(diamond, { today: TODAY, calendar })).toEqual([
      { key: 'a', start: '2026-11-23', end: '2026-11-30', actual: false },
      { key: 'b', start: '2026-11-30', end: '2026-12-14', actual: false },
      { key: 'c', start: '2026-11-30', end: '2026-12-03', actual: false },
      { key: 'd', start: '2026-12-14', end: '2026-12-16', actual: false },
    ]);
    // Without `after`, c would wait for b.
    const chained = forecastJourney(diamond.map(({ after: _after, ...s }) => s), { today: TODAY, calendar });
    expect(chained.map((r) => [r.key, r.start])).toEqual([
      ['a', '2026-11-23'],
      ['b', '2026-11-30'],
      ['c', '2026-12-14'],
      ['d', '2026-12-17'],
    ]);
  });

  it('waits for the later of the stages it follows, whichever track it is on', () => {
    const result = forecastJourney([stage('a', 5), stage('b', 2, { after: ['a'] }), stage('c', 20, { after: ['a'] }), stage('d', 1, { after: ['b', 'c'] })], { today: TODAY, calendar });
    expect(result[3].start).toBe(result[2].end);
  });

  it('starts a stage that follows nothing from today, and never before the last actual date', () => {
    expect(forecastJourney([stage('a', 10), stage('side', 3, { after: [] })], { today: TODAY, calendar })[1]).toEqual({ key: 'side', start: TODAY, end: '2026-11-26', actual: false });
    const result = forecastJourney([stage('a', 5, { status: 'done', actualStart: '2026-11-02', actualEnd: '2026-11-25' }), stage('side', 3, { after: [] }), stage('b', 3, { after: ['a'] })], {
      today: TODAY,
      calendar,
    });
    expect(result.map((r) => r.start)).toEqual(['2026-11-02', '2026-11-25', '2026-11-25']);
  });

  it('follows a finished stage from the forecast origin (today), not from its past actual end', () => {
    const result = forecastJourney([stage('a', 5, { status: 'done', actualStart: '2026-10-01', actualEnd: '2026-10-15' }), stage('b', 5, { after: ['a'] })], { today: TODAY, calendar });
    expect(result[1]).toEqual({ key: 'b', start: TODAY, end: '2026-11-30', actual: false });
  });

  it('follows a stage in progress from its forecast end', () => {
    const result = forecastJourney([stage('a', 10, { status: 'in_progress', actualStart: '2026-11-16' }), stage('side', 2, { after: [] }), stage('b', 1, { after: ['a'] })], { today: TODAY, calendar });
    expect(result[0].end).toBe('2026-11-30');
    expect(result[1].start).toBe(TODAY);
    expect(result[2].start).toBe('2026-11-30');
  });

  it('still honours pinned dates, blocking items and freezes on a parallel stage', () => {
    const pinned = forecastJourney([stage('a', 5), stage('c', 3, { after: [], pinned: true, plannedStart: '2026-12-07', plannedEnd: '2026-12-09' })], { today: TODAY, calendar });
    expect(pinned[1]).toMatchObject({ start: '2026-12-07', end: '2026-12-10' });
    const earlierPin = forecastJourney([stage('a', 5), stage('c', 3, { after: ['a'], pinned: true, plannedStart: '2026-11-24' })], { today: TODAY, calendar });
    expect(earlierPin[1].start).toBe('2026-11-30');
    const held = forecastJourney(diamond, { today: TODAY, calendar, blockers: [{ stageKey: 'c', dueDate: '2026-12-21' }], freezes: [{ from: '2026-12-22', to: '2026-12-23' }] });
    expect(held[2].end).toBe('2026-12-21');
    expect(held[3]).toMatchObject({ start: '2026-12-21', end: '2026-12-24' });
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

  /** For each stage, a bit mask choosing which earlier stages it follows. */
  const masks = fc.array(fc.integer({ min: 0, max: 4095 }), { minLength: 12, maxLength: 12 });
  const withAfter = (inputs: ForecastStageInput[], mask: number[]): ForecastStageInput[] =>
    inputs.map((s, i) => ({ ...s, after: inputs.slice(0, i).filter((_, j) => mask[i] & (1 << j)).map((e) => e.key) }));

  it('treats after listing every earlier stage like no after at all', () => {
    fc.assert(
      fc.property(stages, day, (raw, today) => {
        const inputs = toInputs(raw);
        const all = inputs.map((s, i) => ({ ...s, after: inputs.slice(0, i).map((e) => e.key) }));
        expect(forecastJourney(all, { today, calendar })).toEqual(forecastJourney(inputs, { today, calendar }));
      }),
    );
  });

  it('never starts a stage before the stages it follows end, nor before the actuals', () => {
    fc.assert(
      fc.property(stages, day, masks, (raw, today, mask) => {
        const inputs = withAfter(toInputs(raw), mask);
        const result = forecastJourney(inputs, { today, calendar });
        const lastActual = inputs.reduce((m, s) => (s.actualEnd && s.actualEnd > m ? s.actualEnd : m), '');
        result.forEach((r, i) => {
          if (r.actual || inputs[i].status !== 'not_started') return;
          expect(r.start! >= lastActual && r.end! >= today).toBe(true);
          for (const key of inputs[i].after!) {
            const before = result.find((x) => x.key === key)!;
            if (before.end) expect(r.start! >= before.end).toBe(true);
          }
        });
      }),
    );
  });

  it('never moves a date later when a stage follows fewer stages', () => {
    fc.assert(
      fc.property(stages, day, masks, masks, (raw, today, mask, drop) => {
        const inputs = withAfter(toInputs(raw), mask);
        const fewer = inputs.map((s, i) => ({ ...s, after: s.after!.filter((_, j) => !(drop[i] & (1 << j))) }));
        const before = forecastJourney(inputs, { today, calendar });
        forecastJourney(fewer, { today, calendar }).forEach((r, i) => expect(r.end! <= before[i].end!).toBe(true));
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
