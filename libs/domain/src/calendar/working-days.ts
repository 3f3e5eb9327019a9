import { addDays, isWeekend, parseCivilDate, type CivilDate } from './civil-date';
import { englandBankHolidaysByRule, type BankHoliday } from './england-bank-holidays';

/**
 * Working days in England: not a weekend, not an England and Wales bank holiday. SLA clocks
 * ("5 working days for an NHS England response") count these.
 */
export class WorkingDayCalendar {
  private readonly cache = new Map<number, Set<CivilDate>>();

  /** `overrides`: for each year present (e.g. from GOV.UK's file), the exact list to use instead of the rules. */
  constructor(private readonly overrides: ReadonlyMap<number, readonly BankHoliday[]> = new Map()) {}

  bankHolidays(year: number): readonly BankHoliday[] {
    return this.overrides.get(year) ?? englandBankHolidaysByRule(year);
  }

  private holidaySet(year: number): Set<CivilDate> {
    let set = this.cache.get(year);
    if (!set) {
      set = new Set(this.bankHolidays(year).map((h) => h.date));
      this.cache.set(year, set);
    }
    return set;
  }

  isBankHoliday(date: CivilDate): boolean {
    return this.holidaySet(parseCivilDate(date).year).has(date);
  }

  isWorkingDay(date: CivilDate): boolean {
    return !isWeekend(date) && !this.isBankHoliday(date);
  }

  /**
   * The date `n` working days after `date` (before it when negative). Day 0 is `date` itself when
   * it is a working day, else the next one: "due within 5 working days of a Saturday" starts Monday.
   */
  addWorkingDays(date: CivilDate, n: number): CivilDate {
    if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number, got ${n}`);
    const step = n < 0 ? -1 : 1;
    let day = date;
    while (!this.isWorkingDay(day)) day = addDays(day, step);
    for (let left = Math.abs(n); left > 0; left--) {
      do day = addDays(day, step);
      while (!this.isWorkingDay(day));
    }
    return day;
  }

  /** Working days after `from` up to and including `to` (negative when `to` is earlier). */
  workingDaysBetween(from: CivilDate, to: CivilDate): number {
    if (from === to) return 0;
    const [start, end, sign] = from < to ? [from, to, 1] : [to, from, -1];
    let count = 0;
    for (let day = addDays(start, 1); day <= end; day = addDays(day, 1)) if (this.isWorkingDay(day)) count++;
    return sign * count;
  }
}
