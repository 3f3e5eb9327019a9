import { addDays, civilDate, dayOfWeek, parseCivilDate, type CivilDate } from './civil-date';

/**
 * England and Wales bank holidays by rule (Banking and Financial Dealings Act 1971 and the
 * standing proclamations), as GOV.UK publishes them:
 * https://www.gov.uk/bank-holidays. One-off changes (e.g. 2020's VE Day move, 2022's Platinum
 * Jubilee and State Funeral, 2023's Coronation) are not rules: they come from the GOV.UK file
 * (see `GovUkBankHolidays`), which, for the years it lists, replaces the computed dates.
 */
export interface BankHoliday {
  readonly date: CivilDate;
  readonly title: string;
}

/** Easter Sunday (Gregorian), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): CivilDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return civilDate(year, month, day);
}

function firstMonday(year: number, month: number): CivilDate {
  const first = civilDate(year, month, 1);
  return addDays(first, (8 - dayOfWeek(first)) % 7);
}

function lastMonday(year: number, month: number): CivilDate {
  const last = civilDate(year, month + 1, 0);
  return addDays(last, -((dayOfWeek(last) + 6) % 7));
}

/** The next weekday on or after `date` that is not already taken. */
function substitute(date: CivilDate, taken: Set<CivilDate>): CivilDate {
  let day = date;
  while (dayOfWeek(day) === 0 || dayOfWeek(day) === 6 || taken.has(day)) day = addDays(day, 1);
  return day;
}

export function englandBankHolidaysByRule(year: number): BankHoliday[] {
  const easter = easterSunday(year);
  const taken = new Set<CivilDate>();
  const take = (date: CivilDate, title: string): BankHoliday => {
    taken.add(date);
    return { date, title };
  };
  const holidays: BankHoliday[] = [];
  const newYear = civilDate(year, 1, 1);
  holidays.push(take(substitute(newYear, taken), newYear === substitute(newYear, taken) ? 'New Year’s Day' : 'New Year’s Day (substitute day)'));
  holidays.push(take(addDays(easter, -2), 'Good Friday'));
  holidays.push(take(addDays(easter, 1), 'Easter Monday'));
  holidays.push(take(firstMonday(year, 5), 'Early May bank holiday'));
  holidays.push(take(lastMonday(year, 5), 'Spring bank holiday'));
  holidays.push(take(lastMonday(year, 8), 'Summer bank holiday'));
  // Christmas first, then Boxing Day, each moved to the next free weekday when it falls at a weekend.
  const christmas = civilDate(year, 12, 25);
  const boxing = civilDate(year, 12, 26);
  const christmasDay = substitute(christmas, taken);
  holidays.push(take(christmasDay, christmasDay === christmas ? 'Christmas Day' : 'Christmas Day (substitute day)'));
  const boxingDay = substitute(boxing, taken);
  holidays.push(take(boxingDay, boxingDay === boxing ? 'Boxing Day' : 'Boxing Day (substitute day)'));
  return holidays.sort((x, y) => (x.date < y.date ? -1 : 1));
}

/** The GOV.UK `bank-holidays.json` shape (only the parts used). */
export interface GovUkBankHolidaysFile {
  readonly 'england-and-wales': {
    readonly division: string;
    readonly events: readonly { readonly title: string; readonly date: string; readonly notes?: string; readonly bunting?: boolean }[];
  };
}

/**
 * Reads the England and Wales division of a GOV.UK `bank-holidays.json`, validating it; every
 * problem is reported at once. Returns the holidays grouped by year.
 */
export function parseGovUkBankHolidays(input: unknown): Map<number, BankHoliday[]> {
  const problems: string[] = [];
  const division = (input as Partial<GovUkBankHolidaysFile> | null)?.['england-and-wales'];
  if (!division || !Array.isArray(division.events)) {
    throw new RangeError('not a GOV.UK bank holidays file: expected "england-and-wales" with an "events" list');
  }
  const byYear = new Map<number, BankHoliday[]>();
  division.events.forEach((event, i) => {
    if (typeof event?.title !== 'string' || event.title.trim() === '') problems.push(`events[${i}].title is missing`);
    try {
      const { year } = parseCivilDate(String(event?.date));
      const list = byYear.get(year) ?? [];
      list.push({ date: event.date, title: String(event.title) });
      byYear.set(year, list);
    } catch (error) {
      problems.push(`events[${i}].date: ${(error as Error).message}`);
    }
  });
  if (problems.length) throw new RangeError(problems.join('; '));
  for (const list of byYear.values()) list.sort((x, y) => (x.date < y.date ? -1 : 1));
  return byYear;
}
