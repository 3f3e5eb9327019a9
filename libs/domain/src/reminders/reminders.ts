import { addDays, type CivilDate } from '../calendar/civil-date';
import { DomainError } from '../errors/domain-error';
import { londonWallTimeToUtc } from './london-time';

/**
 * Deadline reminders: which emails a dated item (a stage's planned end, a blocking item's due
 * date, a SCAL requirement, an evidence expiry, a hazard review) should produce, and when.
 * Offsets count working days in England; sends happen at a local Europe/London hour.
 */

/** Something with a due date and an owner, as a feature's reminder source reports it. */
export interface DatedItem {
  /** Registered by the feature that owns the item, e.g. `stage_due`, `blocking_item`. */
  readonly kind: string;
  readonly id: string;
  readonly ownerUserId: string | null;
  readonly dueOn: CivilDate;
  /** When work is meant to start; a not-started item is only overdue once this has passed. */
  readonly startOn?: CivilDate | null;
  readonly started: boolean;
  readonly completed: boolean;
}

export interface ReminderSettings {
  /** Working days before the due date, e.g. [30, 7, 1]. */
  readonly offsetsBefore: readonly number[];
  /** Also remind on the due date itself. */
  readonly onTheDay: boolean;
  /** Once overdue, remind every this many working days. */
  readonly overdueEvery: number;
  /** How many overdue reminders at most (the item stays overdue on every page meanwhile). */
  readonly overdueRepeats: number;
  /** Overdue by more than this many working days: also tell the journey owner and the executives. */
  readonly escalateAfter: number;
  /** Local Europe/London time of day the reminders go out, in minutes after midnight. */
  readonly sendMinuteOfDay: number;
}

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = {
  offsetsBefore: [30, 7, 1],
  onTheDay: true,
  overdueEvery: 2,
  overdueRepeats: 10,
  escalateAfter: 5,
  sendMinuteOfDay: 8 * 60,
};

export type ReminderPhase = 'before' | 'due' | 'overdue';

export interface PlannedReminder {
  /** Stable: the same item, offset and due date give the same id, whenever it is planned. */
  readonly id: string;
  readonly itemKind: string;
  readonly itemId: string;
  readonly dueOn: CivilDate;
  /** Working days relative to the due date: negative before, 0 on the day, positive overdue. */
  readonly offset: number;
  readonly phase: ReminderPhase;
  readonly sendOn: CivilDate;
  readonly sendAt: Date;
  /** Also goes to the journey owner and the organisation's executives. */
  readonly escalate: boolean;
  /** Overdue reminders cannot be unsubscribed from; advance notice can. */
  readonly mandatory: boolean;
}

/** The part of the working-day calendar the rules need. */
export interface ReminderCalendar {
  isWorkingDay(date: CivilDate): boolean;
  addWorkingDays(date: CivilDate, n: number): CivilDate;
}

const ID_PART = /^[A-Za-z0-9_-]+$/;

/**
 * `kind.itemId.offset.dueDate`, e.g. `blocking_item.0f6c….b7.2026-12-01`. Readable in Redis and
 * the database; no `:` because BullMQ refuses it in job ids.
 */
export function reminderId(kind: string, itemId: string, offset: number, dueOn: CivilDate): string {
  if (!ID_PART.test(kind) || !ID_PART.test(itemId)) throw new RangeError(`reminder kind and item id must be [A-Za-z0-9_-]: ${kind} ${itemId}`);
  const label = offset < 0 ? `b${-offset}` : offset === 0 ? 'd0' : `o${offset}`;
  return `${kind}.${itemId}.${label}.${dueOn}`;
}

/** The day work on an item is effectively due: a due date on a weekend or holiday means the working day before it. */
export function effectiveDueDay(calendar: ReminderCalendar, dueOn: CivilDate): CivilDate {
  let day = dueOn;
  while (!calendar.isWorkingDay(day)) day = addDays(day, -1);
  return day;
}

/**
 * Every reminder the item should produce under these settings, in send order, whatever the
 * current time (the planner decides what is too late to create). Completed items produce none; a
 * not-started item gets no overdue reminder dated before its start date has passed (nor any, if it
 * has no start date).
 */
export function planReminders(item: DatedItem, settings: ReminderSettings, calendar: ReminderCalendar): PlannedReminder[] {
  if (item.completed) return [];
  const due = effectiveDueDay(calendar, item.dueOn);
  const byId = new Map<string, PlannedReminder>();
  const add = (offset: number, sendOn: CivilDate, phase: ReminderPhase) => {
    const id = reminderId(item.kind, item.id, offset, item.dueOn);
    if (byId.has(id)) return;
    byId.set(id, {
      id,
      itemKind: item.kind,
      itemId: item.id,
      dueOn: item.dueOn,
      offset,
      phase,
      sendOn,
      sendAt: londonWallTimeToUtc(sendOn, settings.sendMinuteOfDay),
      escalate: phase === 'overdue' && offset > settings.escalateAfter,
      mandatory: phase === 'overdue',
    });
  };
  for (const before of settings.offsetsBefore) if (before > 0) add(-before, calendar.addWorkingDays(due, -before), 'before');
  if (settings.onTheDay) add(0, due, 'due');
  for (let i = 1; i <= settings.overdueRepeats; i++) {
    const offset = i * settings.overdueEvery;
    const sendOn = calendar.addWorkingDays(due, offset);
    const startPassed = item.startOn != null && item.startOn < sendOn;
    if (!item.started && !startPassed) continue;
    add(offset, sendOn, 'overdue');
  }
  return [...byId.values()].sort((a, b) => a.sendAt.getTime() - b.sendAt.getTime() || a.offset - b.offset);
}

/** A pending reminder as stored. */
export interface PendingReminder {
  readonly id: string;
  readonly sendAt: Date;
}

export interface ReminderChanges {
  /** New reminders to store (none whose time has already passed: late notice of an old offset is noise). */
  readonly insert: readonly PlannedReminder[];
  /** Pending reminders the item no longer calls for (due date moved, completed, removed). */
  readonly cancel: readonly string[];
  /** Pending reminders whose send time changed (the organisation moved its send hour). */
  readonly reschedule: readonly PlannedReminder[];
}

/**
 * What re-planning an item changes. Idempotent: applying the result and planning again yields no
 * changes. Pending reminders already past their time stay (a paused queue sends them late rather
 * than never); ones not yet stored are only created while still in the future.
 */
export function diffReminders(pending: readonly PendingReminder[], planned: readonly PlannedReminder[], now: Date, known: ReadonlySet<string> = new Set()): ReminderChanges {
  const wanted = new Map(planned.map((p) => [p.id, p]));
  const existing = new Map(pending.map((p) => [p.id, p]));
  const insert: PlannedReminder[] = [];
  const reschedule: PlannedReminder[] = [];
  for (const plan of planned) {
    const stored = existing.get(plan.id);
    if (stored) {
      if (stored.sendAt.getTime() !== plan.sendAt.getTime()) reschedule.push(plan);
    } else if (!known.has(plan.id) && plan.sendAt.getTime() > now.getTime()) {
      insert.push(plan);
    }
  }
  const cancel = pending.filter((p) => !wanted.has(p.id)).map((p) => p.id);
  return { insert, cancel, reschedule };
}

/** Checks settings an organisation admin submits; every problem is reported at once. */
export function validateReminderSettings(settings: ReminderSettings): ReminderSettings {
  const problems: { field: string; problems: string[] }[] = [];
  const check = (field: string, ok: boolean, message: string) => {
    if (!ok) problems.push({ field, problems: [message] });
  };
  const whole = (n: number, lo: number, hi: number) => Number.isInteger(n) && n >= lo && n <= hi;
  check('offsetsBefore', settings.offsetsBefore.length <= 10 && settings.offsetsBefore.every((n) => whole(n, 1, 250)), 'at most 10 offsets, each 1 to 250 working days');
  check('overdueEvery', whole(settings.overdueEvery, 1, 60), 'must be 1 to 60 working days');
  check('overdueRepeats', whole(settings.overdueRepeats, 0, 50), 'must be 0 to 50');
  check('escalateAfter', whole(settings.escalateAfter, 0, 250), 'must be 0 to 250 working days');
  check('sendMinuteOfDay', whole(settings.sendMinuteOfDay, 0, 24 * 60 - 1), 'must be a minute of the day (0 to 1439)');
  if (problems.length) throw new DomainError('invalid', 'invalid_reminder_settings', 'These reminder settings are not valid.', { fields: problems });
  return { ...settings, offsetsBefore: [...new Set(settings.offsetsBefore)].sort((a, b) => b - a) };
}
