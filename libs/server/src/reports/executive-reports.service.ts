import { Injectable } from '@nestjs/common';
import type { ExecutiveReportDto } from '@pairline/contracts';
import { DomainError } from '@pairline/domain';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { AuditTrail, type AuditAuthor } from '../audit/audit.service';
import { tenantOf } from '../auth/actor';
import { Db } from '../database/db.service';
import { PortfolioService } from '../portfolio/portfolio.service';
import { TimelineService, type Scope } from '../timeline/timeline.service';
import { renderExecutiveReport } from './executive-report.pdf';

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

const SELECT = `SELECT r."id", r."period", r."as_of", r."trigger", u."name" AS "generated_by_name", b."as_of" AS "compared_with_as_of", r."size_bytes", r."sha256", r."created_at"
  FROM "executive_report" r LEFT JOIN "app_user" u ON u."id" = r."generated_by" LEFT JOIN "timeline_baseline" b ON b."id" = r."compared_with_baseline_id"`;

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
      const pdf = await renderExecutiveReport({
        organisation: organisation.name,
        period: new Date(`${timeline.asOf}T12:00:00Z`).toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }),
        portfolio: await this.portfolio.portfolio(scope),
        timeline,
      });
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

  private async load(manager: EntityManager, org: string, id: string): Promise<ExecutiveReportDto> {
    const [row]: ReportRow[] = await manager.query(`${SELECT} WHERE r."organisation_id" = $1 AND r."id" = $2`, [org, id]);
    if (!row) throw new DomainError('not_found', 'executive_report_not_found', 'No such executive report in this organisation.');
    return toDto(row);
  }

  list(scope: Scope): Promise<ExecutiveReportDto[]> {
    return this.db.transaction(async (manager) => {
      const rows: ReportRow[] = await manager.query(`${SELECT} WHERE r."organisation_id" = $1 ORDER BY r."created_at" DESC, r."id" DESC`, [scope.organisationId]);
      return rows.map(toDto);
    }, tenantOf(scope));
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
