import { DynamicModule, Module, type Type } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DocumentsModule } from './documents/documents.module';
import { HttpErrorFilter } from './errors/http-error.filter';
import { createValidationPipe } from './errors/validation';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { QueueModule } from './queue/queue.module';
import { ReferenceDataModule } from './reference-data/reference-data.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { IdentityModule } from './identity.module';
import { CalendarModule } from './calendar/calendar.module';
import { JourneysModule } from './journeys/journeys.module';
import { ScalTemplatesModule } from './scal-templates/scal-templates.module';
import { ScalsModule } from './scals/scals.module';
import { ClinicalSafetyModule } from './clinical-safety/clinical-safety.module';
import { EvidenceModule } from './evidence/evidence.module';
import { SeedModule } from './seed/seed.module';
import { TimelineModule } from './timeline/timeline.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { ExecutiveReportsModule } from './reports/executive-reports.module';
import { MailModule } from './mail/mail.module';
import { RemindersModule } from './reminders/reminders.module';

/** The HTTP application: every feature module, plus the processors when the worker runs in-process. */
@Module({})
export class AppModule {
  /** `extraModules` lets tests mount probe endpoints next to the real ones. */
  static register(config: AppConfig, extraModules: Type[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        DatabaseModule,
        DocumentsModule.forRoot(),
        QueueModule.forRoot(config, { consume: config.workerInProcess }),
        MailModule,
        AuditModule.register({ consume: config.workerInProcess && config.queue !== null }),
        AuthModule,
        IdentityModule,
        HealthModule,
        MetricsModule,
        CalendarModule,
        ReferenceDataModule,
        JourneysModule,
        ScalTemplatesModule,
        ScalsModule,
        ClinicalSafetyModule,
        EvidenceModule,
        TimelineModule,
        DashboardModule,
        ExecutiveReportsModule.register(config),
        SeedModule,
        RemindersModule.register(config),
        ...extraModules,
      ],
      providers: [
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
