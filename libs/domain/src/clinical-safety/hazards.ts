import type { CivilDate } from '../calendar/civil-date';
import { DomainError } from '../errors/domain-error';
import { MECHANISMS, type MechanismKey } from '../reference/mechanisms';
import { acceptabilityOf, rate, type ClinicalRiskManagementPlan, type Likelihood, type RiskRating, type Severity } from './risk-matrix';

/**
 * A product's hazard log entries and the controls that mitigate them, with the DCB0129 rules a
 * clinical safety officer relies on: ratings come only from the plan's matrix, hazards are never
 * deleted, and a hazard is closed only when its residual risk is acceptable and its controls proven.
 */

/**
 * Open: some of the manufacturer's actions are not done. Transferred: the manufacturer's are done,
 * the deploying organisation's are not (and are named). Closed: all actions are done.
 */
export const HAZARD_STATUSES = ['open', 'transferred', 'closed'] as const;
export type HazardStatus = (typeof HAZARD_STATUSES)[number];

export const CONTROL_TYPES = ['design', 'test', 'training', 'business_process_change'] as const;
export type ControlType = (typeof CONTROL_TYPES)[number];

export const CONTROL_STATUSES = ['planned', 'implemented', 'verified'] as const;
export type ControlStatus = (typeof CONTROL_STATUSES)[number];

export interface Control {
  readonly id: string;
  readonly type: ControlType;
  readonly description: string;
  readonly owner: string | null;
  readonly status: ControlStatus;
  /** References to the evidence that proves it works (e.g. evidence vault items). */
  readonly verificationEvidence: readonly string[];
}

export interface RiskAssessment {
  readonly severity: Severity;
  readonly likelihood: Likelihood;
  /** Read from the plan's matrix; there is no way to set it directly. */
  readonly rating: RiskRating;
}

export const HAZARD_LINK_KINDS = ['journey', 'gp_connect_capability', 'im1_api'] as const;
export type HazardLinkKind = (typeof HAZARD_LINK_KINDS)[number];
export interface HazardLink {
  readonly kind: HazardLinkKind;
  readonly ref: string;
}

const linkKindOf = (key: string): HazardLinkKind | null => {
  const mechanism = MECHANISMS.find((m) => m.key === key);
  return mechanism ? (mechanism.family === 'im1' ? 'im1_api' : 'gp_connect_capability') : null;
};

/** Refuses keys that name no GP Connect capability or IM1 API, naming them and the field they came in. */
export function assertMechanismKeys(keys: readonly string[], field = 'mechanismKeys'): void {
  const unknown = keys.filter((k) => linkKindOf(k) === null);
  if (unknown.length) {
    throw new DomainError('invalid', 'hazard_mechanism_unknown', `${field}: not a GP Connect capability or IM1 API: ${unknown.join(', ')}.`, { field, unknown });
  }
}

/**
 * A hazard's direct links to GP Connect capabilities and IM1 APIs, named by reference mechanism
 * key, deduplicated and in key order so an unchanged set never reads as a change. An unknown key is
 * refused, naming it.
 */
export function mechanismLinks(keys: readonly string[]): HazardLink[] {
  assertMechanismKeys(keys);
  return [...new Set(keys)].sort().map((ref) => ({ kind: linkKindOf(ref)!, ref }));
}

export const linkedJourneyIds = (links: readonly HazardLink[]): string[] => links.filter((l) => l.kind === 'journey').map((l) => l.ref);
export const linkedMechanismKeys = (links: readonly HazardLink[]): MechanismKey[] => links.filter((l) => l.kind !== 'journey').map((l) => l.ref as MechanismKey);

export interface Hazard {
  readonly number: string;
  readonly name: string;
  readonly description: string;
  readonly potentialClinicalImpact: string;
  readonly possibleCauses: readonly string[];
  readonly effect: string;
  readonly harm: string;
  readonly existingControls: string;
  readonly hazardType: string | null;
  readonly links: readonly HazardLink[];
  /** The plan version both ratings were read from. */
  readonly planVersion: number | null;
  readonly initial: RiskAssessment | null;
  readonly residual: RiskAssessment | null;
  /** Why the residual rating is above the initial one; required exactly when it is. */
  readonly residualIncreaseJustification: string | null;
  /** Why further reduction is impractical, when the plan accepts the residual rating only with a reason. */
  readonly residualAcceptanceJustification: string | null;
  /** Additional controls, by id: one control may mitigate several hazards. */
  readonly controlIds: readonly string[];
  readonly actionSummary: string;
  readonly owner: string | null;
  readonly status: HazardStatus;
  /** What the deploying organisation must do; set while the hazard is transferred. */
  readonly deployingOrganisationActions: string | null;
  readonly nextReviewDate: CivilDate | null;
  readonly withdrawnReason: string | null;
}

const NUMBER_PATTERN = /^H-(\d{3,})$/;

export function formatHazardNumber(sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new DomainError('invalid', 'hazard_invalid_number', `A hazard sequence must be a positive whole number, not ${sequence}.`);
  return `H-${String(sequence).padStart(3, '0')}`;
}

export function parseHazardNumber(number: string): number {
  const match = NUMBER_PATTERN.exec(number);
  const sequence = match ? Number(match[1]) : NaN;
  if (!match || sequence < 1 || formatHazardNumber(sequence) !== number) {
    throw new DomainError('invalid', 'hazard_invalid_number', `"${number}" is not a hazard number like H-001.`);
  }
  return sequence;
}

/** One past the highest number: withdrawn hazards keep theirs, so a number is never reused. */
export function nextHazardNumber(existing: readonly string[]): string {
  return formatHazardNumber(existing.reduce((max, n) => Math.max(max, parseHazardNumber(n)), 0) + 1);
}

const blank = (value: string | null | undefined): boolean => !value || value.trim() === '';
const trimmedOrNull = (value: string | null | undefined): string | null => (blank(value) ? null : value!.trim());

export type NewHazard = Pick<Hazard, 'name' | 'description'> & Partial<Omit<Hazard, 'number' | 'planVersion' | 'initial' | 'residual' | 'residualIncreaseJustification' | 'residualAcceptanceJustification' | 'status' | 'deployingOrganisationActions' | 'withdrawnReason'>>;

export function createHazard(existingNumbers: readonly string[], fields: NewHazard): Hazard {
  if (blank(fields.name)) throw new DomainError('invalid', 'hazard_name_required', 'A hazard needs a name.');
  if (blank(fields.description)) throw new DomainError('invalid', 'hazard_description_required', 'A hazard needs a description.');
  return {
    potentialClinicalImpact: '',
    possibleCauses: [],
    effect: '',
    harm: '',
    existingControls: '',
    hazardType: null,
    links: [],
    controlIds: [],
    actionSummary: '',
    owner: null,
    nextReviewDate: null,
    ...fields,
    name: fields.name.trim(),
    description: fields.description.trim(),
    number: nextHazardNumber(existingNumbers),
    planVersion: null,
    initial: null,
    residual: null,
    residualIncreaseJustification: null,
    residualAcceptanceJustification: null,
    status: 'open',
    deployingOrganisationActions: null,
    withdrawnReason: null,
  };
}

function assertNotWithdrawn(hazard: Hazard): void {
  if (hazard.withdrawnReason !== null) throw new DomainError('unprocessable', 'hazard_withdrawn', `${hazard.number} is withdrawn and can no longer change.`, { number: hazard.number });
}

export interface RiskInput {
  readonly severity: Severity;
  readonly likelihood: Likelihood;
}

export function assess(plan: ClinicalRiskManagementPlan, input: RiskInput): RiskAssessment {
  return { severity: input.severity, likelihood: input.likelihood, rating: rate(plan, input.likelihood, input.severity) };
}

/**
 * Sets severity and likelihood (initial, residual or both) and reads every rating afresh from the
 * given plan, so a hazard never holds ratings from two plan versions.
 */
export function rateHazard(
  plan: ClinicalRiskManagementPlan,
  hazard: Hazard,
  input: { readonly initial?: RiskInput | null; readonly residual?: RiskInput | null; readonly residualIncreaseJustification?: string | null },
): Hazard {
  assertNotWithdrawn(hazard);
  const initialInput = input.initial === undefined ? hazard.initial : input.initial;
  const residualInput = input.residual === undefined ? hazard.residual : input.residual;
  const initial = initialInput ? assess(plan, initialInput) : null;
  const residual = residualInput ? assess(plan, residualInput) : null;
  if (residual && !initial) throw new DomainError('unprocessable', 'hazard_initial_rating_required', `${hazard.number} needs an initial rating before a residual one.`, { number: hazard.number });
  const justification = trimmedOrNull(input.residualIncreaseJustification === undefined ? hazard.residualIncreaseJustification : input.residualIncreaseJustification);
  const increased = !!residual && !!initial && residual.rating > initial.rating;
  if (increased && !justification) {
    throw new DomainError('unprocessable', 'hazard_residual_above_initial', `${hazard.number}'s residual rating ${residual.rating} is above its initial rating ${initial.rating}: say why.`, {
      number: hazard.number,
      initial: initial.rating,
      residual: residual.rating,
    });
  }
  return { ...hazard, planVersion: initial || residual ? plan.version : null, initial, residual, residualIncreaseJustification: increased ? justification : null };
}

export function createControl(fields: Pick<Control, 'id' | 'type' | 'description'> & Partial<Pick<Control, 'owner'>>): Control {
  if (!CONTROL_TYPES.includes(fields.type)) throw new DomainError('invalid', 'control_unknown_type', `A control's type must be one of: ${CONTROL_TYPES.join(', ')}.`);
  if (blank(fields.description)) throw new DomainError('invalid', 'control_description_required', 'A control needs a description.');
  return { id: fields.id, type: fields.type, description: fields.description.trim(), owner: trimmedOrNull(fields.owner), status: 'planned', verificationEvidence: [] };
}

/** A control counts as verified only with evidence behind it. */
export function setControlStatus(control: Control, status: ControlStatus, evidence: readonly string[] = control.verificationEvidence): Control {
  if (!CONTROL_STATUSES.includes(status)) throw new DomainError('invalid', 'control_unknown_status', `A control's status must be one of: ${CONTROL_STATUSES.join(', ')}.`);
  const verificationEvidence = evidence.map((e) => e.trim()).filter((e) => e !== '');
  if (status === 'verified' && verificationEvidence.length === 0) {
    throw new DomainError('unprocessable', 'control_evidence_required', `Attach the evidence that verifies the control "${control.description}".`, { controlId: control.id });
  }
  return { ...control, status, verificationEvidence };
}

/**
 * Moves a hazard between open, transferred and closed. Closing needs the residual rating read
 * from the plan the hazard was rated under, and every additional control verified.
 */
export function changeHazardStatus(
  plan: ClinicalRiskManagementPlan,
  hazard: Hazard,
  controls: readonly Control[],
  to: HazardStatus,
  options: { readonly deployingOrganisationActions?: string | null; readonly residualAcceptanceJustification?: string | null } = {},
): Hazard {
  assertNotWithdrawn(hazard);
  if (!HAZARD_STATUSES.includes(to)) throw new DomainError('invalid', 'hazard_unknown_status', `Status must be one of: ${HAZARD_STATUSES.join(', ')}.`);
  if (to === 'open') return { ...hazard, status: 'open', deployingOrganisationActions: null };
  if (to === 'transferred') {
    const actions = trimmedOrNull(options.deployingOrganisationActions ?? hazard.deployingOrganisationActions);
    if (!actions) throw new DomainError('unprocessable', 'hazard_transfer_actions_required', `Name what the deploying organisation must do before ${hazard.number} is transferred.`, { number: hazard.number });
    return { ...hazard, status: 'transferred', deployingOrganisationActions: actions };
  }
  const residual = hazard.residual;
  if (!residual) throw new DomainError('unprocessable', 'hazard_residual_rating_required', `${hazard.number} needs a residual rating before it is closed.`, { number: hazard.number });
  if (hazard.planVersion !== plan.version) {
    throw new DomainError('conflict', 'hazard_plan_version_mismatch', `${hazard.number} was rated under plan v${hazard.planVersion}, not v${plan.version}: rate it again under this plan first.`, {
      number: hazard.number,
      hazardPlanVersion: hazard.planVersion,
      planVersion: plan.version,
    });
  }
  const criterion = acceptabilityOf(plan, residual.rating);
  if (criterion.acceptance === 'unacceptable') {
    throw new DomainError('unprocessable', 'hazard_residual_unacceptable', `${hazard.number} cannot be closed: its residual rating ${residual.rating} is unacceptable under plan v${plan.version} (${criterion.description})`, {
      number: hazard.number,
      rating: residual.rating,
    });
  }
  const acceptanceJustification = trimmedOrNull(options.residualAcceptanceJustification ?? hazard.residualAcceptanceJustification);
  if (criterion.acceptance === 'justification_required' && !acceptanceJustification) {
    throw new DomainError('unprocessable', 'hazard_residual_justification_required', `${hazard.number}'s residual rating ${residual.rating} is acceptable only with a reason (${criterion.description}): give it before closing.`, {
      number: hazard.number,
      rating: residual.rating,
    });
  }
  const byId = new Map(controls.map((c) => [c.id, c]));
  const unverified = hazard.controlIds.filter((id) => byId.get(id)?.status !== 'verified');
  if (unverified.length) {
    throw new DomainError('unprocessable', 'hazard_controls_unverified', `${hazard.number} cannot be closed while ${unverified.length === 1 ? 'a control is' : `${unverified.length} controls are`} not verified.`, {
      number: hazard.number,
      controlIds: unverified,
    });
  }
  return { ...hazard, status: 'closed', deployingOrganisationActions: null, residualAcceptanceJustification: criterion.acceptance === 'justification_required' ? acceptanceJustification : hazard.residualAcceptanceJustification };
}

/** Hazards stay in the log for the life of the product; withdrawing keeps the entry and says why. */
export function withdrawHazard(hazard: Hazard, reason: string): Hazard {
  assertNotWithdrawn(hazard);
  if (blank(reason)) throw new DomainError('invalid', 'hazard_withdrawal_reason_required', `Say why ${hazard.number} is withdrawn.`, { number: hazard.number });
  return { ...hazard, withdrawnReason: reason.trim() };
}
