import { DynamicModule, Injectable, Module, OnModuleInit, Optional, type Provider } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { WorkingDayCalendar } from '@pairline/domain';
import type { FastifyInstance } from 'fastify';
import { DatedItemChanges } from '../calendar/dated-item-changes';
import type { AppConfig } from '../config/app-config';
import { JourneyChanges } from '../journeys/journey-changes';
import { JourneysModule } from '../journeys/journeys.module';
import { EvidenceReminderSource, HazardReminderSource, ScalReminderSource } from './assurance-reminder-sources';
import { JourneyReminderSources } from './journey-reminder-sources';
import { ReminderDispatcher } from './reminder-dispatcher';
import { ReminderJobs } from './reminder-jobs';
import { ReminderPlanner } from './reminder-planner';
import { ReminderSources } from './reminder-sources';
import { NotificationsController } from './notifications.controller';
import { NotificationsService } from './notifications.service';
import { RemindersController } from './reminders.controller';
import { EmailProcessor, ReminderSchedules, RemindersProcessor } from './reminders.processor';
import { RemindersService } from './reminders.service';

/**
 * Registers the sources this module itself provides. They are plain SQL over the features' tables,
 * so the worker (which loads no feature modules) has every source the API has: a fired reminder
 * whose kind had no source would otherwise look like an item that no longer exists.
 */
@Injectable()
class BuiltInSources implements OnModuleInit {
  constructor(
    private readonly sources: ReminderSources,
    private readonly calendar: WorkingDayCalendar,
  ) {}

  onModuleInit(): void {
    this.sources.register(new JourneyReminderSources(this.calendar));
    this.sources.register(new ScalReminderSource());
    this.sources.register(new EvidenceReminderSource());
    this.sources.register(new HazardReminderSource());
  }
}

/** Re-plans reminders inside every write that moves a due date, owner or status (API side only). */
@Injectable()
class ChangeHooks implements OnModuleInit {
  constructor(
    private readonly changes: JourneyChanges,
    private readonly datedItems: DatedItemChanges,
    private readonly planner: ReminderPlanner,
    @Optional() private readonly adapterHost?: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    this.changes.subscribe((manager, organisationId, journeyIds) => this.planner.replanJourneys(manager, organisationId, journeyIds));
    this.datedItems.subscribe((manager, organisationId, kind, ids) => this.planner.replanItems(manager, organisationId, kind, ids));
    // Mail providers' one-click unsubscribe (RFC 8058) POSTs a form body; accept it on that route only.
    const fastify = this.adapterHost?.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
    if (fastify && !fastify.hasContentTypeParser('application/x-www-form-urlencoded')) {
      fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (request, _body, done) => {
        if (request.url.startsWith('/api/reminders/unsubscribe')) done(null, {});
        else done(Object.assign(new Error('Unsupported Media Type'), { statusCode: 415 }), undefined);
      });
    }
  }
}

const CORE: Provider[] = [ReminderSources, BuiltInSources, ReminderJobs, ReminderPlanner, ReminderDispatcher];
const CONSUMERS: Provider[] = [RemindersProcessor, EmailProcessor, ReminderSchedules];

/**
 * Deadline reminders. PostgreSQL decides (planned reminders, email outbox); Redis only carries
 * the timing. The API plans within the writes of the features it follows; processors run where
 * jobs are consumed (the worker, or the API in single-machine mode).
 */
@Module({})
export class RemindersModule {
  /** For the HTTP application. */
  static register(config: AppConfig): DynamicModule {
    const consume = config.workerInProcess && config.queue !== null;
    return {
      module: RemindersModule,
      imports: [JourneysModule],
      controllers: [RemindersController, NotificationsController],
      providers: [...CORE, ChangeHooks, RemindersService, NotificationsService, ...(consume ? CONSUMERS : [])],
      exports: [ReminderSources, ReminderPlanner],
    };
  }

  /** For the worker process: the processors and what they need, no HTTP and no journeys module. */
  static forWorker(): DynamicModule {
    return { module: RemindersModule, providers: [...CORE, ...CONSUMERS], exports: [ReminderSources, ReminderPlanner] };
  }
}
