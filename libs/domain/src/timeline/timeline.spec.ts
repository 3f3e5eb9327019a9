import fc from 'fast-check';
import { addDays } from '../calendar/civil-date';
import { WorkingDayCalendar } from '../calendar/working-days';
import { JOURNEY_TEMPLATES } from '../journeys/templates';
import { compactForecastSeries, forecastAccuracy, forecastDrift } from './forecast-drift';
import { journeySlip, slipWorkingDays } from './slip';

const calendar = new WorkingDayCalendar();
const day = fc.integer({ min: 0, max: 900 }).map((n) => addDays('2026-01-01', n));

describe('slipWorkingDays', () => {
  it('counts working days, skipping the Christmas bank holidays', () => {
    // Thu 24 Dec 2026 → Tue 29 Dec: Fri 25 and Mon 28 (Boxing Day substitute) are bank holidays.
    expect(slipWorkingDays('2026-12-24', '2026-12-29', calendar)).toBe(1);
    expect(slipWorkingDays('2026-12-29', '2026-12-24', calendar)).toBe(-1);
    expect(slipWorkingDays('2026-03-02', '2026-03-09', calendar)).toBe(5);
  });

  it('has no slip without both dates', () => {
    expect(slipWorkingDays(null, '2026-03-09', calendar)).toBeNull();
    expect(slipWorkingDays('2026-03-09', null, calendar)).toBeNull();
  });

  it('is antisymmetric and zero on the same day', () => {
    fc.assert(
      fc.property(day, day, (a, b) => {
        expect((slipWorkingDays(a, b, calendar) as number) + (slipWorkingDays(b, a, calendar) as number)).toBe(0);
        expect(slipWorkingDays(a, a, calendar)).toBe(0);
      }),
    );
  });

  it('adds up along a chain of dates', () => {
    fc.assert(
      fc.property(day, day, day, (a, b, c) => {
        expect(slipWorkingDays(a, c, calendar)).toBe((slipWorkingDays(a, b, calendar) as number) + (slipWorkingDays(b, c, calendar) as number));
      }),
    );
  });
});

describe('journeySlip', () => {
  const baseline = [
    { key: 'prerequisites', start: '2026-01-05', end: '2026-01-30' },
    { key: 'supported_testing', start: '2026-02-02', end: '2026-03-27' },
    { key: 'old_stage', start: '2026-03-30', end: '2026-04-03' },
    { key: 'live', start: '2026-06-01', end: '2026-06-01' },
  ];
  const current = [
    { key: 'prerequisites', start: '2026-01-05', end: '2026-01-30' },
    { key: 'supported_testing', start: '2026-02-02', end: '2026-04-17' },
    { key: 'new_stage', start: '2026-04-20', end: '2026-04-24' },
    { key: 'live', start: '2026-06-15', end: '2026-06-15' },
  ];

  it('reports per-stage slip, the go-live slip and the worst stage', () => {
    const result = journeySlip(baseline, current, 'live', calendar);
    const byKey = Object.fromEntries(result.stages.map((s) => [s.key, s]));
    expect(byKey['prerequisites'].slip).toBe(0);
    // 27 Mar → 17 Apr 2026: three weeks, less Good Friday (3 Apr) and Easter Monday (6 Apr).
    expect(byKey['supported_testing'].slip).toBe(13);
    expect(byKey['live'].slip).toBe(10);
    expect(result.goLiveSlip).toBe(10);
    expect(result.worstStageKey).toBe('supported_testing');
  });

  it('marks stages only one side has, in plan order then the removed ones', () => {
    const result = journeySlip(baseline, current, 'live', calendar);
    expect(result.stages.map((s) => s.key)).toEqual(['prerequisites', 'supported_testing', 'new_stage', 'live', 'old_stage']);
    expect(result.stages.find((s) => s.key === 'new_stage')).toMatchObject({ added: true, removed: false, slip: null });
    expect(result.stages.find((s) => s.key === 'old_stage')).toMatchObject({ added: false, removed: true, slip: null, baselineEnd: '2026-04-03' });
  });

  it('has no worst stage when nothing slipped and no go-live slip without a milestone', () => {
    const result = journeySlip(baseline, baseline, null, calendar);
    expect(result.worstStageKey).toBeNull();
    expect(result.goLiveSlip).toBeNull();
    expect(result.stages.every((s) => s.slip === 0)).toBe(true);
  });
});

describe('forecastDrift', () => {
  it('measures drift from the first forecast and counts the days it moved', () => {
    const drift = forecastDrift(
      [
        { asOf: '2026-03-03', forecastGoLive: '2026-06-08' },
        { asOf: '2026-03-01', forecastGoLive: '2026-06-01' },
        { asOf: '2026-03-02', forecastGoLive: '2026-06-01' },
        { asOf: '2026-03-04', forecastGoLive: '2026-06-03' },
      ],
      calendar,
    );
    expect(drift.points.map((p) => [p.asOf, p.drift])).toEqual([
      ['2026-03-01', 0],
      ['2026-03-02', 0],
      ['2026-03-03', 5],
      ['2026-03-04', 2],
    ]);
    expect(drift.totalDrift).toBe(2);
    expect(drift.maxAbsDrift).toBe(5);
    expect(drift.changes).toBe(2);
  });

  it('carries no drift on days without a forecast and measures from the first day that had one', () => {
    const drift = forecastDrift(
      [
        { asOf: '2026-03-01', forecastGoLive: null },
        { asOf: '2026-03-02', forecastGoLive: '2026-06-01' },
        { asOf: '2026-03-03', forecastGoLive: null },
        { asOf: '2026-03-04', forecastGoLive: '2026-05-29' },
      ],
      calendar,
    );
    expect(drift.points.map((p) => p.drift)).toEqual([null, 0, null, -1]);
    expect(drift.totalDrift).toBe(-1);
    expect(drift.changes).toBe(1);
  });

  it('is empty without points', () => {
    expect(forecastDrift([], calendar)).toEqual({ points: [], totalDrift: null, maxAbsDrift: 0, changes: 0 });
  });

  it('ends at the slip between the first and last forecasts whatever happened in between', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(day, day), { minLength: 1, maxLength: 30 }), (pairs) => {
        const points = pairs.map(([asOf, forecastGoLive]) => ({ asOf, forecastGoLive }));
        const sorted = [...points].sort((a, b) => (a.asOf < b.asOf ? -1 : a.asOf > b.asOf ? 1 : 0));
        const drift = forecastDrift(points, calendar);
        expect(drift.totalDrift).toBe(slipWorkingDays(sorted[0].forecastGoLive, sorted[sorted.length - 1].forecastGoLive, calendar));
        expect(drift.maxAbsDrift).toBeGreaterThanOrEqual(Math.abs(drift.totalDrift ?? 0));
      }),
    );
  });
});

describe('compactForecastSeries', () => {
  it('keeps the first, last and every change', () => {
    const points = [
      { asOf: '2026-03-01', forecastGoLive: '2026-06-01' },
      { asOf: '2026-03-02', forecastGoLive: '2026-06-01' },
      { asOf: '2026-03-03', forecastGoLive: '2026-06-08' },
      { asOf: '2026-03-04', forecastGoLive: '2026-06-08' },
      { asOf: '2026-03-05', forecastGoLive: '2026-06-08' },
    ];
    expect(compactForecastSeries(points).map((p) => p.asOf)).toEqual(['2026-03-01', '2026-03-03', '2026-03-05']);
  });

  it('never changes what forecastDrift reports', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(day, fc.constantFrom('2026-06-01', '2026-06-08', '2026-07-01')), { maxLength: 40 }), (pairs) => {
        // One point per day, as stored.
        const points = [...new Map(pairs.map(([asOf, forecastGoLive]) => [asOf, { asOf, forecastGoLive }])).values()];
        const full = forecastDrift(points, calendar);
        const compact = forecastDrift(compactForecastSeries(points), calendar);
        expect(compact.totalDrift).toBe(full.totalDrift);
        expect(compact.maxAbsDrift).toBe(full.maxAbsDrift);
        expect(compact.changes).toBe(full.changes);
      }),
    );
  });
});

describe('forecastAccuracy', () => {
  it('says how late or early a journey went live against its plan', () => {
    expect(forecastAccuracy('2026-06-01', '2026-06-08', calendar)).toEqual({ errorWorkingDays: 5, verdict: 'late' });
    expect(forecastAccuracy('2026-06-08', '2026-06-01', calendar)).toEqual({ errorWorkingDays: -5, verdict: 'early' });
    expect(forecastAccuracy('2026-06-01', '2026-06-01', calendar)).toEqual({ errorWorkingDays: 0, verdict: 'on_time' });
  });

  it('treats a slip within the tolerance as on time', () => {
    expect(forecastAccuracy('2026-06-01', '2026-06-03', calendar, 2)).toEqual({ errorWorkingDays: 2, verdict: 'on_time' });
    expect(forecastAccuracy('2026-06-01', '2026-06-04', calendar, 2)).toEqual({ errorWorkingDays: 3, verdict: 'late' });
  });

  it('has nothing to say without both dates and refuses a negative tolerance', () => {
    expect(forecastAccuracy(null, '2026-06-01', calendar)).toBeNull();
    expect(() => forecastAccuracy('2026-06-01', '2026-06-01', calendar, -1)).toThrow(RangeError);
  });
});

describe('go-live milestone', () => {
  it("is the stage keyed 'live' in every template, which the dashboard's live-date query relies on", () => {
    for (const template of JOURNEY_TEMPLATES) expect(template.stages.filter((s) => s.milestone === 'live').map((s) => s.key)).toEqual(['live']);
  });
});
