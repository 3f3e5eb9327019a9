import { addDays, civilDateAt, dayOfWeek, parseCivilDate } from './civil-date';
import { easterSunday, englandBankHolidaysByRule, parseGovUkBankHolidays } from './england-bank-holidays';
import { WorkingDayCalendar } from './working-days';

/** England and Wales bank holidays as GOV.UK published them, 2020–2030. */
const KNOWN: Record<number, string[]> = {
  2020: ['2020-01-01', '2020-04-10', '2020-04-13', '2020-05-08', '2020-05-25', '2020-08-31', '2020-12-25', '2020-12-28'],
  2021: ['2021-01-01', '2021-04-02', '2021-04-05', '2021-05-03', '2021-05-31', '2021-08-30', '2021-12-27', '2021-12-28'],
  2022: ['2022-01-03', '2022-04-15', '2022-04-18', '2022-05-02', '2022-06-02', '2022-06-03', '2022-08-29', '2022-09-19', '2022-12-26', '2022-12-27'],
  2023: ['2023-01-02', '2023-04-07', '2023-04-10', '2023-05-01', '2023-05-08', '2023-05-29', '2023-08-28', '2023-12-25', '2023-12-26'],
  2024: ['2024-01-01', '2024-03-29', '2024-04-01', '2024-05-06', '2024-05-27', '2024-08-26', '2024-12-25', '2024-12-26'],
  2025: ['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26'],
  2026: ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28'],
  2027: ['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28'],
  2028: ['2028-01-03', '2028-04-14', '2028-04-17', '2028-05-01', '2028-05-29', '2028-08-28', '2028-12-25', '2028-12-26'],
  2029: ['2029-01-01', '2029-03-30', '2029-04-02', '2029-05-07', '2029-05-28', '2029-08-27', '2029-12-25', '2029-12-26'],
  2030: ['2030-01-01', '2030-04-19', '2030-04-22', '2030-05-06', '2030-05-27', '2030-08-26', '2030-12-25', '2030-12-26'],
};

/** The years whose holidays a proclamation changed; GOV.UK's file carries them. */
const ONE_OFF_YEARS = [2020, 2022, 2023];

const govUkFile = {
  'england-and-wales': {
    division: 'england-and-wales',
    events: ONE_OFF_YEARS.flatMap((year) => KNOWN[year].map((date) => ({ title: 'Bank holiday', date, notes: '', bunting: true }))),
  },
};

describe('Easter', () => {
  it.each([
    [2020, '2020-04-12'],
    [2024, '2024-03-31'],
    [2027, '2027-03-28'],
    [2030, '2030-04-21'],
    [2038, '2038-04-25'],
  ])('Easter Sunday %i is %s', (year, date) => {
    expect(easterSunday(year)).toBe(date);
    expect(dayOfWeek(date)).toBe(0);
  });
});

describe('England and Wales bank holidays', () => {
  it.each(Object.keys(KNOWN).map(Number).filter((y) => !ONE_OFF_YEARS.includes(y)))('%i by rule matches GOV.UK', (year) => {
    expect(englandBankHolidaysByRule(year).map((h) => h.date)).toEqual(KNOWN[year]);
  });

  it('moves weekend holidays to substitute weekdays, Christmas before Boxing Day', () => {
    expect(englandBankHolidaysByRule(2027).slice(-2)).toEqual([
      { date: '2027-12-27', title: 'Christmas Day (substitute day)' },
      { date: '2027-12-28', title: 'Boxing Day (substitute day)' },
    ]);
    expect(englandBankHolidaysByRule(2022)[0]).toEqual({ date: '2022-01-03', title: 'New Year’s Day (substitute day)' });
    expect(englandBankHolidaysByRule(2022).slice(-2).map((h) => h.date)).toEqual(['2022-12-26', '2022-12-27']);
  });

  it('uses the GOV.UK file for the years it lists (one-off changes), and the rules elsewhere', () => {
    const calendar = new WorkingDayCalendar(parseGovUkBankHolidays(govUkFile));
    for (const year of Object.keys(KNOWN).map(Number)) {
      expect({ year, dates: calendar.bankHolidays(year).map((h) => h.date) }).toEqual({ year, dates: KNOWN[year] });
    }
    // Without the file, 2023's Coronation holiday is unknown: it was a proclamation, not a rule.
    expect(new WorkingDayCalendar().isBankHoliday('2023-05-08')).toBe(false);
    expect(calendar.isBankHoliday('2023-05-08')).toBe(true);
  });

  it('rejects a malformed GOV.UK file naming every problem', () => {
    expect(() => parseGovUkBankHolidays({ scotland: {} })).toThrow(/england-and-wales/);
    expect(() =>
      parseGovUkBankHolidays({ 'england-and-wales': { division: 'x', events: [{ title: '', date: '2024-02-30' }, { title: 'ok', date: 'soon' }] } }),
    ).toThrow(/events\[0\]\.title.*events\[0\]\.date.*no such date.*events\[1\]\.date/);
  });
});

describe('working days', () => {
  const calendar = new WorkingDayCalendar(parseGovUkBankHolidays(govUkFile));

  it('skips weekends and bank holidays', () => {
    expect(calendar.isWorkingDay('2026-11-23')).toBe(true); // Monday
    expect(calendar.isWorkingDay('2026-11-22')).toBe(false); // Sunday
    expect(calendar.isWorkingDay('2026-12-28')).toBe(false); // Boxing Day substitute
  });

  it('adds working days across Christmas and New Year', () => {
    // Thursday 24 Dec 2026 + 5 working days: 29, 30, 31 Dec, 4, 5 Jan (25, 28 Dec and 1 Jan are holidays).
    expect(calendar.addWorkingDays('2026-12-24', 5)).toBe('2027-01-05');
    expect(calendar.addWorkingDays('2027-01-05', -5)).toBe('2026-12-24');
    expect(calendar.addWorkingDays('2026-11-21', 0)).toBe('2026-11-23'); // a Saturday starts on Monday
  });

  it('counts working days between dates', () => {
    expect(calendar.workingDaysBetween('2026-12-24', '2027-01-05')).toBe(5);
    expect(calendar.workingDaysBetween('2027-01-05', '2026-12-24')).toBe(-5);
    expect(calendar.workingDaysBetween('2026-11-23', '2026-11-23')).toBe(0);
  });

  it('agrees with itself: adding n then counting gives n, for every start day of 2020–2030', () => {
    for (let day = '2020-01-01'; day <= '2030-12-31'; day = addDays(day, 17)) {
      const start = calendar.addWorkingDays(day, 0);
      for (const n of [1, 5, 20]) expect(calendar.workingDaysBetween(start, calendar.addWorkingDays(start, n))).toBe(n);
    }
  });

  it('refuses impossible dates and fractional counts', () => {
    expect(() => parseCivilDate('2025-02-29')).toThrow(/no such date/);
    expect(() => calendar.addWorkingDays('2025-01-01', 1.5)).toThrow(/whole number/);
  });
});

describe('civilDateAt', () => {
  it('gives the day in England, which is not the UTC day late in the evening in summer time', () => {
    expect(civilDateAt(new Date('2026-07-01T23:30:00Z'))).toBe('2026-07-02');
    expect(civilDateAt(new Date('2026-01-15T23:30:00Z'))).toBe('2026-01-15');
    // The night the clocks go back: 00:30 UTC on 25 October 2026 is 01:30 BST.
    expect(civilDateAt(new Date('2026-10-24T23:30:00Z'))).toBe('2026-10-25');
  });
});
