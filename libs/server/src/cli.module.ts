import { DynamicModule, Module } from '@nestjs/common';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DocumentsModule } from './documents/documents.module';
import { CalendarModule } from './calendar/calendar.module';
import { IdentityModule } from './identity.module';
import { JourneysModule } from './journeys/journeys.module';
import { SeedModule } from './seed/seed.module';
import { LoggingModule } from './logging/logging.module';
import { MailModule } from './mail/mail.module';
import { QueueModule } from './queue/queue.module';

/** What the command-line tools need: the same services as the API, without HTTP or workers. */
@Module({})
export class CliModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [ConfigModule.forRoot(config), LoggingModule, DatabaseModule, DocumentsModule.forRoot(), QueueModule.forRoot(config, { consume: false }), MailModule, AuditModule.register({ consume: false }), AuthModule, IdentityModule, CalendarModule, JourneysModule, SeedModule],
    };
  }
}
