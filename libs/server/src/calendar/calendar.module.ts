import { Global, Injectable, Module } from '@nestjs/common';
import { civilDateAt, parseGovUkBankHolidays, WorkingDayCalendar, type CivilDate } from '@pairline/domain';
import { readFileSync } from 'node:fs';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DatedItemChanges } from './dated-item-changes';

/** What time it is, in one place, so tests can hold "today" still. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** Today in England: due dates, SLA clocks and forecasts count in Europe/London days. */
  today(): CivilDate {
    return civilDateAt(this.now());
  }
}

/** The England working-day calendar, with GOV.UK's file (when configured) overriding the years it lists. */
export function loadCalendar(config: Pick<AppConfig, 'bankHolidaysFile'>): WorkingDayCalendar {
  if (!config.bankHolidaysFile) return new WorkingDayCalendar();
  try {
    return new WorkingDayCalendar(parseGovUkBankHolidays(JSON.parse(readFileSync(config.bankHolidaysFile, 'utf8'))));
  } catch (error) {
    throw new Error(`BANK_HOLIDAYS_FILE=${config.bankHolidaysFile} is not a readable GOV.UK bank-holidays.json: ${(error as Error).message}`);
  }
}

/** Time, working days, and the hub through which writes announce moved due dates. */
@Global()
@Module({
  providers: [Clock, { provide: WorkingDayCalendar, inject: [APP_CONFIG], useFactory: loadCalendar }, DatedItemChanges],
  exports: [Clock, WorkingDayCalendar, DatedItemChanges],
})
export class CalendarModule {}
