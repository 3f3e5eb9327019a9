import type { GateEvaluator } from '../journeys/gates';
import { incompleteMusts, unagreedRequirements, type ScalShortfall } from './progress';
import type { ScalRequirementState, ScalTemplate } from './requirements';
import { witnessTestRequests } from './returned-workbook';

/**
 * The journey gate conditions the SCAL answers. The engine knows nothing of SCALs: the server
 * registers these evaluators with a loader that puts the journey's SCAL into `facts[kind]`.
 */
export const SCAL_GATE_KINDS = ['scal_fully_completed', 'scal_agreed'] as const;
export type ScalGateKind = (typeof SCAL_GATE_KINDS)[number];

/** The journey's SCAL as its gates read it; null when no SCAL is attached. */
export type ScalGateFacts = { readonly template: ScalTemplate; readonly states: readonly ScalRequirementState[] } | null;

export const NO_SCAL_MESSAGE = 'No SCAL is attached to this journey.';

/** Enough identifiers to act on without flooding a 409 for a 2,000-row SCAL. */
const SHOWN = 5;
const listed = (shortfalls: readonly ScalShortfall[]) =>
  shortfalls
    .slice(0, SHOWN)
    .map((s) => s.identifier)
    .join(', ') + (shortfalls.length > SHOWN ? ` and ${shortfalls.length - SHOWN} more` : '');

export const SCAL_GATE_EVALUATORS: Readonly<Record<ScalGateKind, GateEvaluator>> = {
  scal_fully_completed: (condition, { facts }) => {
    const scal = facts[condition.kind] as ScalGateFacts | undefined;
    if (!scal) return NO_SCAL_MESSAGE;
    const missing = incompleteMusts(scal.template, scal.states);
    return missing.length === 0 ? null : `The SCAL is not fully completed: ${missing.length} MUST requirement(s) lack a response or justification (${listed(missing)}).`;
  },
  scal_agreed: (condition, { facts }) => {
    const scal = facts[condition.kind] as ScalGateFacts | undefined;
    if (!scal) return NO_SCAL_MESSAGE;
    const open = unagreedRequirements(scal.template, scal.states);
    if (open.length === 0 && scal.template.sections.some((s) => s.requirements.length > 0)) return null;
    if (open.length === 0) return 'The SCAL has no requirements, so NHS England has agreed nothing.';
    return `The SCAL is not agreed by NHS England: ${open.length} requirement(s) not accepted (${listed(open)}).`;
  },
};

/** A route a stage should take, and why: what a feature's data says about a choice of routes. */
export interface RouteAdvice {
  readonly route: string;
  readonly reason: string;
}

/**
 * NHS England asking, in its review column, for evidence to be demonstrated by witness testing:
 * on a stage that offers the witness-test route, that is the route being asked for.
 */
export function scalRouteAdvice(routes: readonly { readonly key: string }[], facts: Readonly<Record<string, unknown>>): RouteAdvice | null {
  if (!routes.some((r) => r.key === 'witness_test')) return null;
  const scal = facts.scal_agreed as ScalGateFacts | undefined;
  if (!scal) return null;
  const asked = witnessTestRequests(scal.states);
  if (asked.length === 0) return null;
  return { route: 'witness_test', reason: `NHS England asks for witness testing on ${asked.length} SCAL requirement(s): ${asked.slice(0, SHOWN).join(', ')}${asked.length > SHOWN ? ` and ${asked.length - SHOWN} more` : ''}.` };
}
