import { Injectable } from '@nestjs/common';
import type { HazardLogApprovalDto, HazardLogDiffDto, HazardLogVersionDetailDto, HazardLogVersionDto } from '@pairline/contracts';
import { diffHazardLogs, DomainError, isVersionStale, issueLogVersion, residualRiskProfile, type Control, type Hazard } from '@pairline/domain';
import type { EntityManager } from 'typeorm';
import { AuditTrail, authorOf } from '../audit/audit.service';
import { tenantOf, type Actor } from '../auth/actor';
import { AuthService } from '../auth/auth.service';
import { Db } from '../database/db.service';
import { findPage } from '../listing/find-page';
import { Page, type ListQuery, type ListSpec } from '../listing/list-query';
import { ClinicalSafetyOfficerEntity, HazardLogApprovalEntity, HazardLogVersionEntity } from './clinical-safety.entities';
import type { ApproveHazardLogVersionBody, IssueHazardLogVersionBody } from './clinical-safety.dto';
import { assertProduct, liveLog } from './hazard-log.store';
import { hazardLogWorkbook } from './hazard-log-workbook';
import { RiskPlansService } from './risk-plans.service';
import type { SafetyCaseReportData } from './safety-case-report.pdf';
import { DocumentWorkers } from '../documents/document-workers';
import { RiskPlanEntity } from './clinical-safety.entities';

export const HAZARD_LOG_VERSION_LIST: ListSpec<'id' | 'productId' | 'version' | 'issuedAt' | 'approved'> = {
  resource: 'hazard-log-versions',
  fields: { id: 'v."id"', productId: 'v."product_id"', version: `string_to_array(v."version", '.')::int[]`, issuedAt: 'v."issued_at"', approved: '(a."id" IS NOT NULL)' },
  sortable: ['version', 'issuedAt'],
  filterable: { id: 'uuid', productId: 'uuid', approved: 'boolean' },
  defaultSort: { field: 'version', order: 'DESC' },
  tieBreaker: 'v."id"',
};

interface VersionRow {
  id: string;
  product_id: string;
  version: string;
  change_summary: string;
  issued_at: Date;
  issued_by: string;
  hazard_count: number;
  control_count: number;
  approval_id: string | null;
  approver_user_id: string | null;
  approver_name: string | null;
  profession: string | null;
  professional_registration: string | null;
  statement: string | null;
  residual_risk_profile: HazardLogApprovalDto['residualRiskProfile'] | null;
  approved_at: Date | null;
}

const VERSION_SELECT = `v."id", v."product_id", v."version", v."change_summary", v."issued_at", v."issued_by", jsonb_array_length(v."hazards") AS "hazard_count", jsonb_array_length(v."controls") AS "control_count",
  a."id" AS "approval_id", a."approver_user_id", a."approver_name", a."profession", a."professional_registration", a."statement", a."residual_risk_profile", a."approved_at"`;
// One approval per version at most (unique), so the join is to-one.
const VERSION_FROM = `"hazard_log_version" v LEFT JOIN "hazard_log_approval" a ON a."hazard_log_version_id" = v."id"`;

const toApproval = (r: VersionRow): HazardLogApprovalDto | null =>
  r.approval_id
    ? {
        id: r.approval_id,
        approverUserId: r.approver_user_id!,
        approverName: r.approver_name!,
        profession: r.profession!,
        professionalRegistration: r.professional_registration!,
        statement: r.statement!,
        residualRiskProfile: r.residual_risk_profile!,
        approvedAt: new Date(r.approved_at!).toISOString(),
      }
    : null;

/** Issued hazard log versions, their CSO sign-off, diffs, and staleness against the live log. */
@Injectable()
export class HazardLogVersionsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly auth: AuthService,
    private readonly plans: RiskPlansService,
    private readonly workers: DocumentWorkers,
  ) {}

  private async row(manager: EntityManager, organisationId: string, id: string): Promise<VersionRow> {
    const [row] = await manager.query(`SELECT ${VERSION_SELECT} FROM ${VERSION_FROM} WHERE v."organisation_id" = $1 AND v."id" = $2`, [organisationId, id]);
    if (!row) throw new DomainError('not_found', 'hazard_log_version_not_found', 'No such hazard log version in this organisation.');
    return row;
  }

  private async frozen(manager: EntityManager, id: string): Promise<{ hazards: Hazard[]; controls: Control[] }> {
    return manager.getRepository(HazardLogVersionEntity).findOneOrFail({ where: { id }, select: { id: true, hazards: true, controls: true } });
  }

  /** Stale: approved, and the live log differs from what was approved. Worked out, never stored. */
  private async withStaleness(manager: EntityManager, organisationId: string, rows: VersionRow[]): Promise<HazardLogVersionDto[]> {
    const live = new Map<string, { hazards: Hazard[]; controls: Control[] }>();
    const out: HazardLogVersionDto[] = [];
    for (const r of rows) {
      let stale = false;
      if (r.approval_id) {
        if (!live.has(r.product_id)) live.set(r.product_id, await liveLog(manager, organisationId, r.product_id));
        stale = isVersionStale(await this.frozen(manager, r.id), live.get(r.product_id)!);
      }
      out.push({
        id: r.id,
        productId: r.product_id,
        version: r.version,
        changeSummary: r.change_summary,
        issuedAt: new Date(r.issued_at).toISOString(),
        issuedByUserId: r.issued_by,
        hazardCount: Number(r.hazard_count),
        controlCount: Number(r.control_count),
        approval: toApproval(r),
        stale,
      });
    }
    return out;
  }

  list(actor: Actor, query: ListQuery): Promise<Page<HazardLogVersionDto>> {
    return this.db.transaction(async (manager) => {
      const page = await findPage<VersionRow, VersionRow>(manager, { select: VERSION_SELECT, from: VERSION_FROM, where: `v."organisation_id" = $1`, params: [actor.organisationId] }, query, HAZARD_LOG_VERSION_LIST, (r) => r);
      return new Page(page.resource, await this.withStaleness(manager, actor.organisationId, page.items), page.offset, page.total);
    }, tenantOf(actor));
  }

  private async detail(manager: EntityManager, organisationId: string, id: string): Promise<HazardLogVersionDetailDto> {
    const row = await this.row(manager, organisationId, id);
    const [summary] = await this.withStaleness(manager, organisationId, [row]);
    const content = await this.frozen(manager, id);
    return { ...summary!, hazards: content.hazards, controls: content.controls };
  }

  get(actor: Actor, id: string): Promise<HazardLogVersionDetailDto> {
    return this.db.transaction((manager) => this.detail(manager, actor.organisationId, id), tenantOf(actor));
  }

  /** Freezes every hazard and control of the product as the next version. */
  issue(actor: Actor, body: IssueHazardLogVersionBody): Promise<HazardLogVersionDetailDto> {
    return this.db.transaction(async (manager) => {
      // Locking the product serialises issues, so two at once cannot both become 1.1.
      await assertProduct(manager, actor.organisationId, body.productId, 'productId', true);
      const existing: { version: string }[] = await manager.query(`SELECT "version" FROM "hazard_log_version" WHERE "organisation_id" = $1 AND "product_id" = $2`, [actor.organisationId, body.productId]);
      const log = await liveLog(manager, actor.organisationId, body.productId);
      if (log.hazards.length === 0) throw new DomainError('unprocessable', 'hazard_log_empty', 'productId: this product has no hazards to issue.', { field: 'productId' });
      const issued = issueLogVersion({
        existingVersions: existing.map((e) => e.version),
        kind: body.kind,
        changeSummary: body.changeSummary,
        issuedAt: new Date().toISOString(),
        issuedBy: actor.userId,
        hazards: log.hazards,
        controls: log.controls,
      });
      const saved = await manager.getRepository(HazardLogVersionEntity).save({
        organisationId: actor.organisationId,
        productId: body.productId,
        version: issued.version,
        changeSummary: issued.changeSummary,
        hazards: issued.hazards as Hazard[],
        controls: issued.controls as Control[],
        issuedBy: actor.userId,
      });
      await this.audit.record(manager, authorOf(actor), {
        action: 'hazard_log_version.issued',
        entityType: 'hazard_log_version',
        entityId: saved.id,
        changes: { productId: { after: body.productId }, version: { after: issued.version }, changeSummary: { after: issued.changeSummary }, hazards: { after: issued.hazards.length }, controls: { after: issued.controls.length } },
      });
      return this.detail(manager, actor.organisationId, saved.id);
    }, tenantOf(actor));
  }

  /**
   * The CSO's sign-off: only the clinical safety officer role, present at the keyboard (password or
   * TOTP), named in the product's CSO record. Written once; a later change to the log makes the
   * version stale without touching the approval.
   */
  approve(actor: Actor, id: string, body: ApproveHazardLogVersionBody): Promise<HazardLogVersionDetailDto> {
    return this.db.transaction(async (manager) => {
      if (actor.role !== 'clinical_safety_officer') throw new DomainError('forbidden', 'cso_role_required', 'Only a clinical safety officer can approve a hazard log version.');
      await this.row(manager, actor.organisationId, id);
      const proof = await this.auth.confirmPresence(manager, actor.userId, { password: body.password, totp: body.totp });
      await this.signOff(manager, actor, id, body.statement, proof);
      return this.detail(manager, actor.organisationId, id);
    }, tenantOf(actor));
  }

  /**
   * Writes the sign-off once presence is proven (or, for the demo seed, by the system acting as the
   * demo CSO). Refuses a second approval and a CSO without a professional registration.
   */
  async signOff(manager: EntityManager, actor: Actor, id: string, statement: string, proof: 'password' | 'totp' | 'demo_seed'): Promise<void> {
    const row = await this.row(manager, actor.organisationId, id);
    if (row.approval_id) throw new DomainError('conflict', 'hazard_log_version_already_approved', `Hazard log v${row.version} is already approved; an approval is never replaced. Issue a new version.`);
    const cso = await manager.getRepository(ClinicalSafetyOfficerEntity).findOne({ where: { organisationId: actor.organisationId, productId: row.product_id } });
    if (!cso || !cso.registrationNumber) {
      throw new DomainError('unprocessable', 'cso_details_required', "Record the product's clinical safety officer with their professional registration number before approving.");
    }
    if (cso.userId && cso.userId !== actor.userId) throw new DomainError('forbidden', 'not_product_cso', `Only ${cso.name}, this product's clinical safety officer, can approve its hazard log.`);
    const content = await this.frozen(manager, id);
    const profile = residualRiskProfile(content.hazards);
    const approval = await manager.getRepository(HazardLogApprovalEntity).save({
      organisationId: actor.organisationId,
      hazardLogVersionId: id,
      approverUserId: actor.userId,
      approverName: cso.name,
      profession: cso.profession,
      professionalRegistration: cso.registrationNumber,
      statement: statement.trim(),
      residualRiskProfile: profile,
    });
    await this.audit.record(manager, authorOf(actor), {
      action: 'hazard_log_version.approved',
      entityType: 'hazard_log_version',
      entityId: id,
      changes: {
        approvalId: { after: approval.id },
        version: { after: row.version },
        approverName: { after: cso.name },
        professionalRegistration: { after: cso.registrationNumber },
        statement: { after: approval.statement },
        residualRiskProfile: { after: profile },
        reauthenticatedWith: { after: proof },
      },
    });
  }

  diff(actor: Actor, fromId: string, toId: string): Promise<HazardLogDiffDto> {
    return this.db.transaction(async (manager) => {
      const [from, to] = [await this.row(manager, actor.organisationId, fromId), await this.row(manager, actor.organisationId, toId)];
      if (from.product_id !== to.product_id) throw new DomainError('unprocessable', 'hazard_log_versions_span_products', 'against: both versions must belong to the same product.', { field: 'against' });
      return { from: from.version, to: to.version, ...diffHazardLogs(await this.frozen(manager, fromId), await this.frozen(manager, toId)) };
    }, tenantOf(actor));
  }

  /** What changed in the live log since this version (what a new version would contain). */
  diffLive(actor: Actor, id: string): Promise<HazardLogDiffDto> {
    return this.db.transaction(async (manager) => {
      const row = await this.row(manager, actor.organisationId, id);
      return { from: row.version, to: 'live', ...diffHazardLogs(await this.frozen(manager, id), await liveLog(manager, actor.organisationId, row.product_id)) };
    }, tenantOf(actor));
  }

  /** The product's live log, or one issued version, as an xlsx workbook; the export is audited. */
  export(actor: Actor, target: { productId: string } | { versionId: string }): Promise<{ filename: string; content: Buffer }> {
    return this.db.transaction(async (manager) => {
      let productId: string;
      let label: string;
      let content: { hazards: Hazard[]; controls: Control[] };
      if ('versionId' in target) {
        const row = await this.row(manager, actor.organisationId, target.versionId);
        [productId, label, content] = [row.product_id, `v${row.version}`, await this.frozen(manager, row.id)];
      } else {
        const rows = await manager.query(`SELECT 1 FROM "product" WHERE "organisation_id" = $1 AND "id" = $2`, [actor.organisationId, target.productId]);
        if (rows.length === 0) throw new DomainError('not_found', 'product_not_found', 'No such product in this organisation.');
        [productId, label, content] = [target.productId, 'live', await liveLog(manager, actor.organisationId, target.productId)];
      }
      const [product] = await manager.query(`SELECT "name" FROM "product" WHERE "id" = $1`, [productId]);
      const owners = [...new Set(content.hazards.map((h) => h.owner).filter((o): o is string => !!o))];
      const people: { id: string; name: string }[] = owners.length ? await manager.query(`SELECT "id", "name" FROM "app_user" WHERE "id" = ANY($1::uuid[])`, [owners]) : [];
      const buffer = await hazardLogWorkbook({ title: `${product.name} hazard log ${label}`, hazards: content.hazards, controls: content.controls, people: new Map(people.map((p) => [p.id, p.name])) });
      await this.audit.record(manager, authorOf(actor), {
        action: 'hazard_log.exported',
        entityType: 'versionId' in target ? 'hazard_log_version' : 'product',
        entityId: 'versionId' in target ? target.versionId : productId,
        changes: { format: { after: 'xlsx' }, version: { after: label }, hazards: { after: content.hazards.length } },
      });
      const safeName = String(product.name).replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80) || 'product';
      return { filename: `${safeName}-hazard-log-${label}.xlsx`, content: buffer };
    }, tenantOf(actor));
  }

  /**
   * The Clinical Safety Case Report for an approved version, as PDF. Only an approved version has
   * one: the report presents what the CSO signed. Generating it is audited.
   */
  safetyCaseReport(actor: Actor, id: string): Promise<{ filename: string; content: Buffer }> {
    return this.db.transaction(async (manager) => {
      const row = await this.row(manager, actor.organisationId, id);
      if (!row.approval_id) throw new DomainError('unprocessable', 'hazard_log_version_not_approved', `Hazard log v${row.version} is not approved: a safety case report presents an approved version.`);
      const content = await this.frozen(manager, id);
      const [organisation] = await manager.query(`SELECT "name" FROM "organisation" WHERE "id" = $1`, [actor.organisationId]);
      const [product] = await manager.query(`SELECT "name", "product_version", "use_case", "intended_users", "medical_device_status" FROM "product" WHERE "id" = $1`, [row.product_id]);
      const cso = await manager.getRepository(ClinicalSafetyOfficerEntity).findOne({ where: { organisationId: actor.organisationId, productId: row.product_id } });
      // The plan the version's ratings were read from (the newest, if re-rating left several), else today's.
      const used = Math.max(0, ...content.hazards.map((h) => h.planVersion ?? 0));
      const plan = (used ? await manager.getRepository(RiskPlanEntity).findOne({ where: { organisationId: actor.organisationId, version: used } }) : null) ?? (await this.plans.currentPlan(manager, actor.organisationId, row.product_id));
      const approvals: VersionRow[] = await manager.query(
        `SELECT ${VERSION_SELECT} FROM ${VERSION_FROM} WHERE v."organisation_id" = $1 AND v."product_id" = $2 AND a."id" IS NOT NULL AND string_to_array(v."version", '.')::int[] <= string_to_array($3, '.')::int[]
          ORDER BY string_to_array(v."version", '.')::int[]`,
        [actor.organisationId, row.product_id, row.version],
      );
      const data: SafetyCaseReportData = {
        organisation: organisation.name,
        product: { name: product.name, version: product.product_version, useCase: product.use_case, intendedUsers: product.intended_users, medicalDeviceStatus: product.medical_device_status },
        cso: cso ? { name: cso.name, profession: cso.profession, registrationNumber: cso.registrationNumber } : null,
        version: { version: row.version, changeSummary: row.change_summary, issuedAt: new Date(row.issued_at).toISOString() },
        hazards: content.hazards,
        controls: content.controls,
        plan: { version: plan.version, severities: plan.severities, likelihoods: plan.likelihoods, matrix: plan.matrix, acceptability: plan.acceptability, source: plan.source, approvedAt: plan.approvedAt ? plan.approvedAt.toISOString() : null },
        approvals: approvals.map((a) => toApproval(a)!).map((a, i) => ({ ...a, version: approvals[i]!.version })),
        generatedAt: new Date().toISOString(),
      };
      // Laid out on a document thread: a long hazard log takes a while to typeset.
      const pdf = await this.workers.run('safetyCaseReportPdf', data);
      const buffer = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
      await this.audit.record(manager, authorOf(actor), { action: 'safety_case_report.generated', entityType: 'hazard_log_version', entityId: id, changes: { version: { after: row.version }, bytes: { after: buffer.length } } });
      const safeName = String(product.name).replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80) || 'product';
      return { filename: `${safeName}-clinical-safety-case-report-v${row.version}.pdf`, content: buffer };
    }, tenantOf(actor));
  }
}
