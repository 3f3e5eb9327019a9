import { Inject, Injectable } from '@nestjs/common';
import type { ExecutiveReportDto } from '@pairline/contracts';
import { DomainError } from '@pairline/domain';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuditTrail, systemAuthor, type AuditAuthor } from '../audit/audit.service';
import { tenantOf } from '../auth/actor';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Db } from '../database/db.service';
import { findPage } from '../listing/find-page';
import type { ListQuery, ListSpec, Page } from '../listing/list-query';
import { ReminderJobs } from '../reminders/reminder-jobs';
import { PortfolioService } from '../portfolio/portfolio.service';
import { TimelineService, type Scope } from '../timeline/timeline.service';
import { executiveReportEmail } from './executive-report-email';
import type { ExecutiveReportData } from './executive-report.pdf';
import { DocumentWorkers } from '../documents/document-workers';

interface ReportRow {
  id: string;
  period: string;
  as_of: string;
  trigger: ExecutiveReportDto['trigger'];
  generated_by_name: string | null;
  compared_with_as_of: string | null;
  size_bytes: number;
  sha256: string;
  created_at: Date;
}

const COLUMNS = `r."id", r."period", r."as_of", r."trigger", u."name" AS "generated_by_name", b."as_of" AS "compared_with_as_of", r."size_bytes", r."sha256", r."created_at"`;
const FROM = `"executive_report" r LEFT JOIN "app_user" u ON u."id" = r."generated_by" LEFT JOIN "timeline_baseline" b ON b."id" = r."compared_with_baseline_id"`;
const SELECT = `SELECT ${COLUMNS} FROM ${FROM}`;

export const EXECUTIVE_REPORT_LIST: ListSpec<'id' | 'period' | 'asOf' | 'trigger' | 'createdAt'> = {
  resource: 'executive-reports',
  fields: { id: 'r."id"', period: 'r."period"', asOf: 'r."as_of"', trigger: 'r."trigger"', createdAt: 'r."created_at"' },
  sortable: ['period', 'asOf', 'createdAt'],
  filterable: { id: 'uuid', period: 'text', trigger: { oneOf: ['on_demand', 'scheduled'] } },
  defaultSort: { field: 'createdAt', order: 'DESC' },
  tieBreaker: 'r."id"',
};

/** "2026-11" → "November 2026". */
export const periodLabel = (period: string) => new Date(`${period}-15T12:00:00Z`).toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

const toDto = (r: ReportRow): ExecutiveReportDto => ({
  id: r.id,
  period: r.period,
  asOf: r.as_of,
  trigger: r.trigger,
  generatedByName: r.generated_by_name,
  comparedWithAsOf: r.compared_with_as_of,
  sizeBytes: r.size_bytes,
  sha256: r.sha256,
  createdAt: r.created_at.toISOString(),
});

/**
 * Monthly executive reports. Each one saves a baseline of the plan as it stands, and measures its
 * slips against the baseline of the previous report: "what moved since we last told the board".
 * The PDF is stored as generated, so what the board received can be produced again byte for byte.
 */
@Injectable()
export class ExecutiveReportsService {
  constructor(
    private readonly db: Db,
    private readonly timeline: TimelineService,
    private readonly portfolio: PortfolioService,
    private readonly audit: AuditTrail,
    private readonly jobs: ReminderJobs,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly workers: DocumentWorkers,
  ) {}

  generate(scope: Scope, author: AuditAuthor, trigger: ExecutiveReportDto['trigger']): Promise<ExecutiveReportDto> {
    return this.db.transaction(async (manager) => {
      const org = scope.organisationId;
      // One report at a time per organisation, so two never compare with the same previous one.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended('executive-report:' || $1, 0))`, [org]);
      const [previous] = await manager.query(
        `SELECT "baseline_id" FROM "executive_report" WHERE "organisation_id" = $1 AND "baseline_id" IS NOT NULL ORDER BY "created_at" DESC, "id" DESC LIMIT 1`,
        [org],
      );
      const [organisation] = await manager.query(`SELECT "name" FROM "organisation" WHERE "id" = $1`, [org]);
      const timeline = await this.timeline.timeline(scope, { baselineId: previous?.baseline_id ?? undefined });
      const period = timeline.asOf.slice(0, 7);
      const data: ExecutiveReportData = { organisation: organisation.name, period: periodLabel(period), portfolio: await this.portfolio.portfolio(scope), timeline };
      // Laid out on a document thread, so the worker's other jobs (and, in-process, requests) go on meanwhile.
      const rendered = await this.workers.run('executiveReportPdf', data);
      const pdf = Buffer.from(rendered.buffer, rendered.byteOffset, rendered.byteLength);
      const baseline = await this.timeline.saveBaseline(scope, author, { name: `Executive report ${period}`, note: 'Saved with the executive report; the next report measures slips against it.' });
      const sha256 = createHash('sha256').update(pdf).digest('hex');
      const [row] = await manager.query(
        `INSERT INTO "executive_report" ("organisation_id", "period", "as_of", "trigger", "generated_by", "baseline_id", "compared_with_baseline_id", "pdf", "sha256", "size_bytes")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING "id"`,
        [org, period, timeline.asOf, trigger, scope.userId || null, baseline.id, previous?.baseline_id ?? null, pdf, sha256, pdf.length],
      );
      await this.audit.record(manager, author, {
        action: 'executive_report.generated',
        entityType: 'executive_report',
        entityId: row.id,
        changes: { period: { after: period }, trigger: { after: trigger }, sha256: { after: sha256 }, baselineId: { after: baseline.id } },
      });
      return this.load(manager, org, row.id);
    }, tenantOf(scope));
  }

  /**
   * Tells the organisation's executives the report is ready, through the email outbox (written in
   * this transaction, sent by the email worker; one row per executive and report, never two).
   * Returns how many executives it was queued for.
   */
  async emailExecutives(scope: Scope, reportId: string): Promise<number> {
    const outbox = await this.db.transaction(async (manager) => {
      const org = scope.organisationId;
      const report = await this.load(manager, org, reportId);
      const [organisation] = await manager.query(`SELECT "name" FROM "organisation" WHERE "id" = $1`, [org]);
      const email = executiveReportEmail(report, organisation.name, periodLabel(report.period), this.config.http.publicUrl);
      const executives: { id: string; email: string }[] = await manager.query(
        `SELECT u."id", u."email" FROM "membership" m JOIN "app_user" u ON u."id" = m."user_id" WHERE m."organisation_id" = $1 AND m."role" = 'executive' ORDER BY u."email"`,
        [org],
      );
      if (executives.length === 0) return [];
      const rows: { id: string }[] = await manager.query(
        `INSERT INTO "email_outbox" ("organisation_id", "recipient_user_id", "recipient_email", "event_id", "subject", "text_body", "html_body", "headers")
         SELECT $1, v.user_id, v.email, $2, $3, $4, $5, '{}'::jsonb FROM unnest($6::uuid[], $7::text[]) AS v(user_id, email)
         ON CONFLICT ("event_id", "recipient_email") DO NOTHING RETURNING "id"`,
        [org, `executive-report:${reportId}`, email.subject, email.text, email.html, executives.map((e) => e.id), executives.map((e) => e.email)],
      );
      return rows.map((r) => ({ id: r.id, organisationId: org }));
    }, tenantOf(scope));
    // After the commit: a job for a row not yet visible would find nothing (reconciliation would retry it).
    await this.jobs.enqueueEmails(outbox);
    return outbox.length;
  }

  /** The scheduled run for one organisation and month: generates and emails once, whatever the retries. */
  async scheduled(organisationId: string, period: string): Promise<ExecutiveReportDto | null> {
    const scope = { organisationId, userId: '' };
    const [existing]: ReportRow[] = await this.db.transaction(
      (manager) => manager.query(`${SELECT} WHERE r."organisation_id" = $1 AND r."period" = $2 AND r."trigger" = 'scheduled'`, [organisationId, period]),
      tenantOf(scope),
    );
    const report = existing ? toDto(existing) : await this.generate(scope, systemAuthor(organisationId), 'scheduled');
    if (report.period !== period) return null;
    await this.emailExecutives(scope, report.id);
    return report;
  }

  private async load(manager: EntityManager, org: string, id: string): Promise<ExecutiveReportDto> {
    const [row]: ReportRow[] = await manager.query(`${SELECT} WHERE r."organisation_id" = $1 AND r."id" = $2`, [org, id]);
    if (!row) throw new DomainError('not_found', 'executive_report_not_found', 'No such executive report in this organisation.');
    return toDto(row);
  }

  list(scope: Scope, query: ListQuery): Promise<Page<ExecutiveReportDto>> {
    return this.db.transaction(
      (manager) => findPage(manager, { select: COLUMNS, from: FROM, where: `r."organisation_id" = $1`, params: [scope.organisationId] }, query, EXECUTIVE_REPORT_LIST, toDto),
      tenantOf(scope),
    );
  }

  /** The stored PDF, as generated. */
  pdf(scope: Scope, id: string): Promise<{ report: ExecutiveReportDto; pdf: Buffer }> {
    return this.db.transaction(async (manager) => {
      const report = await this.load(manager, scope.organisationId, id);
      const [{ pdf }] = await manager.query(`SELECT "pdf" FROM "executive_report" WHERE "id" = $1`, [id]);
      return { report, pdf };
    }, tenantOf(scope));
  }
}
