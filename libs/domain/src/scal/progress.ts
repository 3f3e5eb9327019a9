import {
  initialRequirementState,
  isAnswered,
  SCAL_REQUIREMENT_STATUSES,
  templateRequirements,
  type ScalRequirementState,
  type ScalRequirementStatus,
  type ScalTemplate,
} from './requirements';

/**
 * How far a journey's SCAL has got, and the two predicates the journey gates ask: is it fully
 * completed (the STE request needs it) and is it agreed by NHS England (assurance needs it).
 * A requirement with no stored state counts as not started: rows are only written once touched.
 */

export type StatusCounts = Readonly<Record<ScalRequirementStatus, number>>;

export interface SectionProgress {
  readonly key: string;
  readonly name: string;
  readonly total: number;
  readonly byStatus: StatusCounts;
}

export interface ScalProgress {
  readonly sections: readonly SectionProgress[];
  readonly overall: { readonly total: number; readonly byStatus: StatusCounts };
}

const zero = (): Record<ScalRequirementStatus, number> => Object.fromEntries(SCAL_REQUIREMENT_STATUSES.map((s) => [s, 0])) as Record<ScalRequirementStatus, number>;

function statesByIdentifier(states: Iterable<ScalRequirementState>): Map<string, ScalRequirementState> {
  return new Map(Array.from(states, (s) => [s.identifier, s]));
}

/** States for identifiers the template does not have (e.g. after a template upgrade) are not counted. */
export function scalProgress(template: ScalTemplate, states: Iterable<ScalRequirementState>): ScalProgress {
  const byId = statesByIdentifier(states);
  const overall = zero();
  let total = 0;
  const sections = template.sections.map((section) => {
    const byStatus = zero();
    for (const requirement of section.requirements) {
      const status = byId.get(requirement.identifier)?.status ?? 'not_started';
      byStatus[status] += 1;
      overall[status] += 1;
    }
    total += section.requirements.length;
    return { key: section.key, name: section.name, total: section.requirements.length, byStatus };
  });
  return { sections, overall: { total, byStatus: overall } };
}

export interface ScalShortfall {
  readonly identifier: string;
  readonly reason: 'unanswered' | 'justification_missing' | 'not_accepted';
}

/**
 * MUST rows lacking a response, or a justification where one is needed. A non-compliant MUST with
 * its justification counts as completed: NHS England decides whether it is acceptable.
 */
export function incompleteMusts(template: ScalTemplate, states: Iterable<ScalRequirementState>): ScalShortfall[] {
  const byId = statesByIdentifier(states);
  return templateRequirements(template)
    .filter((r) => r.level === 'MUST')
    .map((r) => byId.get(r.identifier) ?? initialRequirementState(r.identifier))
    .filter((s) => !isAnswered(s))
    .map((s) => ({ identifier: s.identifier, reason: s.response === null ? 'unanswered' : 'justification_missing' }));
}

export function isFullyCompleted(template: ScalTemplate, states: Iterable<ScalRequirementState>): boolean {
  return incompleteMusts(template, states).length === 0;
}

/**
 * Rows NHS England has not accepted. Every row counts, whatever its level or answer: a not-applicable
 * answer is agreed only when NHS England accepts it too.
 */
export function unagreedRequirements(template: ScalTemplate, states: Iterable<ScalRequirementState>): ScalShortfall[] {
  const byId = statesByIdentifier(states);
  return templateRequirements(template)
    .filter((r) => byId.get(r.identifier)?.status !== 'accepted')
    .map((r) => ({ identifier: r.identifier, reason: 'not_accepted' }));
}

/** An empty template is never agreed: there would be nothing NHS England agreed to. */
export function isAgreed(template: ScalTemplate, states: Iterable<ScalRequirementState>): boolean {
  return templateRequirements(template).length > 0 && unagreedRequirements(template, states).length === 0;
}
