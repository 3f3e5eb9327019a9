import type { ClinicalSafetyOfficerDto, HazardControlDto, HazardDto, RiskPlanDto } from '@pairline/contracts';
import {
  DEFAULT_CLINICAL_RISK_MANAGEMENT_PLAN,
  DomainError,
  mechanismLinks,
  riskMatrixWarnings,
  type ClinicalRiskManagementPlan,
  type Control,
  type Hazard,
  type HazardLogGateFacts,
  type Likelihood,
  type Severity,
} from '@pairline/domain';
import type { EntityManager } from 'typeorm';
import { queryRows } from '../database/query-rows';
import type { RiskPlanEntity } from './clinical-safety.entities';

/**
 * Reading a product's live hazard log as the domain rules see it, and the row shapes the services
 * share. Every read here is a fixed number of statements, whatever the size of the log.
 */

export interface HazardRow {
  id: string;
  organisation_id: string;
  product_id: string;
  sequence: number;
  number: string;
  name: string;
  description: string;
  potential_clinical_impact: string;
  possible_causes: string[];
  effect: string;
  harm: string;
  existing_controls: string;
  hazard_type: string | null;
  mechanism_keys: string[];
  risk_plan_id: string | null;
  plan_version: number | null;
  initial_severity: Severity | null;
  initial_likelihood: Likelihood | null;
  initial_rating: number | null;
  residual_severity: Severity | null;
  residual_likelihood: Likelihood | null;
  residual_rating: number | null;
  residual_increase_justification: string | null;
  residual_acceptance_justification: string | null;
  action_summary: string;
  owner_user_id: string | null;
  status: Hazard['status'];
  deploying_organisation_actions: string | null;
  next_review_on: string | null;
  withdrawn_reason: string | null;
  withdrawn_at: Date | null;
  library_item_id: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
  /** Filled by `withLinks`, not by the row's own SELECT. */
  journey_ids: string[];
  control_ids: string[];
}

export const HAZARD_SELECT = `h."id", h."organisation_id", h."product_id", h."sequence", h."number", h."name", h."description", h."potential_clinical_impact", h."possible_causes",
  h."effect", h."harm", h."existing_controls", h."hazard_type", h."mechanism_keys", h."risk_plan_id", p."version" AS "plan_version", h."initial_severity", h."initial_likelihood", h."initial_rating",
  h."residual_severity", h."residual_likelihood", h."residual_rating", h."residual_increase_justification", h."residual_acceptance_justification", h."action_summary",
  h."owner_user_id", h."status", h."deploying_organisation_actions", h."next_review_on"::text AS "next_review_on", h."withdrawn_reason", h."withdrawn_at", h."library_item_id",
  h."created_at", h."updated_at", h."version"`;
// The plan is to-one, so a page is still one row per hazard.
export const HAZARD_FROM = `"hazard" h LEFT JOIN "risk_plan" p ON p."id" = h."risk_plan_id"`;

export interface ControlRow {
  id: string;
  organisation_id: string;
  product_id: string;
  type: Control['type'];
  description: string;
  owner_user_id: string | null;
  status: Control['status'];
  verification_evidence_id: string | null;
  verification_reference: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
  /** Filled by `withControlLinks`. */
  hazard_ids: string[];
}

export const CONTROL_SELECT = `c."id", c."organisation_id", c."product_id", c."type", c."description", c."owner_user_id", c."status", c."verification_evidence_id", c."verification_reference",
  c."created_at", c."updated_at", c."version"`;
export const CONTROL_FROM = `"hazard_control" c`;

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const assessment = (severity: string | null, likelihood: string | null, rating: number | null) =>
  severity && likelihood && rating !== null ? ({ severity, likelihood, rating: Number(rating) } as NonNullable<Hazard['initial']>) : null;

export const toHazardDto = (r: HazardRow): HazardDto => ({
  id: r.id,
  productId: r.product_id,
  number: r.number,
  name: r.name,
  description: r.description,
  potentialClinicalImpact: r.potential_clinical_impact,
  possibleCauses: r.possible_causes,
  effect: r.effect,
  harm: r.harm,
  existingControls: r.existing_controls,
  hazardType: r.hazard_type,
  journeyIds: r.journey_ids,
  mechanismKeys: r.mechanism_keys as HazardDto['mechanismKeys'],
  riskPlanId: r.risk_plan_id,
  planVersion: r.plan_version === null ? null : Number(r.plan_version),
  initial: assessment(r.initial_severity, r.initial_likelihood, r.initial_rating),
  residual: assessment(r.residual_severity, r.residual_likelihood, r.residual_rating),
  residualIncreaseJustification: r.residual_increase_justification,
  residualAcceptanceJustification: r.residual_acceptance_justification,
  controlIds: r.control_ids,
  actionSummary: r.action_summary,
  ownerUserId: r.owner_user_id,
  status: r.status,
  deployingOrganisationActions: r.deploying_organisation_actions,
  nextReviewOn: r.next_review_on,
  withdrawnReason: r.withdrawn_reason,
  withdrawnAt: iso(r.withdrawn_at),
  libraryItemId: r.library_item_id,
  createdAt: iso(r.created_at)!,
  updatedAt: iso(r.updated_at)!,
  version: Number(r.version),
});

/** The hazard as the domain rules (and issued versions) hold it. */
export const toDomainHazard = (r: HazardRow): Hazard => ({
  number: r.number,
  name: r.name,
  description: r.description,
  potentialClinicalImpact: r.potential_clinical_impact,
  possibleCauses: r.possible_causes,
  effect: r.effect,
  harm: r.harm,
  existingControls: r.existing_controls,
  hazardType: r.hazard_type,
  links: [...r.journey_ids.map((ref) => ({ kind: 'journey' as const, ref })), ...mechanismLinks(r.mechanism_keys)],
  planVersion: r.plan_version === null ? null : Number(r.plan_version),
  initial: assessment(r.initial_severity, r.initial_likelihood, r.initial_rating),
  residual: assessment(r.residual_severity, r.residual_likelihood, r.residual_rating),
  residualIncreaseJustification: r.residual_increase_justification,
  residualAcceptanceJustification: r.residual_acceptance_justification,
  controlIds: r.control_ids,
  actionSummary: r.action_summary,
  owner: r.owner_user_id,
  status: r.status,
  deployingOrganisationActions: r.deploying_organisation_actions,
  nextReviewDate: r.next_review_on,
  withdrawnReason: r.withdrawn_reason,
});

export const toControlDto = (r: ControlRow): HazardControlDto => ({
  id: r.id,
  productId: r.product_id,
  type: r.type,
  description: r.description,
  ownerUserId: r.owner_user_id,
  status: r.status,
  verificationEvidenceId: r.verification_evidence_id,
  verificationReference: r.verification_reference,
  hazardIds: r.hazard_ids,
  createdAt: iso(r.created_at)!,
  updatedAt: iso(r.updated_at)!,
  version: Number(r.version),
});

export const evidenceOf = (r: Pick<ControlRow, 'verification_evidence_id' | 'verification_reference'>): string[] =>
  [r.verification_evidence_id, r.verification_reference].filter((e): e is string => !!e && e.trim() !== '');

export const toDomainControl = (r: ControlRow): Control => ({
  id: r.id,
  type: r.type,
  description: r.description,
  owner: r.owner_user_id,
  status: r.status,
  verificationEvidence: evidenceOf(r),
});

export const toPlan = (p: RiskPlanEntity): ClinicalRiskManagementPlan => ({
  version: p.version,
  severities: p.severities,
  likelihoods: p.likelihoods,
  matrix: p.matrix,
  acceptability: p.acceptability,
  source: p.source,
});

export const toRiskPlanDto = (p: RiskPlanEntity): RiskPlanDto => ({
  id: p.id,
  productId: p.productId,
  version: p.version,
  severities: p.severities,
  likelihoods: p.likelihoods,
  matrix: p.matrix,
  acceptability: p.acceptability,
  source: p.source,
  warnings: riskMatrixWarnings(p.matrix),
  createdAt: p.createdAt.toISOString(),
  createdByUserId: p.createdBy,
  approvedAt: iso(p.approvedAt),
  approvedByUserId: p.approvedBy,
});

export const toCsoDto = (c: { productId: string; userId: string | null; name: string; profession: string; registrationNumber: string; updatedAt: Date; version: number }): ClinicalSafetyOfficerDto => ({
  productId: c.productId,
  userId: c.userId,
  name: c.name,
  profession: c.profession,
  registrationNumber: c.registrationNumber,
  updatedAt: c.updatedAt.toISOString(),
  version: c.version,
});

/**
 * The journeys and controls of the given hazards, in one statement for any number of rows. Kept
 * out of the rows' own SELECT: a correlated subquery there runs for every row a sort or an OFFSET
 * passes over, not only for the page returned (a page deep into a 2,000-hazard log read 1,000).
 */
export async function withLinks<R extends Pick<HazardRow, 'id' | 'journey_ids' | 'control_ids'>>(manager: EntityManager, rows: R[]): Promise<R[]> {
  for (const row of rows) [row.journey_ids, row.control_ids] = [[], []];
  if (rows.length === 0) return rows;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const links: { hazard_id: string; kind: 'j' | 'c'; ref: string }[] = await queryRows(
    manager,
    `SELECT "hazard_id"::text AS "hazard_id", 'j' AS "kind", "journey_id"::text AS "ref" FROM "hazard_journey" WHERE "hazard_id" = ANY($1::uuid[])
     UNION ALL SELECT "hazard_id"::text, 'c', "control_id"::text FROM "hazard_control_link" WHERE "hazard_id" = ANY($1::uuid[]) ORDER BY 3`,
    [[...byId.keys()]],
  );
  for (const link of links) {
    const row = byId.get(link.hazard_id)!;
    (link.kind === 'j' ? row.journey_ids : row.control_ids).push(link.ref);
  }
  return rows;
}

export async function withControlLinks(manager: EntityManager, rows: ControlRow[]): Promise<ControlRow[]> {
  for (const row of rows) row.hazard_ids = [];
  if (rows.length === 0) return rows;
  const byId = new Map(rows.map((r) => [r.id, r]));
  const links: { control_id: string; hazard_id: string }[] = await queryRows(
    manager,
    `SELECT "control_id"::text AS "control_id", "hazard_id"::text AS "hazard_id" FROM "hazard_control_link" WHERE "control_id" = ANY($1::uuid[]) ORDER BY 2`,
    [[...byId.keys()]],
  );
  for (const link of links) byId.get(link.control_id)!.hazard_ids.push(link.hazard_id);
  return rows;
}

export async function hazardRows(manager: EntityManager, organisationId: string, where: string, params: unknown[] = []): Promise<HazardRow[]> {
  return withLinks(manager, await manager.query(`SELECT ${HAZARD_SELECT} FROM ${HAZARD_FROM} WHERE h."organisation_id" = $1 AND ${where} ORDER BY h."sequence"`, [organisationId, ...params]));
}

export async function controlRows(manager: EntityManager, organisationId: string, where: string, params: unknown[] = []): Promise<ControlRow[]> {
  return withControlLinks(manager, await manager.query(`SELECT ${CONTROL_SELECT} FROM ${CONTROL_FROM} WHERE c."organisation_id" = $1 AND ${where} ORDER BY c."created_at", c."id"`, [organisationId, ...params]));
}

/** Every hazard and control of a product, as an issued version would freeze them. */
export async function liveLog(manager: EntityManager, organisationId: string, productId: string): Promise<{ hazards: Hazard[]; controls: Control[] }> {
  const [hazards, controls] = [await hazardRows(manager, organisationId, `h."product_id" = $2`, [productId]), await controlRows(manager, organisationId, `c."product_id" = $2`, [productId])];
  return { hazards: hazards.map(toDomainHazard), controls: controls.map(toDomainControl) };
}

/** A product of this organisation, locked when asked (numbering and versions serialise on it). */
export async function assertProduct(manager: EntityManager, organisationId: string, productId: string, field = 'productId', lock = false): Promise<void> {
  const rows = await manager.query(`SELECT "id" FROM "product" WHERE "organisation_id" = $1 AND "id" = $2 ${lock ? 'FOR UPDATE' : ''}`, [organisationId, productId]);
  if (rows.length === 0) throw new DomainError('unprocessable', 'product_not_found', `${field}: no such product in this organisation.`, { field });
}

export interface ApprovedVersionRow {
  id: string;
  version: string;
  hazards: Hazard[];
  controls: Control[];
}

/** The product's newest approved hazard log version, or null. */
export async function latestApprovedVersion(manager: EntityManager, organisationId: string, productId: string): Promise<ApprovedVersionRow | null> {
  const [row] = await manager.query(
    `SELECT v."id", v."version", v."hazards", v."controls" FROM "hazard_log_version" v JOIN "hazard_log_approval" a ON a."hazard_log_version_id" = v."id"
      WHERE v."organisation_id" = $1 AND v."product_id" = $2 ORDER BY string_to_array(v."version", '.')::int[] DESC LIMIT 1`,
    [organisationId, productId],
  );
  return row ?? null;
}

export async function hazardLogGateFacts(manager: EntityManager, journeyId: string, organisationId: string): Promise<HazardLogGateFacts | null> {
  const [journey] = await manager.query(`SELECT "product_id" FROM "journey" WHERE "id" = $1 AND "organisation_id" = $2`, [journeyId, organisationId]);
  if (!journey) return null;
  const approved = await latestApprovedVersion(manager, organisationId, journey.product_id);
  if (!approved) return { approved: null, live: { hazards: [], controls: [] } };
  return { approved, live: await liveLog(manager, organisationId, journey.product_id) };
}

export const DEFAULT_PLAN = DEFAULT_CLINICAL_RISK_MANAGEMENT_PLAN;
