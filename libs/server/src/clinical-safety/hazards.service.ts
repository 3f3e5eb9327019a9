import { Injectable } from '@nestjs/common';
import type { HazardControlDto, HazardDto } from '@pairline/contracts';
import {
  assertMechanismKeys,
  changeHazardStatus,
  CONTROL_STATUSES,
  CONTROL_TYPES,
  createControl,
  createHazard,
  diffFields,
  DomainError,
  formatHazardNumber,
  HAZARD_STATUSES,
  linkedJourneyIds,
  linkedMechanismKeys,
  mechanismLinks,
  rateHazard,
  setControlStatus,
  withdrawHazard,
  type Control,
  type Hazard,
  type NewHazard,
} from '@pairline/domain';
import type { EntityManager } from 'typeorm';
import { AuditTrail, authorOf } from '../audit/audit.service';
import { tenantOf, type Actor } from '../auth/actor';
import { DatedItemChanges } from '../calendar/dated-item-changes';
import { Db } from '../database/db.service';
import { findPage } from '../listing/find-page';
import type { ListQuery, ListSpec, Page } from '../listing/list-query';
import { assertMembers } from '../members/member-check';
import { staleVersion } from '../organisations/organisations.service';
import type { CreateControlBody, CreateHazardBody, HazardStatusBody, UpdateControlBody, UpdateHazardBody, WithdrawHazardBody } from './clinical-safety.dto';
import {
  assertProduct,
  CONTROL_FROM,
  CONTROL_SELECT,
  controlRows,
  evidenceOf,
  HAZARD_FROM,
  HAZARD_SELECT,
  hazardRows,
  toControlDto,
  toDomainControl,
  toDomainHazard,
  toHazardDto,
  toPlan,
  type ControlRow,
  type HazardRow,
  withControlLinks,
  withLinks,
} from './hazard-log.store';
import { RiskPlansService } from './risk-plans.service';

type HazardField = 'id' | 'productId' | 'number' | 'numberText' | 'name' | 'description' | 'status' | 'initialRating' | 'residualRating' | 'ownerUserId' | 'hazardType' | 'mechanismKey' | 'withdrawn' | 'nextReviewOn' | 'updatedAt';

export const HAZARD_LIST: ListSpec<HazardField> = {
  resource: 'hazards',
  fields: {
    id: 'h."id"',
    productId: 'h."product_id"',
    number: 'h."sequence"',
    numberText: 'h."number"',
    name: 'h."name"',
    description: 'h."description"',
    status: 'h."status"',
    initialRating: 'h."initial_rating"',
    residualRating: 'h."residual_rating"',
    ownerUserId: 'h."owner_user_id"',
    hazardType: 'h."hazard_type"',
    // An array: the list turns this filter into an overlap ("names any of these"), not IN.
    mechanismKey: 'h."mechanism_keys"',
    withdrawn: '(h."withdrawn_reason" IS NOT NULL)',
    nextReviewOn: 'h."next_review_on"',
    updatedAt: 'h."updated_at"',
  },
  sortable: ['number', 'name', 'status', 'initialRating', 'residualRating', 'hazardType', 'nextReviewOn', 'updatedAt'],
  filterable: {
    id: 'uuid',
    productId: 'uuid',
    status: { oneOf: HAZARD_STATUSES },
    initialRating: 'integer',
    residualRating: 'integer',
    ownerUserId: 'uuid',
    hazardType: 'text',
    mechanismKey: 'text',
    withdrawn: 'boolean',
  },
  searchable: ['numberText', 'name', 'description'],
  defaultSort: { field: 'number', order: 'ASC' },
  tieBreaker: 'h."id"',
};

export const CONTROL_LIST: ListSpec<'id' | 'productId' | 'type' | 'status' | 'ownerUserId' | 'description' | 'createdAt'> = {
  resource: 'hazard-controls',
  fields: { id: 'c."id"', productId: 'c."product_id"', type: 'c."type"', status: 'c."status"', ownerUserId: 'c."owner_user_id"', description: 'c."description"', createdAt: 'c."created_at"' },
  sortable: ['type', 'status', 'createdAt'],
  filterable: { id: 'uuid', productId: 'uuid', type: { oneOf: CONTROL_TYPES }, status: { oneOf: CONTROL_STATUSES }, ownerUserId: 'uuid' },
  searchable: ['description'],
  defaultSort: { field: 'createdAt', order: 'ASC' },
  tieBreaker: 'c."id"',
};

/** The hazard fields an audit event compares (everything a reader of the log sees). */
const audited = (h: Hazard) => ({
  name: h.name,
  description: h.description,
  potentialClinicalImpact: h.potentialClinicalImpact,
  possibleCauses: h.possibleCauses,
  effect: h.effect,
  harm: h.harm,
  existingControls: h.existingControls,
  hazardType: h.hazardType,
  journeyIds: linkedJourneyIds(h.links),
  mechanismKeys: linkedMechanismKeys(h.links),
  planVersion: h.planVersion,
  initial: h.initial,
  residual: h.residual,
  residualIncreaseJustification: h.residualIncreaseJustification,
  residualAcceptanceJustification: h.residualAcceptanceJustification,
  actionSummary: h.actionSummary,
  ownerUserId: h.owner,
  status: h.status,
  deployingOrganisationActions: h.deployingOrganisationActions,
  nextReviewOn: h.nextReviewDate,
  withdrawnReason: h.withdrawnReason,
});

const auditedControl = (c: Control, hazardIds: readonly string[]) => ({ type: c.type, description: c.description, ownerUserId: c.owner, status: c.status, verificationEvidence: c.verificationEvidence, hazardIds: [...hazardIds].sort() });

/** A product's hazards and controls, through the domain's rules; ratings only ever from the plan. */
@Injectable()
export class HazardsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly plans: RiskPlansService,
    private readonly datedItems: DatedItemChanges,
  ) {}

  private async hazardRow(manager: EntityManager, organisationId: string, id: string, lock = false): Promise<HazardRow> {
    // Locked before reading, so two edits of one hazard queue and the second sees a stale version.
    if (lock) await manager.query(`SELECT 1 FROM "hazard" WHERE "organisation_id" = $1 AND "id" = $2 FOR UPDATE`, [organisationId, id]);
    const [row] = await hazardRows(manager, organisationId, `h."id" = $2`, [id]);
    if (!row) throw new DomainError('not_found', 'hazard_not_found', 'No such hazard in this organisation.');
    return row;
  }

  private async controlRow(manager: EntityManager, organisationId: string, id: string, lock = false): Promise<ControlRow> {
    if (lock) await manager.query(`SELECT 1 FROM "hazard_control" WHERE "organisation_id" = $1 AND "id" = $2 FOR UPDATE`, [organisationId, id]);
    const [row] = await controlRows(manager, organisationId, `c."id" = $2`, [id]);
    if (!row) throw new DomainError('not_found', 'hazard_control_not_found', 'No such control in this organisation.');
    return row;
  }

  private async assertJourneys(manager: EntityManager, organisationId: string, productId: string, journeyIds: readonly string[] | undefined): Promise<void> {
    if (!journeyIds?.length) return;
    const rows: { id: string }[] = await manager.query(`SELECT "id" FROM "journey" WHERE "organisation_id" = $1 AND "product_id" = $2 AND "id" = ANY($3::uuid[])`, [organisationId, productId, journeyIds]);
    const missing = journeyIds.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length) throw new DomainError('unprocessable', 'journey_not_found', `journeyIds: no journey of this product: ${missing.join(', ')}.`, { field: 'journeyIds', journeyIds: missing });
  }

  private async assertSameProduct(manager: EntityManager, table: 'hazard' | 'hazard_control', organisationId: string, productId: string, ids: readonly string[] | undefined, field: string): Promise<void> {
    if (!ids?.length) return;
    const rows: { id: string }[] = await manager.query(`SELECT "id" FROM "${table}" WHERE "organisation_id" = $1 AND "product_id" = $2 AND "id" = ANY($3::uuid[])`, [organisationId, productId, ids]);
    const missing = ids.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length) throw new DomainError('unprocessable', `${table}_not_found`, `${field}: not of this product: ${missing.join(', ')}.`, { field, ids: missing });
  }

  /** Evidence must be an item of this organisation's vault (the foreign key alone would not see tenants). */
  private async assertEvidence(manager: EntityManager, organisationId: string, evidenceId: string | null | undefined): Promise<void> {
    if (!evidenceId) return;
    const rows = await manager.query(`SELECT 1 FROM "evidence_item" WHERE "organisation_id" = $1 AND "id" = $2`, [organisationId, evidenceId]);
    if (rows.length === 0) throw new DomainError('unprocessable', 'evidence_not_found', 'verificationEvidenceId: no such evidence item in this organisation.', { field: 'verificationEvidenceId' });
  }

  /** The next H-number of a product: the counter row's lock makes concurrent creations queue, never collide. */
  private async allocateSequence(manager: EntityManager, organisationId: string, productId: string): Promise<number> {
    const [row] = await manager.query(
      `INSERT INTO "hazard_counter" ("product_id", "organisation_id", "last_sequence") VALUES ($1, $2, 1)
       ON CONFLICT ("product_id") DO UPDATE SET "last_sequence" = "hazard_counter"."last_sequence" + 1 RETURNING "last_sequence"`,
      [productId, organisationId],
    );
    return Number(row.last_sequence);
  }

  /** A page in two statements (three with the total): the rows, then the page's links. */
  list(actor: Actor, query: ListQuery): Promise<Page<HazardDto>> {
    return this.db.transaction(async (manager) => {
      const mechanisms = query.filters.find((f) => f.column === HAZARD_LIST.fields.mechanismKey);
      const keys = mechanisms ? mechanisms.values.map(String) : [];
      assertMechanismKeys(keys, 'filter.mechanismKey');
      const where = mechanisms ? `h."organisation_id" = $1 AND h."mechanism_keys" && $2::text[]` : `h."organisation_id" = $1`;
      const params = mechanisms ? [actor.organisationId, keys] : [actor.organisationId];
      const rest = { ...query, filters: query.filters.filter((f) => f !== mechanisms) };
      const page = await findPage<HazardRow, HazardRow>(manager, { select: HAZARD_SELECT, from: HAZARD_FROM, where, params }, rest, HAZARD_LIST, (r) => r);
      await withLinks(manager, page.items);
      return page.map(toHazardDto);
    }, tenantOf(actor));
  }

  get(actor: Actor, id: string): Promise<HazardDto> {
    return this.db.transaction(async (manager) => toHazardDto(await this.hazardRow(manager, actor.organisationId, id)), tenantOf(actor));
  }

  create(actor: Actor, body: CreateHazardBody, libraryItemId: string | null = null): Promise<HazardDto> {
    return this.db.transaction(async (manager) => this.insertHazard(manager, actor, body, libraryItemId), tenantOf(actor));
  }

  async insertHazard(manager: EntityManager, actor: Actor, body: CreateHazardBody, libraryItemId: string | null): Promise<HazardDto> {
    await assertProduct(manager, actor.organisationId, body.productId);
    await assertMembers(manager, actor.organisationId, [body.ownerUserId]);
    await this.assertJourneys(manager, actor.organisationId, body.productId, body.journeyIds);
    const fields: NewHazard = {
      name: body.name,
      description: body.description,
      ...(body.potentialClinicalImpact !== undefined ? { potentialClinicalImpact: body.potentialClinicalImpact } : {}),
      ...(body.possibleCauses !== undefined ? { possibleCauses: body.possibleCauses.map((c) => c.trim()).filter((c) => c !== '') } : {}),
      ...(body.effect !== undefined ? { effect: body.effect } : {}),
      ...(body.harm !== undefined ? { harm: body.harm } : {}),
      ...(body.existingControls !== undefined ? { existingControls: body.existingControls } : {}),
      ...(body.hazardType !== undefined ? { hazardType: body.hazardType?.trim() || null } : {}),
      ...(body.actionSummary !== undefined ? { actionSummary: body.actionSummary } : {}),
      ...(body.ownerUserId !== undefined ? { owner: body.ownerUserId } : {}),
      ...(body.nextReviewOn !== undefined ? { nextReviewDate: body.nextReviewOn } : {}),
      links: [...(body.journeyIds ?? []).map((ref) => ({ kind: 'journey' as const, ref })), ...mechanismLinks(body.mechanismKeys ?? [])],
    };
    // The domain checks the text before a number is spent on it.
    createHazard([], fields);
    const sequence = await this.allocateSequence(manager, actor.organisationId, body.productId);
    let hazard = createHazard(sequence > 1 ? [formatHazardNumber(sequence - 1)] : [], fields);
    let planId: string | null = null;
    if (body.initial || body.residual) {
      const plan = await this.plans.currentPlan(manager, actor.organisationId, body.productId);
      hazard = rateHazard(toPlan(plan), hazard, { initial: body.initial ?? null, residual: body.residual ?? null, residualIncreaseJustification: body.residualIncreaseJustification ?? null });
      planId = plan.id;
    }
    const [{ id }] = await manager.query(
      `INSERT INTO "hazard" ("organisation_id", "product_id", "sequence", "number", "name", "description", "library_item_id") VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING "id"`,
      [actor.organisationId, body.productId, sequence, hazard.number, hazard.name, hazard.description, libraryItemId],
    );
    await this.writeHazard(manager, actor.organisationId, id, hazard, planId);
    await this.audit.record(manager, authorOf(actor), { action: 'hazard.created', entityType: 'hazard', entityId: id, changes: { productId: { after: body.productId }, number: { after: hazard.number }, ...diffFields(null, audited(hazard)) } });
    return toHazardDto(await this.hazardRow(manager, actor.organisationId, id));
  }

  /** Stores a hazard's every field, its mechanisms and its journey links from the domain's value. */
  private async writeHazard(manager: EntityManager, organisationId: string, id: string, h: Hazard, planId: string | null): Promise<void> {
    await manager.query(
      `UPDATE "hazard" SET "name" = $2, "description" = $3, "potential_clinical_impact" = $4, "possible_causes" = $5, "effect" = $6, "harm" = $7, "existing_controls" = $8, "hazard_type" = $9,
         "risk_plan_id" = $10, "initial_severity" = $11, "initial_likelihood" = $12, "initial_rating" = $13, "residual_severity" = $14, "residual_likelihood" = $15, "residual_rating" = $16,
         "residual_increase_justification" = $17, "residual_acceptance_justification" = $18, "action_summary" = $19, "owner_user_id" = $20, "status" = $21, "deploying_organisation_actions" = $22,
         "next_review_on" = $23, "withdrawn_reason" = $24, "withdrawn_at" = CASE WHEN $24::text IS NULL THEN NULL ELSE coalesce("withdrawn_at", now()) END, "mechanism_keys" = $25
       WHERE "id" = $1`,
      [
        id,
        h.name,
        h.description,
        h.potentialClinicalImpact,
        JSON.stringify(h.possibleCauses),
        h.effect,
        h.harm,
        h.existingControls,
        h.hazardType,
        planId,
        h.initial?.severity ?? null,
        h.initial?.likelihood ?? null,
        h.initial?.rating ?? null,
        h.residual?.severity ?? null,
        h.residual?.likelihood ?? null,
        h.residual?.rating ?? null,
        h.residualIncreaseJustification,
        h.residualAcceptanceJustification,
        h.actionSummary,
        h.owner,
        h.status,
        h.deployingOrganisationActions,
        h.nextReviewDate,
        h.withdrawnReason,
        linkedMechanismKeys(h.links),
      ],
    );
    const journeyIds = linkedJourneyIds(h.links);
    await manager.query(`DELETE FROM "hazard_journey" WHERE "hazard_id" = $1 AND NOT ("journey_id" = ANY($2::uuid[]))`, [id, journeyIds]);
    if (journeyIds.length) {
      await manager.query(`INSERT INTO "hazard_journey" ("hazard_id", "journey_id", "organisation_id") SELECT $1, unnest($2::uuid[]), $3 ON CONFLICT DO NOTHING`, [id, journeyIds, organisationId]);
    }
    // Every hazard write comes through here: its review date, owner or status may have moved.
    await this.datedItems.changed(manager, organisationId, 'hazard_review', [id]);
  }

  private async saveChange(manager: EntityManager, actor: Actor, row: HazardRow, next: Hazard, planId: string | null, action: string): Promise<HazardDto> {
    const before = toDomainHazard(row);
    const changes = diffFields(audited(before), audited(next));
    if (changes) {
      await this.writeHazard(manager, actor.organisationId, row.id, next, planId);
      await manager.query(`UPDATE "hazard" SET "version" = "version" + 1, "updated_at" = now() WHERE "id" = $1`, [row.id]);
      await this.audit.record(manager, authorOf(actor), { action, entityType: 'hazard', entityId: row.id, changes: { number: { after: row.number }, ...changes } });
    }
    return toHazardDto(await this.hazardRow(manager, actor.organisationId, row.id));
  }

  update(actor: Actor, id: string, body: UpdateHazardBody): Promise<HazardDto> {
    return this.db.transaction(async (manager) => {
      const row = await this.hazardRow(manager, actor.organisationId, id, true);
      if (Number(row.version) !== body.version) throw staleVersion('hazard');
      let next = toDomainHazard(row);
      if (next.withdrawnReason !== null) throw new DomainError('unprocessable', 'hazard_withdrawn', `${next.number} is withdrawn and can no longer change.`, { number: next.number });
      await assertMembers(manager, actor.organisationId, [body.ownerUserId]);
      await this.assertJourneys(manager, actor.organisationId, row.product_id, body.journeyIds);
      const text = (value: string | undefined, field: string, current: string) => {
        if (value === undefined) return current;
        if (['name', 'description'].includes(field) && value.trim() === '') throw new DomainError('invalid', `hazard_${field}_required`, `${field}: a hazard needs a ${field}.`, { field });
        return field === 'name' || field === 'description' ? value.trim() : value;
      };
      next = {
        ...next,
        name: text(body.name, 'name', next.name),
        description: text(body.description, 'description', next.description),
        potentialClinicalImpact: text(body.potentialClinicalImpact, 'potentialClinicalImpact', next.potentialClinicalImpact),
        possibleCauses: body.possibleCauses === undefined ? next.possibleCauses : body.possibleCauses.map((c) => c.trim()).filter((c) => c !== ''),
        effect: text(body.effect, 'effect', next.effect),
        harm: text(body.harm, 'harm', next.harm),
        existingControls: text(body.existingControls, 'existingControls', next.existingControls),
        hazardType: body.hazardType === undefined ? next.hazardType : body.hazardType?.trim() || null,
        links: [
          ...(body.journeyIds === undefined ? next.links.filter((l) => l.kind === 'journey') : [...body.journeyIds].sort().map((ref) => ({ kind: 'journey' as const, ref }))),
          ...(body.mechanismKeys === undefined ? next.links.filter((l) => l.kind !== 'journey') : mechanismLinks(body.mechanismKeys)),
        ],
        actionSummary: text(body.actionSummary, 'actionSummary', next.actionSummary),
        owner: body.ownerUserId === undefined ? next.owner : body.ownerUserId,
        nextReviewDate: body.nextReviewOn === undefined ? next.nextReviewDate : body.nextReviewOn,
      };
      let planId = row.risk_plan_id;
      const rating = body.initial !== undefined || body.residual !== undefined || body.residualIncreaseJustification !== undefined;
      if (rating) {
        // Re-rating reads both ratings from today's plan, so a hazard never mixes two plan versions.
        const plan = await this.plans.currentPlan(manager, actor.organisationId, row.product_id);
        next = rateHazard(toPlan(plan), next, { initial: body.initial, residual: body.residual, residualIncreaseJustification: body.residualIncreaseJustification });
        planId = next.initial || next.residual ? plan.id : null;
      }
      return this.saveChange(manager, actor, row, next, planId, 'hazard.updated');
    }, tenantOf(actor));
  }

  changeStatus(actor: Actor, id: string, body: HazardStatusBody): Promise<HazardDto> {
    return this.db.transaction(async (manager) => {
      const row = await this.hazardRow(manager, actor.organisationId, id, true);
      if (Number(row.version) !== body.version) throw staleVersion('hazard');
      const hazard = toDomainHazard(row);
      // Closing is judged under the plan the hazard was rated with, which must still be the product's current one.
      const current = await this.plans.currentPlan(manager, actor.organisationId, row.product_id);
      const controls = (await controlRows(manager, actor.organisationId, `c."id" = ANY($2::uuid[])`, [row.control_ids])).map(toDomainControl);
      const next = changeHazardStatus(toPlan(current), hazard, controls, body.status, {
        deployingOrganisationActions: body.deployingOrganisationActions ?? null,
        residualAcceptanceJustification: body.residualAcceptanceJustification ?? null,
      });
      return this.saveChange(manager, actor, row, next, row.risk_plan_id, 'hazard.status_changed');
    }, tenantOf(actor));
  }

  withdraw(actor: Actor, id: string, body: WithdrawHazardBody): Promise<HazardDto> {
    return this.db.transaction(async (manager) => {
      const row = await this.hazardRow(manager, actor.organisationId, id, true);
      if (Number(row.version) !== body.version) throw staleVersion('hazard');
      const next = withdrawHazard(toDomainHazard(row), body.reason);
      return this.saveChange(manager, actor, row, next, row.risk_plan_id, 'hazard.withdrawn');
    }, tenantOf(actor));
  }

  listControls(actor: Actor, query: ListQuery): Promise<Page<HazardControlDto>> {
    return this.db.transaction(async (manager) => {
      const page = await findPage<ControlRow, ControlRow>(manager, { select: CONTROL_SELECT, from: CONTROL_FROM, where: `c."organisation_id" = $1`, params: [actor.organisationId] }, query, CONTROL_LIST, (r) => r);
      await withControlLinks(manager, page.items);
      return page.map(toControlDto);
    }, tenantOf(actor));
  }

  getControl(actor: Actor, id: string): Promise<HazardControlDto> {
    return this.db.transaction(async (manager) => toControlDto(await this.controlRow(manager, actor.organisationId, id)), tenantOf(actor));
  }

  createControl(actor: Actor, body: CreateControlBody): Promise<HazardControlDto> {
    return this.db.transaction(async (manager) => {
      await assertProduct(manager, actor.organisationId, body.productId);
      await assertMembers(manager, actor.organisationId, [body.ownerUserId]);
      await this.assertSameProduct(manager, 'hazard', actor.organisationId, body.productId, body.hazardIds, 'hazardIds');
      await this.assertEvidence(manager, actor.organisationId, body.verificationEvidenceId);
      const control = createControl({ id: '', type: body.type, description: body.description, owner: body.ownerUserId ?? null });
      const [{ id }] = await manager.query(
        `INSERT INTO "hazard_control" ("organisation_id", "product_id", "type", "description", "owner_user_id", "status", "verification_evidence_id", "verification_reference") VALUES ($1, $2, $3, $4, $5, 'planned', $6, $7) RETURNING "id"`,
        [actor.organisationId, body.productId, control.type, control.description, control.owner, body.verificationEvidenceId ?? null, body.verificationReference?.trim() || null],
      );
      await this.linkHazards(manager, actor.organisationId, id, body.hazardIds ?? []);
      const saved = await this.controlRow(manager, actor.organisationId, id);
      await this.audit.record(manager, authorOf(actor), { action: 'hazard_control.created', entityType: 'hazard_control', entityId: id, changes: { productId: { after: body.productId }, ...diffFields(null, auditedControl(toDomainControl(saved), saved.hazard_ids)) } });
      return toControlDto(saved);
    }, tenantOf(actor));
  }

  updateControl(actor: Actor, id: string, body: UpdateControlBody): Promise<HazardControlDto> {
    return this.db.transaction(async (manager) => {
      const row = await this.controlRow(manager, actor.organisationId, id, true);
      if (Number(row.version) !== body.version) throw staleVersion('control');
      await assertMembers(manager, actor.organisationId, [body.ownerUserId]);
      await this.assertSameProduct(manager, 'hazard', actor.organisationId, row.product_id, body.hazardIds, 'hazardIds');
      await this.assertEvidence(manager, actor.organisationId, body.verificationEvidenceId);
      const before = toDomainControl(row);
      const fields = {
        type: body.type ?? row.type,
        description: body.description ?? row.description,
        owner: body.ownerUserId === undefined ? row.owner_user_id : body.ownerUserId,
      };
      const edited = createControl({ id, ...fields });
      const evidenceId = body.verificationEvidenceId === undefined ? row.verification_evidence_id : body.verificationEvidenceId;
      const reference = body.verificationReference === undefined ? row.verification_reference : body.verificationReference?.trim() || null;
      // Re-checked on every change: removing the evidence of a verified control is refused too.
      const next = setControlStatus({ ...edited, status: row.status }, body.status ?? row.status, evidenceOf({ verification_evidence_id: evidenceId, verification_reference: reference }));
      const hazardIds = body.hazardIds ?? row.hazard_ids;
      const changes = diffFields(auditedControl(before, row.hazard_ids), auditedControl(next, hazardIds));
      if (changes) {
        await manager.query(
          `UPDATE "hazard_control" SET "type" = $2, "description" = $3, "owner_user_id" = $4, "status" = $5, "verification_evidence_id" = $6, "verification_reference" = $7, "version" = "version" + 1, "updated_at" = now() WHERE "id" = $1`,
          [id, next.type, next.description, next.owner, next.status, evidenceId, reference],
        );
        if (body.hazardIds) await this.linkHazards(manager, actor.organisationId, id, body.hazardIds);
        await this.audit.record(manager, authorOf(actor), { action: 'hazard_control.updated', entityType: 'hazard_control', entityId: id, changes });
      }
      return toControlDto(await this.controlRow(manager, actor.organisationId, id));
    }, tenantOf(actor));
  }

  private async linkHazards(manager: EntityManager, organisationId: string, controlId: string, hazardIds: readonly string[]): Promise<void> {
    await manager.query(`DELETE FROM "hazard_control_link" WHERE "control_id" = $1 AND NOT ("hazard_id" = ANY($2::uuid[]))`, [controlId, hazardIds]);
    if (hazardIds.length) {
      await manager.query(`INSERT INTO "hazard_control_link" ("hazard_id", "control_id", "organisation_id") SELECT unnest($2::uuid[]), $1, $3 ON CONFLICT DO NOTHING`, [controlId, hazardIds, organisationId]);
    }
  }
}
