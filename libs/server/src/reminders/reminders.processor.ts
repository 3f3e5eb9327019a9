import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EmailJob, QueueName, ReminderJob } from '@pairline/contracts';
import { UnrecoverableError, type Job, type Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ReminderDispatcher, RowNotYetVisible } from './reminder-dispatcher';
import type { EmailJobData, ReminderJobData } from './reminder-jobs';

const isFinalAttempt = (job: Job) => job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

/**
 * A killed worker's active jobs go back to the queue once their lock lapses; a short lock gets them
 * delivered again within seconds instead of half a minute (the lock is renewed while a job runs).
 */
const WORKER_OPTIONS = { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 5 };

/**
 * Reminder jobs taken at once. Most of a busy minute's jobs find their reminder already fired by
 * another job's batch and only wait for it in memory; the dispatcher's gate bounds the batches
 * that hold database connections.
 */
const JOB_CONCURRENCY = 50;

@Processor(QueueName.Reminders, { ...WORKER_OPTIONS, concurrency: JOB_CONCURRENCY })
export class RemindersProcessor extends WorkerHost {
  private readonly logger = new Logger('RemindersProcessor');

  constructor(private readonly dispatcher: ReminderDispatcher) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case ReminderJob.Fire: {
        const { organisationId, reminderId } = job.data as ReminderJobData;
        const outcome = await this.dispatcher.fire(organisationId, reminderId);
        // Enqueued by a transaction that has not committed yet, or rolled back: look again shortly,
        // then give up quietly (reconciliation re-adds it if the row does exist).
        if (outcome === 'missing' && !isFinalAttempt(job)) throw new RowNotYetVisible(`Reminder ${reminderId} is not visible yet`);
        return outcome;
      }
      case ReminderJob.Reconcile: {
        const result = await this.dispatcher.reconcile();
        if (result.reminders || result.emails) this.logger.log(`Reconciled: ${result.reminders} reminder job(s), ${result.emails} email job(s) ensured`);
        return result;
      }
      case ReminderJob.ReplanAll:
        return { organisations: await this.dispatcher.replanAll() };
      case ReminderJob.Digest:
        return { digests: await this.dispatcher.sendDigests() };
      default:
        throw new Error(`Unknown job "${job.name}" on queue "${QueueName.Reminders}"`);
    }
  }
}

@Processor(QueueName.Email, { ...WORKER_OPTIONS, concurrency: 1 })
export class EmailProcessor extends WorkerHost implements OnApplicationBootstrap {
  constructor(
    private readonly dispatcher: ReminderDispatcher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  /** EMAIL_SEND_CONCURRENCY (bounded by the pool) once config is known: each send holds a connection. */
  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.reminders.emailSendConcurrency;
  }

  async process(job: Job): Promise<void> {
    if (job.name !== EmailJob.Send) throw new Error(`Unknown job "${job.name}" on queue "${QueueName.Email}"`);
    const { organisationId, outboxId } = job.data as EmailJobData;
    const result = await this.dispatcher.send(organisationId, outboxId, isFinalAttempt(job));
    // Throw so BullMQ retries with backoff (the attempt is already recorded on the row); a
    // permanent failure is recorded as such and must not be retried.
    if (!result.sent) throw result.permanent ? new UnrecoverableError(result.error) : new Error(result.error);
  }
}

/**
 * Registers the periodic reconciliation and the nightly re-plan, and reconciles once at start:
 * the moment Redis becomes available (or comes back empty) is when jobs are most likely missing.
 * The schedules themselves live in Redis, so a process-local watch puts them back (and reconciles
 * at once) if Redis lost them; otherwise nothing would rebuild the jobs until a worker restarted.
 */
@Injectable()
export class ReminderSchedules implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReminderSchedules');
  private watch: NodeJS.Timeout | null = null;
  private readonly opts = { attempts: 1, removeOnComplete: true, removeOnFail: { count: 10 } };

  constructor(
    @InjectQueue(QueueName.Reminders) private readonly reminders: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensure();
    this.logger.log(`Reminder reconciliation every ${this.config.reminders.reconcileEveryMs / 1000}s`);
    const every = Math.min(60_000, this.config.reminders.reconcileEveryMs);
    this.watch = setInterval(() => {
      void this.check().catch((error: unknown) => this.logger.warn(`Could not check the reminder schedules: ${(error as Error).message}`));
    }, every);
    this.watch.unref();
  }

  onApplicationShutdown(): void {
    if (this.watch) clearInterval(this.watch);
  }

  private async check(): Promise<void> {
    if (!(await this.reminders.getJobScheduler(ReminderJob.Reconcile))) {
      this.logger.warn('Reminder schedules missing from Redis (flushed or replaced?): registering them again and reconciling now');
      await this.ensure();
    }
  }

  private async ensure(): Promise<void> {
    await this.reminders.upsertJobScheduler(ReminderJob.Reconcile, { every: this.config.reminders.reconcileEveryMs }, { name: ReminderJob.Reconcile, opts: this.opts });
    // 02:30 London time, after the day has turned and before any 08:00 sends.
    await this.reminders.upsertJobScheduler(ReminderJob.ReplanAll, { pattern: '30 2 * * *', tz: 'Europe/London' }, { name: ReminderJob.ReplanAll, opts: this.opts });
    // 09:00 London: after the default 08:00 sends, so the day's advance reminders are in it.
    await this.reminders.upsertJobScheduler(ReminderJob.Digest, { pattern: '0 9 * * *', tz: 'Europe/London' }, { name: ReminderJob.Digest, opts: this.opts });
    await this.reminders.add(ReminderJob.Reconcile, {}, { ...this.opts, jobId: `reconcile-now-${Date.now()}` });
  }
}
