import fc from 'fast-check';
import { addDays } from '../calendar/civil-date';
import { WorkingDayCalendar } from '../calendar/working-days';
import { DomainError } from '../errors/domain-error';
import { DEFAULT_STATUS_THRESHOLDS, statusColour, validateThresholds, type StatusColour, type StatusThresholds } from './status-colour';

const calendar = new WorkingDayCalendar();
const TARGET = '2027-03-01'; // a Monday
/** The colour of a forecast `slip` working days after the target (before it when negative). */
const colourAt = (slip: number, thresholds: StatusThresholds = DEFAULT_STATUS_THRESHOLDS) => statusColour(calendar.addWorkingDays(TARGET, slip), TARGET, thresholds, calendar);

describe('statusColour', () => {
  it('by default: late after the target, at risk within 10 working days of it, on track before that', () => {
    expect(DEFAULT_STATUS_THRESHOLDS).toEqual({ atRiskWithinWorkingDays: 10, lateAfterWorkingDays: 0 });
    expect(colourAt(20)).toBe('late');
    expect(colourAt(1)).toBe('late');
    expect(colourAt(0)).toBe('at_risk');
    expect(colourAt(-9)).toBe('at_risk');
    expect(colourAt(-10)).toBe('on_track');
    expect(colourAt(-60)).toBe('on_track');
  });

  it('moves with the organisation’s thresholds, boundaries included', () => {
    const thresholds = { atRiskWithinWorkingDays: 5, lateAfterWorkingDays: 3 };
    expect([4, 3, 0, -4, -5].map((slip) => colourAt(slip, thresholds))).toEqual(['late', 'at_risk', 'at_risk', 'at_risk', 'on_track']);
    // No amber band: on target is on track, one day over is late.
    const strict = { atRiskWithinWorkingDays: 0, lateAfterWorkingDays: 0 };
    expect([1, 0, -1].map((slip) => colourAt(slip, strict))).toEqual(['late', 'on_track', 'on_track']);
  });

  it('counts working days, not calendar days', () => {
    // 24 Dec 2026 to 5 Jan 2027 is 12 calendar days but 5 working days (Christmas, Boxing Day substitute, New Year).
    expect(statusColour('2027-01-05', '2026-12-24', { atRiskWithinWorkingDays: 0, lateAfterWorkingDays: 5 }, calendar)).toBe('at_risk');
    expect(statusColour('2027-01-05', '2026-12-24', { atRiskWithinWorkingDays: 0, lateAfterWorkingDays: 4 }, calendar)).toBe('late');
    // A forecast on the weekend after a Friday target has not slipped a working day.
    expect(statusColour('2027-02-27', '2027-02-26', DEFAULT_STATUS_THRESHOLDS, calendar)).toBe('at_risk');
  });

  it('is null without a forecast or a target', () => {
    expect(statusColour(null, TARGET, DEFAULT_STATUS_THRESHOLDS, calendar)).toBeNull();
    expect(statusColour(TARGET, null, DEFAULT_STATUS_THRESHOLDS, calendar)).toBeNull();
    expect(statusColour(null, null, DEFAULT_STATUS_THRESHOLDS, calendar)).toBeNull();
  });

  it('never looks better when the forecast moves later', () => {
    const rank: Record<StatusColour, number> = { on_track: 0, at_risk: 1, late: 2 };
    const day = fc.integer({ min: -200, max: 200 }).map((n) => addDays(TARGET, n));
    const thresholds = fc.record({ atRiskWithinWorkingDays: fc.integer({ min: 0, max: 260 }), lateAfterWorkingDays: fc.integer({ min: 0, max: 260 }) });
    fc.assert(
      fc.property(day, day, thresholds, (a, b, t) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(rank[statusColour(late, TARGET, t, calendar)!]).toBeGreaterThanOrEqual(rank[statusColour(early, TARGET, t, calendar)!]);
      }),
    );
  });
});

describe('validateThresholds', () => {
  it('accepts whole numbers of working days from 0 to 260', () => {
    const thresholds = { atRiskWithinWorkingDays: 0, lateAfterWorkingDays: 260 };
    expect(validateThresholds(thresholds)).toBe(thresholds);
    expect(validateThresholds(DEFAULT_STATUS_THRESHOLDS)).toBe(DEFAULT_STATUS_THRESHOLDS);
  });

  it.each([
    [{ atRiskWithinWorkingDays: -1, lateAfterWorkingDays: 0 }, 'atRiskWithinWorkingDays'],
    [{ atRiskWithinWorkingDays: 10, lateAfterWorkingDays: -5 }, 'lateAfterWorkingDays'],
    [{ atRiskWithinWorkingDays: 2.5, lateAfterWorkingDays: 0 }, 'atRiskWithinWorkingDays'],
    [{ atRiskWithinWorkingDays: 10, lateAfterWorkingDays: 0.1 }, 'lateAfterWorkingDays'],
    [{ atRiskWithinWorkingDays: Number.NaN, lateAfterWorkingDays: 0 }, 'atRiskWithinWorkingDays'],
    [{ atRiskWithinWorkingDays: 10, lateAfterWorkingDays: 261 }, 'lateAfterWorkingDays'],
  ])('refuses %j, naming %s', (thresholds, field) => {
    let error: unknown;
    try {
      validateThresholds(thresholds);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'invalid', code: 'invalid_threshold', message: expect.stringContaining(field) });
  });
});
