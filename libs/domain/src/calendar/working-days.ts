import { isWeekend, parseCivilDate, type CivilDate } from './civil-date';
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
    const day = this.dayNumber(date);
    for (;;) {
      const index = this.index;
      // n >= 0: count from the first working day on or after `date`; n < 0: from the last on or before it.
      const from = n >= 0 ? index.before(day) : index.before(day + 1) - 1;
      const target = from + n;
      if (target >= 0 && target < index.workingDays.length) return index.dates[index.workingDays[target] - index.start];
      this.extend(target < 0 ? index.firstYear - Math.max(1, Math.ceil(-target / 250)) : index.lastYear + Math.max(1, Math.ceil((target - index.workingDays.length + 1) / 250)));
    }
  }

  /** Working days after `from` up to and including `to` (negative when `to` is earlier). */
  workingDaysBetween(from: CivilDate, to: CivilDate): number {
    if (from === to) return 0;
    const [a, b] = [this.dayNumber(from), this.dayNumber(to)];
    const [start, end, sign] = a < b ? [a, b, 1] : [b, a, -1];
    // `|| 0`: no working days backwards is 0, not -0 (which Object.is and some charts tell apart).
    return sign * (this.index.before(end + 1) - this.index.before(start + 1)) || 0;
  }

  // --- A working-day index over whole years, grown on demand: forecasts for a portfolio of a
  // thousand journeys ask for hundreds of thousands of working-day steps, so each answer must be a
  // lookup, not a walk over the days in between.

  private built: WorkingDayIndex | null = null;

  private get index(): WorkingDayIndex {
    return (this.built ??= this.build(new Date().getUTCFullYear() - 6, new Date().getUTCFullYear() + 6));
  }

  private extend(year: number): void {
    const index = this.index;
    this.built = this.build(Math.min(year, index.firstYear), Math.max(year, index.lastYear));
  }

  private dayNumber(date: CivilDate): number {
    let day = this.index.dayOf.get(date);
    if (day === undefined) {
      const { year, month, day: d } = parseCivilDate(date);
      this.extend(year);
      day = Date.UTC(year, month - 1, d) / DAY_MS;
    }
    return day;
  }

  private build(firstYear: number, lastYear: number): WorkingDayIndex {
    const start = Date.UTC(firstYear, 0, 1) / DAY_MS;
    const end = Date.UTC(lastYear + 1, 0, 1) / DAY_MS;
    const dates: CivilDate[] = [];
    const dayOf = new Map<CivilDate, number>();
    const prefix = new Int32Array(end - start + 1);
    const workingDays: number[] = [];
    for (let day = start; day < end; day++) {
      const date = new Date(day * DAY_MS).toISOString().slice(0, 10);
      dates.push(date);
      dayOf.set(date, day);
      prefix[day - start] = workingDays.length;
      if (this.isWorkingDay(date)) workingDays.push(day);
    }
    prefix[end - start] = workingDays.length;
    return {
      firstYear,
      lastYear,
      start,
      dates,
      dayOf,
      workingDays: Int32Array.from(workingDays),
      before: (day: number) => {
        if (day < start || day > end) throw new RangeError('day outside the working-day index');
        return prefix[day - start];
      },
    };
  }
}

const DAY_MS = 86_400_000;

interface WorkingDayIndex {
  readonly firstYear: number;
  readonly lastYear: number;
  /** Day number (days since 1970-01-01) of 1 January of `firstYear`. */
  readonly start: number;
  readonly dates: readonly CivilDate[];
  readonly dayOf: ReadonlyMap<CivilDate, number>;
  /** Day numbers of the working days, in order. */
  readonly workingDays: Int32Array;
  /** How many working days fall before a day (within the indexed years, and the day after them). */
  readonly before: (day: number) => number;
}
