import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { QueueName, SystemJob, WORKER_HEARTBEAT_EVERY_MS } from '@pairline/contracts';
import type { Job, Queue } from 'bullmq';
import { QueuesService } from './queues.service';

/** Housekeeping jobs of the worker itself. */
@Processor(QueueName.System)
export class SystemProcessor extends WorkerHost {
  constructor(private readonly queues: QueuesService) {
    super();
  }

  async process(job: Job): Promise<void> {
    switch (job.name) {
      case SystemJob.Heartbeat:
        await this.queues.recordWorkerHeartbeat();
        return;
      default:
        // A job this version does not know: fail it visibly rather than drop it silently.
        throw new Error(`Unknown job "${job.name}" on queue "${QueueName.System}"`);
    }
  }
}

/** Registers the repeating system jobs; idempotent, so every worker may do it at start. */
@Injectable()
export class SystemSchedules implements OnApplicationBootstrap {
  private readonly logger = new Logger('SystemSchedules');

  constructor(@InjectQueue(QueueName.System) private readonly system: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.system.upsertJobScheduler(
      SystemJob.Heartbeat,
      { every: WORKER_HEARTBEAT_EVERY_MS },
      { name: SystemJob.Heartbeat, opts: { attempts: 1, removeOnComplete: true, removeOnFail: { count: 10 } } },
    );
    this.logger.log(`Worker heartbeat scheduled every ${WORKER_HEARTBEAT_EVERY_MS / 1000}s`);
  }
}
