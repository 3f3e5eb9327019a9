import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { QueueName, ReportJob } from '@pairline/contracts';
import type { Job, Queue } from 'bullmq';
import { Clock } from '../calendar/calendar.module';
import { Db } from '../database/db.service';
import { allOrganisationIds } from '../database/sweep';
import { JourneyViews } from '../journeys/journey-views';
import { ExecutiveReportsService } from './executive-reports.service';

export interface GenerateReportJobData {
  readonly organisationId: string;
  readonly period: string;
}

/** 07:00 London time on the first of each month: the report lands before the working day starts. */
export const MONTHLY_REPORT_PATTERN = '0 7 1 * *';
/**
 * 02:15 London time: every journey's outlook (and so its forecast snapshot) stored for the new day,
 * read or not. Reads and writes store it too; this fills the days nobody opened the app.
 */
export const DAILY_SNAPSHOT_PATTERN = '15 2 * * *';

/**
 * The monthly run fans out one job per organisation, with a job id naming the organisation and the
 * month, so a repeated monthly run (a retry, two workers) cannot queue a second report; the job
 * itself is idempotent too (see ExecutiveReportsService.scheduled).
 */
@Processor(QueueName.Reports, { concurrency: 2 })
export class ExecutiveReportsProcessor extends WorkerHost {
  private readonly logger = new Logger('ExecutiveReports');

  constructor(
    private readonly reports: ExecutiveReportsService,
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly views: JourneyViews,
    @InjectQueue(QueueName.Reports) private readonly queue: Queue,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name) {
      case ReportJob.Monthly: {
        const period = this.clock.today().slice(0, 7);
        const organisations = await allOrganisationIds(this.db);
        await this.queue.addBulk(
          organisations.map((organisationId) => ({
            name: ReportJob.Generate,
            data: { organisationId, period } satisfies GenerateReportJobData,
            opts: { jobId: `executive-report:${organisationId}:${period}`, attempts: 5, backoff: { type: 'exponential', delay: 30_000 }, removeOnComplete: { count: 1_000 }, removeOnFail: { count: 1_000 } },
          })),
        );
        this.logger.log(`Executive reports for ${period}: ${organisations.length} organisation(s) queued`);
        return { period, organisations: organisations.length };
      }
      case ReportJob.Generate: {
        const { organisationId, period } = job.data as GenerateReportJobData;
        const report = await this.reports.scheduled(organisationId, period);
        return { reportId: report?.id ?? null };
      }
      case ReportJob.DailySnapshots: {
        // One transaction per organisation: each is scoped to its tenant like any other write.
        const organisations = await allOrganisationIds(this.db);
        for (const organisationId of organisations) await this.db.transaction((manager) => this.views.refresh(manager, organisationId, null), { organisationId });
        return { organisations: organisations.length };
      }
      default:
        throw new Error(`Unknown job "${job.name}" on queue "${QueueName.Reports}"`);
    }
  }
}

@Injectable()
export class ExecutiveReportSchedules implements OnApplicationBootstrap {
  constructor(@InjectQueue(QueueName.Reports) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    const opts = { attempts: 3, removeOnComplete: true, removeOnFail: { count: 10 } };
    await this.queue.upsertJobScheduler(ReportJob.Monthly, { pattern: MONTHLY_REPORT_PATTERN, tz: 'Europe/London' }, { name: ReportJob.Monthly, opts });
    await this.queue.upsertJobScheduler(ReportJob.DailySnapshots, { pattern: DAILY_SNAPSHOT_PATTERN, tz: 'Europe/London' }, { name: ReportJob.DailySnapshots, opts });
  }
}
