import fc from 'fast-check';
import { addDays, type CivilDate } from '../calendar/civil-date';
import { WorkingDayCalendar } from '../calendar/working-days';
import { londonOffsetMinutes, londonWallTimeToUtc } from './london-time';
import {
  DEFAULT_REMINDER_SETTINGS,
  diffReminders,
  planReminders,
  reminderId,
  validateReminderSettings,
  type DatedItem,
  type PendingReminder,
  type PlannedReminder,
  type ReminderSettings,
} from './reminders';

const calendar = new WorkingDayCalendar();

const item = (over: Partial<DatedItem> = {}): DatedItem => ({
  kind: 'blocking_item',
  id: '6b1f0c52-4f37-4c55-9a43-1f7c2b0d9e10',
  ownerUserId: 'u1',
  dueOn: '2026-12-14',
  startOn: null,
  started: true,
  completed: false,
  ...over,
});

/** What the London wall clock shows at an instant, read through the platform's time-zone data. */
const london = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
function wallClock(instant: Date): { date: CivilDate; minute: number } {
  const parts = Object.fromEntries(london.formatToParts(instant).map((p) => [p.type, p.value]));
  return { date: `${parts.year}-${parts.month}-${parts.day}`, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

const dateArb = fc.integer({ min: 0, max: 365 * 12 }).map((n) => addDays('2020-01-01', n));
const settingsArb: fc.Arbitrary<ReminderSettings> = fc.record({
  offsetsBefore: fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 4 }),
  onTheDay: fc.boolean(),
  overdueEvery: fc.integer({ min: 1, max: 5 }),
  overdueRepeats: fc.integer({ min: 0, max: 6 }),
  escalateAfter: fc.integer({ min: 0, max: 12 }),
  sendMinuteOfDay: fc.integer({ min: 0, max: 24 * 60 - 1 }),
});
const itemArb: fc.Arbitrary<DatedItem> = fc.record({
  kind: fc.constantFrom('stage_due', 'blocking_item', 'scal_requirement'),
  id: fc.uuid(),
  ownerUserId: fc.option(fc.uuid(), { nil: null }),
  dueOn: dateArb,
  startOn: fc.option(dateArb, { nil: null }),
  started: fc.boolean(),
  completed: fc.boolean(),
});

describe('London wall time to UTC', () => {
  it('is 08:00 GMT in winter and 07:00 UTC in summer', () => {
    expect(londonWallTimeToUtc('2026-01-15', 480).toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(londonWallTimeToUtc('2026-07-15', 480).toISOString()).toBe('2026-07-15T07:00:00.000Z');
  });

  it('switches on the last Sundays of March and October', () => {
    // 2026: BST from 29 March to 25 October.
    expect(londonWallTimeToUtc('2026-03-28', 480).toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(londonWallTimeToUtc('2026-03-29', 480).toISOString()).toBe('2026-03-29T07:00:00.000Z');
    expect(londonWallTimeToUtc('2026-10-24', 480).toISOString()).toBe('2026-10-24T07:00:00.000Z');
    expect(londonWallTimeToUtc('2026-10-25', 480).toISOString()).toBe('2026-10-25T08:00:00.000Z');
  });

  it('reads a skipped time past the change and a repeated time as its first occurrence', () => {
    expect(londonWallTimeToUtc('2026-03-29', 90).toISOString()).toBe('2026-03-29T01:30:00.000Z'); // shows 02:30 BST
    expect(londonWallTimeToUtc('2026-10-25', 90).toISOString()).toBe('2026-10-25T00:30:00.000Z'); // 01:30 BST, not GMT
  });

  it('agrees with the platform time-zone database for every day and time that exists once', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 24 * 60 - 1 }), (date, minute) => {
        const instant = londonWallTimeToUtc(date, minute);
        const shown = wallClock(instant);
        const skipped = shown.date === date && shown.minute === minute + 60; // spring-forward hour
        expect(skipped || (shown.date === date && shown.minute === minute)).toBe(true);
        expect(londonOffsetMinutes(instant)).toBe(((shown.minute - (instant.getUTCHours() * 60 + instant.getUTCMinutes())) % 1440 + 1440) % 1440);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('reminder ids', () => {
  it('name the item, the offset and the due date, without colons', () => {
    expect(reminderId('blocking_item', 'abc', -7, '2026-12-14')).toBe('blocking_item.abc.b7.2026-12-14');
    expect(reminderId('blocking_item', 'abc', 0, '2026-12-14')).toBe('blocking_item.abc.d0.2026-12-14');
    expect(reminderId('blocking_item', 'abc', 4, '2026-12-14')).toBe('blocking_item.abc.o4.2026-12-14');
  });

  it('are stable and distinct across items, offsets and due dates', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), fc.integer({ min: -50, max: 50 }), fc.integer({ min: -50, max: 50 }), dateArb, dateArb, (a, b, o1, o2, d1, d2) => {
        expect(reminderId('k', a, o1, d1)).toBe(reminderId('k', a, o1, d1));
        const same = a === b && o1 === o2 && d1 === d2;
        expect(reminderId('k', a, o1, d1) === reminderId('k', b, o2, d2)).toBe(same);
      }),
    );
  });

  it('refuse parts that could collide with the separator', () => {
    expect(() => reminderId('a.b', 'x', 0, '2026-01-01')).toThrow(RangeError);
    expect(() => reminderId('k', 'x:y', 0, '2026-01-01')).toThrow(RangeError);
  });
});

describe('planning an item', () => {
  it('gives 30, 7 and 1 working days before, the day, then every 2 working days overdue, at 08:00 London', () => {
    const plan = planReminders(item({ dueOn: '2026-12-14' }), DEFAULT_REMINDER_SETTINGS, calendar);
    const dates = plan.map((p) => `${p.offset}:${p.sendOn}`);
    // 2026-12-14 is a Monday; 25 and 28 December are holidays (Boxing Day falls on a Saturday).
    expect(dates.slice(0, 4)).toEqual(['-30:2026-11-02', '-7:2026-12-03', '-1:2026-12-11', '0:2026-12-14']);
    expect(dates.slice(4, 8)).toEqual(['2:2026-12-16', '4:2026-12-18', '6:2026-12-22', '8:2026-12-24']);
    expect(dates[8]).toBe('10:2026-12-30');
    expect(plan).toHaveLength(3 + 1 + 10);
    expect(plan[0].sendAt.toISOString()).toBe('2026-11-02T08:00:00.000Z');
    expect(plan[3].sendAt.toISOString()).toBe('2026-12-14T08:00:00.000Z');
    expect(plan.filter((p) => p.escalate).map((p) => p.offset)).toEqual([6, 8, 10, 12, 14, 16, 18, 20]);
    expect(plan.filter((p) => !p.mandatory).map((p) => p.phase)).toEqual(['before', 'before', 'before', 'due']);
  });

  it('sends in summer at 08:00 BST, which is 07:00 UTC', () => {
    const plan = planReminders(item({ dueOn: '2026-07-15' }), DEFAULT_REMINDER_SETTINGS, calendar);
    expect(plan.find((p) => p.offset === 0)!.sendAt.toISOString()).toBe('2026-07-15T07:00:00.000Z');
  });

  it('treats a weekend due date as due on the working day before', () => {
    const plan = planReminders(item({ dueOn: '2026-12-12' }), { ...DEFAULT_REMINDER_SETTINGS, offsetsBefore: [1] }, calendar); // a Saturday
    expect(plan.slice(0, 3).map((p) => `${p.offset}:${p.sendOn}`)).toEqual(['-1:2026-12-10', '0:2026-12-11', '2:2026-12-15']);
    expect(plan[0].id).toContain('.2026-12-12');
  });

  it('gives nothing for a completed item', () => {
    expect(planReminders(item({ completed: true }), DEFAULT_REMINDER_SETTINGS, calendar)).toEqual([]);
  });

  it('does not report a not-started item overdue before its start date has passed', () => {
    const noStart = planReminders(item({ started: false, startOn: null }), DEFAULT_REMINDER_SETTINGS, calendar);
    expect(noStart.filter((p) => p.phase === 'overdue')).toEqual([]);
    expect(noStart.filter((p) => p.phase !== 'overdue')).toHaveLength(4);
    // Start date on the fourth overdue working day: overdue reminders only from the one after it.
    const lateStart = planReminders(item({ started: false, startOn: '2026-12-18' }), DEFAULT_REMINDER_SETTINGS, calendar);
    expect(lateStart.filter((p) => p.phase === 'overdue')[0].sendOn).toBe('2026-12-22');
    const earlyStart = planReminders(item({ started: false, startOn: '2026-11-01' }), DEFAULT_REMINDER_SETTINGS, calendar);
    expect(earlyStart.filter((p) => p.phase === 'overdue')).toHaveLength(10);
  });

  it('only ever sends on working days, at the configured London time, in order', () => {
    fc.assert(
      fc.property(itemArb, settingsArb, (it, settings) => {
        const plan = planReminders(it, settings, calendar);
        if (it.completed) expect(plan).toEqual([]);
        for (const p of plan) {
          expect(calendar.isWorkingDay(p.sendOn)).toBe(true);
          const shown = wallClock(p.sendAt);
          expect(shown.date).toBe(p.sendOn);
          // Working days are never Sundays, so no reminder lands in a skipped or repeated hour.
          expect(shown.minute).toBe(settings.sendMinuteOfDay);
          expect(p.phase === 'overdue').toBe(p.offset > 0);
          expect(p.escalate).toBe(p.offset > settings.escalateAfter && p.phase === 'overdue');
          if (p.phase === 'overdue' && !it.started) expect(it.startOn != null && it.startOn < p.sendOn).toBe(true);
        }
        for (let i = 1; i < plan.length; i++) expect(plan[i].sendAt.getTime()).toBeGreaterThanOrEqual(plan[i - 1].sendAt.getTime());
        expect(new Set(plan.map((p) => p.id)).size).toBe(plan.length);
      }),
      { numRuns: 500 },
    );
  });

  it('plans the same ids again for the same item, and different ones after the due date moves', () => {
    fc.assert(
      fc.property(itemArb, settingsArb, fc.integer({ min: 1, max: 60 }), (it, settings, shift) => {
        const a = planReminders(it, settings, calendar);
        expect(planReminders({ ...it }, settings, calendar)).toEqual(a);
        const moved = planReminders({ ...it, dueOn: addDays(it.dueOn, shift) }, settings, calendar);
        const ids = new Set(a.map((p) => p.id));
        expect(moved.some((p) => ids.has(p.id))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('re-planning', () => {
  const now = new Date('2026-11-01T12:00:00Z');
  const store = (pending: PendingReminder[], changes: ReturnType<typeof diffReminders>): PendingReminder[] => {
    const cancelled = new Set(changes.cancel);
    const rescheduled = new Map(changes.reschedule.map((p) => [p.id, p.sendAt]));
    return [...pending.filter((p) => !cancelled.has(p.id)).map((p) => ({ id: p.id, sendAt: rescheduled.get(p.id) ?? p.sendAt })), ...changes.insert.map((p) => ({ id: p.id, sendAt: p.sendAt }))];
  };

  it('creates only future reminders, and keeps stored ones that are already late', () => {
    const plan = planReminders(item({ dueOn: '2026-11-10' }), DEFAULT_REMINDER_SETTINGS, calendar);
    const first = diffReminders([], plan, now);
    expect(first.insert.every((p) => p.sendAt > now)).toBe(true);
    expect(first.insert.some((p) => p.offset === -30)).toBe(false);
    const late: PendingReminder = { id: plan[0].id, sendAt: plan[0].sendAt };
    expect(diffReminders([late], plan, now).cancel).toEqual([]);
  });

  it('cancels what a completion or a new due date no longer calls for', () => {
    const before = planReminders(item(), DEFAULT_REMINDER_SETTINGS, calendar);
    const pending = store([], diffReminders([], before, now));
    expect(diffReminders(pending, planReminders(item({ completed: true }), DEFAULT_REMINDER_SETTINGS, calendar), now).cancel).toHaveLength(pending.length);
    const moved = diffReminders(pending, planReminders(item({ dueOn: '2026-12-21' }), DEFAULT_REMINDER_SETTINGS, calendar), now);
    expect(moved.cancel).toHaveLength(pending.length);
    expect(moved.insert.every((p) => p.dueOn === '2026-12-21')).toBe(true);
  });

  it('does not create again a reminder already sent', () => {
    const plan = planReminders(item(), DEFAULT_REMINDER_SETTINGS, calendar);
    const sent = new Set([plan[1].id]);
    expect(diffReminders([], plan, now, sent).insert.map((p) => p.id)).not.toContain(plan[1].id);
  });

  it('is idempotent: applying a re-plan and planning again changes nothing', () => {
    fc.assert(
      fc.property(itemArb, itemArb, settingsArb, settingsArb, fc.integer({ min: 0, max: 365 * 12 }), (a, b, s1, s2, minutes) => {
        const at = new Date(Date.UTC(2020, 0, 1) + minutes * 86_400_000);
        const second = { ...b, kind: a.kind, id: a.id };
        const pending = store([], diffReminders([], planReminders(a, s1, calendar), at));
        const planned = planReminders(second, s2, calendar);
        const after = store(pending, diffReminders(pending, planned, at));
        const again = diffReminders(after, planned, at);
        expect(again).toEqual({ insert: [], cancel: [], reschedule: [] });
        const wanted = new Map(planned.map((p: PlannedReminder) => [p.id, p]));
        for (const p of after) expect(wanted.get(p.id)?.sendAt.getTime()).toBe(p.sendAt.getTime());
      }),
      { numRuns: 300 },
    );
  });

  it('moves pending reminders when the send time changes, across a clock change', () => {
    const summer = planReminders(item({ dueOn: '2026-10-26' }), DEFAULT_REMINDER_SETTINGS, calendar);
    const pending = store([], diffReminders([], summer, new Date('2026-09-01T00:00:00Z')));
    const nine = planReminders(item({ dueOn: '2026-10-26' }), { ...DEFAULT_REMINDER_SETTINGS, sendMinuteOfDay: 540 }, calendar);
    const changes = diffReminders(pending, nine, new Date('2026-09-01T00:00:00Z'));
    expect(changes.insert).toEqual([]);
    expect(changes.reschedule).toHaveLength(pending.length);
    const b1 = changes.reschedule.find((p) => p.offset === -1)!; // Friday 23 October, still BST
    const d0 = changes.reschedule.find((p) => p.offset === 0)!; // Monday 26 October, GMT again
    expect(b1.sendAt.toISOString()).toBe('2026-10-23T08:00:00.000Z');
    expect(d0.sendAt.toISOString()).toBe('2026-10-26T09:00:00.000Z');
  });
});

describe('settings', () => {
  it('accepts the defaults and normalises offsets', () => {
    expect(validateReminderSettings({ ...DEFAULT_REMINDER_SETTINGS, offsetsBefore: [1, 30, 7, 7] }).offsetsBefore).toEqual([30, 7, 1]);
  });

  it('reports every bad field', () => {
    try {
      validateReminderSettings({ offsetsBefore: [0], onTheDay: true, overdueEvery: 0, overdueRepeats: 2, escalateAfter: -1, sendMinuteOfDay: 1440 });
      throw new Error('accepted');
    } catch (error) {
      expect((error as { details: { fields: { field: string }[] } }).details.fields.map((d) => d.field)).toEqual(['offsetsBefore', 'overdueEvery', 'escalateAfter', 'sendMinuteOfDay']);
    }
  });
});
