import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCalendar } from './calendar.module';

describe('loadCalendar', () => {
  const dir = mkdtempSync(join(tmpdir(), 'holidays-'));

  it('computes the holidays by rule when no GOV.UK file is configured', () => {
    const calendar = loadCalendar({ bankHolidaysFile: null });
    expect(calendar.isBankHoliday('2026-12-28')).toBe(true); // Boxing Day substitute
    expect(calendar.isWorkingDay('2027-06-07')).toBe(true);
  });

  it("takes a GOV.UK bank-holidays.json as the whole list for the years it covers (a one-off holiday, say)", () => {
    const file = join(dir, 'bank-holidays.json');
    const events = [
      { title: "New Year's Day", date: '2027-01-01', notes: '', bunting: true },
      { title: 'Extra bank holiday', date: '2027-06-07', notes: '', bunting: true },
    ];
    writeFileSync(file, JSON.stringify({ 'england-and-wales': { division: 'england-and-wales', events }, scotland: { division: 'scotland', events: [] } }));
    const calendar = loadCalendar({ bankHolidaysFile: file });
    expect(calendar.isWorkingDay('2027-06-07')).toBe(false);
    // 2027 comes from the file alone; other years still follow the rules.
    expect(calendar.isBankHoliday('2027-12-27')).toBe(false);
    expect(calendar.isBankHoliday('2026-12-28')).toBe(true);
  });

  it('refuses to start on an unreadable or malformed file, naming the variable', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"scotland": {}}');
    expect(() => loadCalendar({ bankHolidaysFile: bad })).toThrow(/BANK_HOLIDAYS_FILE=.*not a readable GOV.UK bank-holidays.json/);
    expect(() => loadCalendar({ bankHolidaysFile: join(dir, 'missing.json') })).toThrow(/BANK_HOLIDAYS_FILE/);
  });
});
