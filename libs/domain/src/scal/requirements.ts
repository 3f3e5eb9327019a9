import { parseCivilDate, type CivilDate } from '../calendar/civil-date';
import { DomainError } from '../errors/domain-error';
import type { ScalReviewVerdict } from './answers';

/**
 * SCAL templates (the requirement rows a journey must answer) and the state of one requirement on
 * one journey: its answer, who owns it, and where it stands in NHS England's review.
 */

/** Where the evidence comes from. ENVNA: a supporting statement is enough, no environment applies. */
export const SCAL_ENVIRONMENTS = ['Internet Facing', 'OpenTest', 'INT', 'INT(PROVIDER)', 'ENVNA'] as const;
export type ScalEnvironment = (typeof SCAL_ENVIRONMENTS)[number];

export const SCAL_LEVELS = ['MUST', 'SHOULD', 'MAY'] as const;
export type ScalLevel = (typeof SCAL_LEVELS)[number];

export interface ScalRequirement {
  readonly identifier: string;
  /** The key of the section (tab) it belongs to. */
  readonly section: string;
  readonly description: string;
  readonly useCase: string | null;
  readonly type: string | null;
  readonly link: string | null;
  readonly testCases: string | null;
  readonly evidenceRequired: string | null;
  /** Null when the source leaves it blank: published SCALs do not fill it on every row. */
  readonly environment: ScalEnvironment | null;
  readonly level: ScalLevel;
}

export interface ScalSection {
  readonly key: string;
  readonly name: string;
  readonly requirements: readonly ScalRequirement[];
}

export interface ScalTemplate {
  readonly key: string;
  readonly version: number;
  readonly name: string;
  /**
   * A starting point written by us, not NHS England's document: the UI must say so, and a journey
   * that needs the real SCAL imports it.
   */
  readonly baseline: boolean;
  readonly note: string | null;
  readonly sections: readonly ScalSection[];
}

export function templateRequirements(template: ScalTemplate): ScalRequirement[] {
  return template.sections.flatMap((s) => s.requirements);
}

export const SCAL_RESPONSES = ['compliant', 'non_compliant', 'not_applicable'] as const;
export type ScalResponse = (typeof SCAL_RESPONSES)[number];

export const SCAL_REQUIREMENT_STATUSES = ['not_started', 'in_progress', 'ready_for_review', 'submitted', 'accepted', 'rejected'] as const;
export type ScalRequirementStatus = (typeof SCAL_REQUIREMENT_STATUSES)[number];

export interface ScalRequirementState {
  readonly identifier: string;
  readonly response: ScalResponse | null;
  readonly justification: string | null;
  readonly owner: string | null;
  readonly dueDate: CivilDate | null;
  readonly status: ScalRequirementStatus;
  /** NHS England's reason, kept only while the requirement stands rejected. */
  readonly rejectionReason: string | null;
  /** What NHS England's review column last said, read from a returned workbook; never set by hand. */
  readonly reviewVerdict?: ScalReviewVerdict | null;
  readonly reviewComment?: string | null;
}

export function initialRequirementState(identifier: string): ScalRequirementState {
  return { identifier, response: null, justification: null, owner: null, dueDate: null, status: 'not_started', rejectionReason: null };
}

/**
 * Which status may follow which. Submitted and accepted rows are what NHS England holds, so only its
 * verdict moves a submitted row, and an accepted one changes only by being reopened (e.g. for an RFC).
 */
export const SCAL_STATUS_TRANSITIONS: Readonly<Record<ScalRequirementStatus, readonly ScalRequirementStatus[]>> = {
  not_started: ['in_progress', 'ready_for_review'],
  in_progress: ['not_started', 'ready_for_review'],
  ready_for_review: ['in_progress', 'submitted'],
  submitted: ['accepted', 'rejected'],
  accepted: ['in_progress'],
  rejected: ['in_progress', 'ready_for_review'],
};

export function canTransition(from: ScalRequirementStatus, to: ScalRequirementStatus): boolean {
  return SCAL_STATUS_TRANSITIONS[from].includes(to);
}

const blank = (value: string | null | undefined): boolean => !value || value.trim() === '';

/** Answered as a reviewer would need it: a response, and a justification unless compliant. */
export function isAnswered(state: Pick<ScalRequirementState, 'response' | 'justification'>): boolean {
  return state.response !== null && (state.response === 'compliant' || !blank(state.justification));
}

/** Statuses in which the answer is with a reviewer or NHS England and may not be edited. */
const LOCKED: readonly ScalRequirementStatus[] = ['submitted', 'accepted'];

function assertAnswered(state: ScalRequirementState, to: ScalRequirementStatus): void {
  if (state.response === null) {
    throw new DomainError('unprocessable', 'scal_response_required', `${state.identifier} needs a response (compliant, non-compliant or not applicable) before it is ${to.replace(/_/g, ' ')}.`, { identifier: state.identifier });
  }
  if (!isAnswered(state)) {
    throw new DomainError('unprocessable', 'scal_justification_required', `${state.identifier} needs a justification: it is answered ${state.response.replace(/_/g, ' ')}.`, { identifier: state.identifier });
  }
}

export function transitionRequirement(state: ScalRequirementState, to: ScalRequirementStatus, options: { readonly reason?: string | null } = {}): ScalRequirementState {
  if (!SCAL_REQUIREMENT_STATUSES.includes(to)) throw new DomainError('invalid', 'scal_unknown_status', `Status must be one of: ${SCAL_REQUIREMENT_STATUSES.join(', ')}.`);
  if (!canTransition(state.status, to)) {
    throw new DomainError('unprocessable', 'scal_invalid_transition', `${state.identifier} cannot go from ${state.status.replace(/_/g, ' ')} to ${to.replace(/_/g, ' ')}.`, {
      identifier: state.identifier,
      from: state.status,
      to,
      allowed: SCAL_STATUS_TRANSITIONS[state.status],
    });
  }
  // An answer that no longer satisfies the rules (e.g. edited while rejected) must not reach a reviewer.
  if (to === 'ready_for_review' || to === 'submitted') assertAnswered(state, to);
  if (to === 'rejected') {
    const reason = options.reason?.trim();
    if (!reason) throw new DomainError('invalid', 'scal_rejection_reason_required', `Say why ${state.identifier} was rejected.`, { identifier: state.identifier });
    return { ...state, status: 'rejected', rejectionReason: reason };
  }
  return { ...state, status: to, rejectionReason: null };
}

/**
 * Saves an answer. A draft may lack its justification (it is checked on the way to review); an
 * answer edited after review was asked for goes back to in progress so nobody reviews a moving target.
 */
export function answerRequirement(state: ScalRequirementState, answer: { readonly response: ScalResponse | null; readonly justification?: string | null }): ScalRequirementState {
  if (answer.response !== null && !SCAL_RESPONSES.includes(answer.response)) {
    throw new DomainError('invalid', 'scal_unknown_response', `Response must be one of: ${SCAL_RESPONSES.join(', ')}.`);
  }
  if (LOCKED.includes(state.status)) {
    throw new DomainError('unprocessable', 'scal_requirement_locked', `${state.identifier} is ${state.status}: reopen it before changing its answer.`, { identifier: state.identifier });
  }
  const justification = blank(answer.justification) ? null : answer.justification!.trim();
  const status: ScalRequirementStatus = state.status === 'rejected' ? 'rejected' : 'in_progress';
  return { ...state, response: answer.response, justification, status };
}

export function assignRequirement(state: ScalRequirementState, assignment: { readonly owner?: string | null; readonly dueDate?: CivilDate | null }): ScalRequirementState {
  let dueDate = state.dueDate;
  if (assignment.dueDate !== undefined) {
    if (assignment.dueDate !== null) {
      try {
        parseCivilDate(assignment.dueDate);
      } catch {
        throw new DomainError('invalid', 'scal_invalid_due_date', `The due date "${assignment.dueDate}" is not a YYYY-MM-DD date.`, { identifier: state.identifier });
      }
    }
    dueDate = assignment.dueDate;
  }
  const owner = assignment.owner === undefined ? state.owner : blank(assignment.owner) ? null : assignment.owner!.trim();
  return { ...state, owner, dueDate };
}

/**
 * What every template, built in or imported, must satisfy: identifiers unique (case-insensitively,
 * as import compares them), each requirement filed under the section that holds it, known levels
 * and environments. Returns the problems; empty means valid.
 */
export function scalTemplateProblems(template: ScalTemplate): string[] {
  const problems: string[] = [];
  if (!template.key.trim() || !template.name.trim()) problems.push('The template needs a key and a name.');
  if (!Number.isInteger(template.version) || template.version < 1) problems.push(`Version must be a positive whole number, not ${template.version}.`);
  const seen = new Set<string>();
  const sectionKeys = new Set<string>();
  for (const section of template.sections) {
    if (sectionKeys.has(section.key)) problems.push(`Section "${section.key}" appears twice.`);
    sectionKeys.add(section.key);
    for (const r of section.requirements) {
      if (!r.identifier.trim()) problems.push(`A requirement in section "${section.key}" has no identifier.`);
      if (seen.has(r.identifier.toUpperCase())) problems.push(`Identifier ${r.identifier} appears twice.`);
      seen.add(r.identifier.toUpperCase());
      if (r.section !== section.key) problems.push(`${r.identifier} says section "${r.section}" but is in "${section.key}".`);
      if (!r.description.trim()) problems.push(`${r.identifier} has no description.`);
      if (!SCAL_LEVELS.includes(r.level)) problems.push(`${r.identifier} has an unknown level "${r.level}".`);
      if (r.environment !== null && !SCAL_ENVIRONMENTS.includes(r.environment)) problems.push(`${r.identifier} has an unknown environment "${r.environment}".`);
    }
  }
  return problems;
}

export function assertValidScalTemplate(template: ScalTemplate): ScalTemplate {
  const problems = scalTemplateProblems(template);
  if (problems.length) throw new DomainError('invalid', 'scal_template_invalid', `The SCAL template ${template.key} v${template.version} is not valid: ${problems.join(' ')}`, { problems });
  return template;
}
