import { Inject, Injectable, Logger } from '@nestjs/common';
import { EmailJob, QueueName, ReminderJob } from '@pairline/contracts';
import type { JobsOptions } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { Clock } from '../calendar/calendar.module';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { QueuesService } from '../queue/queues.service';

export interface ReminderJobData {
  readonly organisationId: string;
  readonly reminderId: string;
}

export interface EmailJobData {
  readonly organisationId: string;
  readonly outboxId: string;
}

/**
 * A reminder job only says "look at this row now": the row decides. So a job may be lost (Redis
 * flushed, enqueue failed, crash before enqueue) and rebuilt by reconciliation, or fire after its
 * reminder was cancelled, without harm. Finished and failed jobs are removed so that a rebuilt
 * job with the same id is never mistaken for one that already ran.
 */
export const REMINDER_JOB_OPTIONS: JobsOptions = { attempts: 6, backoff: { type: 'exponential', delay: 1_000 }, removeOnComplete: true, removeOnFail: true };

/**
 * Producer side of the reminder and email queues. Every call is best effort: PostgreSQL already
 * holds the decision, so when Redis is away (or no Redis is configured) this logs and returns,
 * and the worker's reconciliation enqueues the work later. A caller's transaction never fails for it.
 */
@Injectable()
export class ReminderJobs {
  private readonly logger = new Logger('ReminderJobs');

  constructor(
    private readonly queues: QueuesService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get enabled(): boolean {
    return this.queues.enabled;
  }

  /** Only reminders due within the horizon get a job; reconciliation adds the rest as they come near. */
  withinHorizon(sendAt: Date): boolean {
    return sendAt.getTime() <= this.clock.now().getTime() + this.config.reminders.jobHorizonMs;
  }

  async schedule(reminders: readonly { id: string; organisationId: string; sendAt: Date }[], replace = false): Promise<number> {
    const due = reminders.filter((r) => this.withinHorizon(r.sendAt));
    if (!this.enabled || due.length === 0) return 0;
    try {
      const queue = this.queues.queue(QueueName.Reminders);
      if (replace) await Promise.all(due.map((r) => queue.remove(r.id).catch(() => 0)));
      const now = this.clock.now().getTime();
      for (let i = 0; i < due.length; i += 1_000) {
        await queue.addBulk(
          due.slice(i, i + 1_000).map((r) => ({
            name: ReminderJob.Fire,
            data: { organisationId: r.organisationId, reminderId: r.id } satisfies ReminderJobData,
            opts: { ...REMINDER_JOB_OPTIONS, jobId: r.id, delay: Math.max(0, r.sendAt.getTime() - now) },
          })),
        );
      }
      return due.length;
    } catch (error) {
      this.logger.warn(`Could not enqueue ${due.length} reminder job(s); reconciliation will: ${(error as Error).message}`);
      return 0;
    }
  }

  async unschedule(ids: readonly string[]): Promise<void> {
    if (!this.enabled || ids.length === 0) return;
    const queue = this.queues.queue(QueueName.Reminders);
    // A job that cannot be removed (running, or Redis away) finds its row cancelled and does nothing.
    await Promise.all(ids.map((id) => queue.remove(id).catch(() => 0)));
  }

  async enqueueEmails(rows: readonly { id: string; organisationId: string; jobId?: string }[]): Promise<number> {
    if (!this.enabled || rows.length === 0) return 0;
    try {
      const { emailMaxAttempts, emailRetryDelayMs } = this.config.reminders;
      const queue = this.queues.queue(QueueName.Email);
      for (let i = 0; i < rows.length; i += 1_000) {
        await queue.addBulk(
          rows.slice(i, i + 1_000).map((row) => ({
            name: EmailJob.Send,
            data: { organisationId: row.organisationId, outboxId: row.id } satisfies EmailJobData,
            opts: {
              jobId: row.jobId ?? row.id,
              attempts: emailMaxAttempts,
              backoff: { type: 'exponential', delay: emailRetryDelayMs },
              removeOnComplete: true,
              // Kept for the queue dashboard and health; reconciliation retries one whose row is still pending.
              removeOnFail: { count: 5_000 },
            },
          })),
        );
      }
      return rows.length;
    } catch (error) {
      this.logger.warn(`Could not enqueue ${rows.length} email job(s); reconciliation will: ${(error as Error).message}`);
      return 0;
    }
  }

  /**
   * Email jobs that gave up while their row stayed pending (the database was unreachable to record
   * the failure, say) would block their id forever; retry them.
   */
  async retryFailedEmails(ids: readonly string[]): Promise<number> {
    if (!this.enabled || ids.length === 0) return 0;
    const queue = this.queues.queue(QueueName.Email);
    let retried = 0;
    for (const id of ids.slice(0, 1_000)) {
      try {
        if ((await queue.getJobState(id)) !== 'failed') continue;
        const job = await queue.getJob(id);
        await job?.retry('failed', { resetAttemptsMade: true });
        retried++;
      } catch (error) {
        this.logger.warn(`Could not retry email job ${id}: ${(error as Error).message}`);
      }
    }
    return retried;
  }

  /**
   * An admin asked to try a failed email again. The new job has an id of its own: the row's own job
   * may not be gone yet (still running, or kept by Redis) and would keep the id taken, so the
   * retry would never run. Two jobs for one row cannot send it twice (the row's lock
   * and state decide).
   */
  async requeueEmail(row: { id: string; organisationId: string }): Promise<void> {
    if (!this.enabled) return;
    await this.queues.queue(QueueName.Email).remove(row.id).catch(() => 0);
    await this.enqueueEmails([{ ...row, jobId: `${row.id}.retry.${randomUUID()}` }]);
  }
}
