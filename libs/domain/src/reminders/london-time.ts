import { addDays, civilDate, dayOfWeek, parseCivilDate, type CivilDate } from '../calendar/civil-date';

/**
 * Europe/London wall-clock time to UTC by the UK's daylight-saving rule (since 1996: BST from
 * 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October), so the
 * domain needs no time-zone database and gives the same answer on every runtime.
 */

function lastSunday(year: number, month: number): CivilDate {
  const last = civilDate(year, month + 1, 0);
  return addDays(last, -dayOfWeek(last));
}

const HOUR_MS = 3_600_000;

/** The instants (UTC ms) at which BST starts and ends in a year. */
function bstBounds(year: number): { start: number; end: number } {
  const start = parseCivilDate(lastSunday(year, 3));
  const end = parseCivilDate(lastSunday(year, 10));
  return { start: Date.UTC(year, 2, start.day, 1), end: Date.UTC(year, 9, end.day, 1) };
}

/** Offset of London from UTC at an instant, in minutes (0 in winter, 60 in summer). */
export function londonOffsetMinutes(instant: Date): number {
  const t = instant.getTime();
  const { start, end } = bstBounds(instant.getUTCFullYear());
  return t >= start && t < end ? 60 : 0;
}

/**
 * The instant a London wall clock shows `minuteOfDay` on `date`. A time skipped when clocks go
 * forward is read as the same distance past the change (01:30 → 02:30 BST); a time that happens
 * twice when clocks go back is the first, summer-time one.
 */
export function londonWallTimeToUtc(date: CivilDate, minuteOfDay: number): Date {
  if (!Number.isInteger(minuteOfDay) || minuteOfDay < 0 || minuteOfDay >= 24 * 60) throw new RangeError(`minute of day out of range: ${minuteOfDay}`);
  const { year, month, day } = parseCivilDate(date);
  const asUtc = Date.UTC(year, month - 1, day) + minuteOfDay * 60_000;
  // Try the summer reading first so an ambiguous time resolves to its first occurrence.
  const summer = asUtc - HOUR_MS;
  if (londonOffsetMinutes(new Date(summer)) === 60) return new Date(summer);
  return new Date(asUtc);
}
