import { DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DocumentsModule } from './documents/documents.module';
import { LoggingModule } from './logging/logging.module';
import { QueueModule } from './queue/queue.module';
import { CalendarModule } from './calendar/calendar.module';
import { MailModule } from './mail/mail.module';
import { RemindersModule } from './reminders/reminders.module';
import { AuditModule } from './audit/audit.module';
import { ExecutiveReportsModule } from './reports/executive-reports.module';

/** The same code base without HTTP: only what the BullMQ processors need. */
@Module({})
export class WorkerModule {
  static register(config: AppConfig): DynamicModule {
    // The API owns the schema; a worker never races it to migrate.
    const workerConfig: AppConfig = { ...config, database: { ...config.database, runMigrations: false } };
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(workerConfig),
        LoggingModule,
        DatabaseModule,
        DocumentsModule.forRoot(),
        QueueModule.forRoot(workerConfig, { consume: true }),
        CalendarModule,
        MailModule,
        RemindersModule.forWorker(),
        AuditModule.register({ consume: true }),
        ExecutiveReportsModule.forWorker(),
      ],
    };
  }
}
