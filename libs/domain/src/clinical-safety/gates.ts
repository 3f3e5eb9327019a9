import type { GateEvaluator } from '../journeys/gates';
import type { Hazard } from './hazards';
import type { HazardLogVersion } from './versions';
import { isVersionStale } from './versions';

/**
 * The journey gate a product's hazard log answers. The engine knows nothing of hazards: the server
 * registers this evaluator with a loader that puts the product's log into `facts[kind]`.
 */
export const HAZARD_LOG_GATE_KINDS = ['hazard_log_approved'] as const;
export type HazardLogGateKind = (typeof HAZARD_LOG_GATE_KINDS)[number];

/** The product's newest approved version and the live log it is compared with. */
export interface HazardLogGateFacts {
  readonly approved: Pick<HazardLogVersion, 'version' | 'hazards' | 'controls'> | null;
  readonly live: Pick<HazardLogVersion, 'hazards' | 'controls'>;
}

/** Residual ratings that stop assurance whatever the plan says: the guidance's 4 and 5. */
export const BLOCKING_RESIDUAL_RATING = 4;

const SHOWN = 5;
const listed = (numbers: readonly string[]) => numbers.slice(0, SHOWN).join(', ') + (numbers.length > SHOWN ? ` and ${numbers.length - SHOWN} more` : '');

/** Every reason the log does not support assurance, in words; empty when it does. */
export function hazardLogShortfalls(facts: HazardLogGateFacts | undefined): string[] {
  if (!facts?.approved) return ["No hazard log version of this journey's product has been approved by the clinical safety officer."];
  const { approved } = facts;
  const reasons: string[] = [];
  if (isVersionStale(approved, facts.live)) reasons.push(`The approved hazard log v${approved.version} is stale: hazards or controls changed since; issue and approve a new version.`);
  const active = approved.hazards.filter((h: Hazard) => h.withdrawnReason === null);
  const high = active.filter((h) => h.residual !== null && h.residual.rating >= BLOCKING_RESIDUAL_RATING).map((h) => `${h.number} (${h.residual!.rating})`);
  if (high.length) reasons.push(`Hazard log v${approved.version} has ${high.length} hazard(s) with a residual risk rated 4 or 5: ${listed(high)}.`);
  const unrated = active.filter((h) => h.residual === null).map((h) => h.number);
  if (unrated.length) reasons.push(`Hazard log v${approved.version} has ${unrated.length} hazard(s) without a residual rating: ${listed(unrated)}.`);
  return reasons;
}

export const HAZARD_LOG_GATE_EVALUATORS: Readonly<Record<HazardLogGateKind, GateEvaluator>> = {
  hazard_log_approved: (condition, { facts }) => {
    const reasons = hazardLogShortfalls(facts[condition.kind] as HazardLogGateFacts | undefined);
    return reasons.length ? reasons.join(' ') : null;
  },
};
