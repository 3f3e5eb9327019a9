import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { ALL_QUEUES } from '@pairline/contracts';
import type { AppConfig } from '../config/app-config';
import { DEFAULT_JOB_OPTIONS } from './queue.constants';
import { QueuesService } from './queues.service';
import { SystemProcessor, SystemSchedules } from './system.processor';

export interface QueueModuleOptions {
  /** Register the processors in this process (the worker, or the API in single-machine mode). */
  readonly consume: boolean;
}

@Global()
@Module({})
export class QueueModule {
  static forRoot(config: AppConfig, { consume }: QueueModuleOptions): DynamicModule {
    if (!config.queue) {
      return { module: QueueModule, providers: [QueuesService], exports: [QueuesService] };
    }
    const url = config.queue.redisUrl;
    return {
      module: QueueModule,
      imports: [
        // Workers block on Redis and must retry forever rather than crash on a blip.
        BullModule.forRoot({ connection: { url, maxRetriesPerRequest: null }, prefix: config.queue.prefix }),
        // Producers answer HTTP requests: fail fast instead of queueing commands while Redis is away.
        ...ALL_QUEUES.map((name) =>
          BullModule.registerQueue({
            name,
            connection: { url, enableOfflineQueue: false },
            defaultJobOptions: DEFAULT_JOB_OPTIONS,
          }),
        ),
      ],
      providers: [QueuesService, ...(consume ? [SystemProcessor, SystemSchedules] : [])],
      exports: [QueuesService, BullModule],
    };
  }
}
