import { Injectable } from '@nestjs/common';
import type { ClinicalSafetyOfficerDto, RiskPlanDto } from '@pairline/contracts';
import { assertValidRiskManagementPlan, diffFields, DomainError } from '@pairline/domain';
import type { EntityManager } from 'typeorm';
import { AuditTrail, authorOf } from '../audit/audit.service';
import { tenantOf, type Actor } from '../auth/actor';
import { Db } from '../database/db.service';
import { entityColumns, findPage } from '../listing/find-page';
import type { ListQuery, ListSpec, Page } from '../listing/list-query';
import { assertMembers } from '../members/member-check';
import { staleVersion } from '../organisations/organisations.service';
import { ClinicalSafetyOfficerEntity, RiskPlanEntity } from './clinical-safety.entities';
import type { CreateRiskPlanBody, PutClinicalSafetyOfficerBody } from './clinical-safety.dto';
import { assertProduct, DEFAULT_PLAN, toCsoDto, toRiskPlanDto } from './hazard-log.store';

export const RISK_PLAN_LIST: ListSpec<'id' | 'version' | 'productId' | 'createdAt'> = {
  resource: 'risk-plans',
  fields: { id: 'p."id"', version: 'p."version"', productId: 'p."product_id"', createdAt: 'p."created_at"' },
  sortable: ['version', 'createdAt'],
  filterable: { id: 'uuid', productId: 'uuid' },
  defaultSort: { field: 'version', order: 'DESC' },
  tieBreaker: 'p."id"',
};

/** Clinical Risk Management Plan versions and each product's clinical safety officer. */
@Injectable()
export class RiskPlansService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
  ) {}

  /**
   * The plan a product's ratings are read from: its own newest version, else the organisation's.
   * An organisation that has never set one gets the guidance's defaults as v1, written on first use
   * so hazards can name it.
   */
  async currentPlan(manager: EntityManager, organisationId: string, productId: string | null): Promise<RiskPlanEntity> {
    const repo = manager.getRepository(RiskPlanEntity);
    if (productId) {
      const own = await repo.findOne({ where: { organisationId, productId }, order: { version: 'DESC' } });
      if (own) return own;
    }
    const shared = await repo.createQueryBuilder('p').where('p.organisationId = :organisationId AND p.productId IS NULL', { organisationId }).orderBy('p.version', 'DESC').getOne();
    if (shared) return shared;
    // Two first uses at once: the unique version makes the second insert a no-op, then both read v1.
    await manager.query(
      `INSERT INTO "risk_plan" ("organisation_id", "product_id", "version", "severities", "likelihoods", "matrix", "acceptability", "source") VALUES ($1, NULL, 1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [organisationId, JSON.stringify(DEFAULT_PLAN.severities), JSON.stringify(DEFAULT_PLAN.likelihoods), JSON.stringify(DEFAULT_PLAN.matrix), JSON.stringify(DEFAULT_PLAN.acceptability), DEFAULT_PLAN.source],
    );
    return repo.findOneByOrFail({ organisationId, version: 1 });
  }

  async plan(manager: EntityManager, organisationId: string, id: string): Promise<RiskPlanEntity> {
    const plan = await manager.getRepository(RiskPlanEntity).findOne({ where: { organisationId, id } });
    if (!plan) throw new DomainError('not_found', 'risk_plan_not_found', 'No such risk management plan version in this organisation.');
    return plan;
  }

  list(actor: Actor, query: ListQuery): Promise<Page<RiskPlanDto>> {
    return this.db.transaction(async (manager) => {
      await this.currentPlan(manager, actor.organisationId, null);
      const source = { select: entityColumns(manager, RiskPlanEntity, 'p'), from: `"risk_plan" p`, where: `p."organisation_id" = $1`, params: [actor.organisationId] };
      return findPage(manager, source, query, RISK_PLAN_LIST, toRiskPlanDto);
    }, tenantOf(actor));
  }

  current(actor: Actor, productId: string | undefined): Promise<RiskPlanDto> {
    return this.db.transaction(async (manager) => {
      if (productId) await this.assertProductVisible(manager, actor.organisationId, productId);
      return toRiskPlanDto(await this.currentPlan(manager, actor.organisationId, productId ?? null));
    }, tenantOf(actor));
  }

  get(actor: Actor, id: string): Promise<RiskPlanDto> {
    return this.db.transaction(async (manager) => toRiskPlanDto(await this.plan(manager, actor.organisationId, id)), tenantOf(actor));
  }

  /** A new version of the organisation's (or a product's) plan, from the current one plus the changes. */
  create(actor: Actor, body: CreateRiskPlanBody): Promise<RiskPlanDto> {
    return this.db.transaction(async (manager) => {
      const productId = body.productId ?? null;
      if (productId) await assertProduct(manager, actor.organisationId, productId);
      const base = await this.currentPlan(manager, actor.organisationId, productId);
      // Serialises version numbering within the organisation.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('risk_plan:' || $1))`, [actor.organisationId]);
      const [{ next }] = await manager.query(`SELECT coalesce(max("version"), 0) + 1 AS "next" FROM "risk_plan" WHERE "organisation_id" = $1`, [actor.organisationId]);
      const settings = {
        version: Number(next),
        severities: body.severities ?? base.severities,
        likelihoods: body.likelihoods ?? base.likelihoods,
        matrix: body.matrix ?? base.matrix,
        acceptability: body.acceptability ?? base.acceptability,
        source: body.source ?? base.source,
      };
      assertValidRiskManagementPlan(settings);
      const saved = await manager.getRepository(RiskPlanEntity).save({ organisationId: actor.organisationId, productId, createdBy: actor.userId, ...settings });
      await this.audit.record(manager, authorOf(actor), {
        action: 'risk_plan.created',
        entityType: 'risk_plan',
        entityId: saved.id,
        changes: { productId: { after: productId }, version: { before: base.version, after: saved.version }, ...diffFields({ matrix: base.matrix, acceptability: base.acceptability, severities: base.severities, likelihoods: base.likelihoods, source: base.source }, { matrix: settings.matrix, acceptability: settings.acceptability, severities: settings.severities, likelihoods: settings.likelihoods, source: settings.source }) },
      });
      return toRiskPlanDto(await this.plan(manager, actor.organisationId, saved.id));
    }, tenantOf(actor));
  }

  approve(actor: Actor, id: string): Promise<RiskPlanDto> {
    return this.db.transaction(async (manager) => {
      const plan = await this.plan(manager, actor.organisationId, id);
      if (plan.approvedAt) throw new DomainError('conflict', 'risk_plan_already_approved', `Plan v${plan.version} was approved on ${plan.approvedAt.toISOString()}; an approval is never replaced.`);
      await manager.query(`UPDATE "risk_plan" SET "approved_at" = now(), "approved_by" = $2 WHERE "id" = $1 AND "approved_at" IS NULL`, [id, actor.userId]);
      await this.audit.record(manager, authorOf(actor), { action: 'risk_plan.approved', entityType: 'risk_plan', entityId: id, changes: { version: { after: plan.version }, approvedBy: { after: actor.userId } } });
      return toRiskPlanDto(await this.plan(manager, actor.organisationId, id));
    }, tenantOf(actor));
  }

  getCso(actor: Actor, productId: string): Promise<ClinicalSafetyOfficerDto> {
    return this.db.transaction(async (manager) => {
      await this.assertProductVisible(manager, actor.organisationId, productId);
      const cso = await manager.getRepository(ClinicalSafetyOfficerEntity).findOne({ where: { organisationId: actor.organisationId, productId } });
      if (!cso) throw new DomainError('not_found', 'cso_not_found', 'No clinical safety officer is recorded for this product yet.');
      return toCsoDto(cso);
    }, tenantOf(actor));
  }

  putCso(actor: Actor, productId: string, body: PutClinicalSafetyOfficerBody): Promise<ClinicalSafetyOfficerDto> {
    return this.db.transaction(async (manager) => {
      await this.assertProductVisible(manager, actor.organisationId, productId);
      await assertMembers(manager, actor.organisationId, [body.userId], 'userId');
      const repo = manager.getRepository(ClinicalSafetyOfficerEntity);
      const before = await repo.findOne({ where: { organisationId: actor.organisationId, productId }, lock: { mode: 'pessimistic_write' } });
      if (before && body.version !== before.version) throw staleVersion('clinical safety officer record');
      const fields = { userId: body.userId ?? null, name: body.name.trim(), profession: body.profession.trim(), registrationNumber: body.registrationNumber.trim() };
      const changes = diffFields(before ? { userId: before.userId, name: before.name, profession: before.profession, registrationNumber: before.registrationNumber } : null, fields);
      if (!before) await repo.insert({ organisationId: actor.organisationId, productId, ...fields });
      else if (changes) await repo.update({ productId }, { ...fields, version: before.version + 1 });
      if (changes) await this.audit.record(manager, authorOf(actor), { action: before ? 'clinical_safety_officer.updated' : 'clinical_safety_officer.created', entityType: 'product', entityId: productId, changes });
      return toCsoDto(await repo.findOneByOrFail({ productId }));
    }, tenantOf(actor));
  }

  /** For routes keyed by product: another organisation's product is simply not found. */
  private async assertProductVisible(manager: EntityManager, organisationId: string, productId: string): Promise<void> {
    const rows = await manager.query(`SELECT 1 FROM "product" WHERE "organisation_id" = $1 AND "id" = $2`, [organisationId, productId]);
    if (rows.length === 0) throw new DomainError('not_found', 'product_not_found', 'No such product in this organisation.');
  }
}
