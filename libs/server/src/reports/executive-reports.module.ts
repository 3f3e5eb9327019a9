import { DynamicModule, Module, type Provider } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { JourneysModule } from '../journeys/journeys.module';
import { ReminderJobs } from '../reminders/reminder-jobs';
import { TimelineModule } from '../timeline/timeline.module';
import { ExecutiveReportSchedules, ExecutiveReportsProcessor } from './executive-reports.processor';
import { ExecutiveReportsController } from './executive-reports.controller';
import { ExecutiveReportsService } from './executive-reports.service';

// ReminderJobs is stateless (it only adds jobs), so this module keeps its own instance rather than
// depending on how the reminders module is registered in each process.
const CORE: Provider[] = [ExecutiveReportsService, ReminderJobs];
const CONSUMERS: Provider[] = [ExecutiveReportsProcessor, ExecutiveReportSchedules];

/** Monthly executive reports: generated on demand (API) and on the first of each month (worker). */
@Module({})
export class ExecutiveReportsModule {
  static register(config: AppConfig): DynamicModule {
    const consume = config.workerInProcess && config.queue !== null;
    return { module: ExecutiveReportsModule, imports: [JourneysModule, TimelineModule], controllers: [ExecutiveReportsController], providers: [...CORE, ...(consume ? CONSUMERS : [])] };
  }

  static forWorker(): DynamicModule {
    return { module: ExecutiveReportsModule, imports: [JourneysModule, TimelineModule], providers: [...CORE, ...CONSUMERS] };
  }
}
