import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AuditJob, QueueName } from '@pairline/contracts';
import type { Job, Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AuditCheckpoints } from './audit-checkpoints';

/** Signs every organisation's moved chain head; idempotent (a head is signed once). */
@Processor(QueueName.Audit)
export class AuditCheckpointsProcessor extends WorkerHost {
  constructor(private readonly checkpoints: AuditCheckpoints) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    if (job.name !== AuditJob.CheckpointAll) throw new Error(`Unknown job "${job.name}" on queue "${QueueName.Audit}"`);
    return { signed: await this.checkpoints.checkpointAll() };
  }
}

/** Registers the periodic checkpoint (AUDIT_CHECKPOINT_EVERY_MS); every worker may do it at start. */
@Injectable()
export class AuditCheckpointSchedule implements OnApplicationBootstrap {
  private readonly logger = new Logger('AuditCheckpoints');

  constructor(
    @InjectQueue(QueueName.Audit) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      AuditJob.CheckpointAll,
      { every: this.config.audit.checkpointEveryMs },
      { name: AuditJob.CheckpointAll, opts: { attempts: 3, removeOnComplete: true, removeOnFail: { count: 10 } } },
    );
    this.logger.log(`Audit checkpoints signed every ${Math.round(this.config.audit.checkpointEveryMs / 60_000)} min`);
  }
}
