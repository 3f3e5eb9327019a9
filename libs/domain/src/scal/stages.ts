import { DomainError } from '../errors/domain-error';
import { incompleteMusts, unagreedRequirements, type ScalShortfall } from './progress';
import type { ScalRequirementState, ScalTemplate } from './requirements';

/**
 * The SCAL's own life, as NHS England sees it: a stage-one SCAL early on, the fully completed SCAL
 * that opens the supported test environment, the SCAL NHS England agrees, and the assured SCAL
 * that goes into the uplifted MIL. Each step is recorded by freezing the whole SCAL as it stood,
 * so what was submitted can be reproduced later; these rules say when a step may be recorded.
 */
export const SCAL_STAGES = ['stage_one', 'fully_completed', 'agreed', 'assured'] as const;
export type ScalStage = (typeof SCAL_STAGES)[number];

export const SCAL_STAGE_LABELS: Readonly<Record<ScalStage, string>> = {
  stage_one: 'Stage-one SCAL',
  fully_completed: 'Fully completed SCAL',
  agreed: 'Agreed by NHS England',
  assured: 'Assured SCAL',
};

export interface ScalStageFacts {
  readonly template: ScalTemplate;
  readonly states: readonly ScalRequirementState[];
  /** Stages already recorded for this SCAL, any order, repeats allowed. */
  readonly recorded: readonly ScalStage[];
}

export interface ScalStageShortfall {
  readonly identifier: string | null;
  readonly reason: ScalShortfall['reason'] | 'not_agreed_yet';
  readonly message: string;
}

const describe = (s: ScalShortfall): ScalStageShortfall => ({
  identifier: s.identifier,
  reason: s.reason,
  message:
    s.reason === 'unanswered' ? `${s.identifier} has no response.` : s.reason === 'justification_missing' ? `${s.identifier} needs a justification.` : `${s.identifier} is not accepted by NHS England.`,
});

/**
 * What stands between the SCAL and the stage; empty means it may be recorded. A stage may be
 * recorded again (a resubmission after an RFC), which is why none depends on the latest one taken.
 *
 * "Agreed" reads the same predicate as the `scal_agreed` journey gate (every row accepted by NHS
 * England, not-applicable answers included): a SCAL recorded as agreed while the gate says
 * otherwise would tell the user two different things.
 */
export function scalStageShortfalls(stage: ScalStage, facts: ScalStageFacts): ScalStageShortfall[] {
  switch (stage) {
    // An early, partial SCAL is the point of stage one.
    case 'stage_one':
      return [];
    case 'fully_completed':
      return incompleteMusts(facts.template, facts.states).map(describe);
    case 'agreed': {
      const open = unagreedRequirements(facts.template, facts.states).map(describe);
      if (open.length === 0 && facts.template.sections.every((s) => s.requirements.length === 0)) {
        return [{ identifier: null, reason: 'not_accepted', message: 'The SCAL has no requirements, so NHS England has agreed nothing.' }];
      }
      return open;
    }
    case 'assured': {
      const shortfalls: ScalStageShortfall[] = [];
      if (!facts.recorded.includes('agreed')) shortfalls.push({ identifier: null, reason: 'not_agreed_yet', message: 'Record the SCAL as agreed by NHS England before recording it as assured.' });
      // Reopened since it was agreed (e.g. an RFC): the assured SCAL must be the agreed one.
      return [...shortfalls, ...scalStageShortfalls('agreed', facts)];
    }
    default:
      throw new DomainError('invalid', 'scal_unknown_stage', `Stage must be one of: ${SCAL_STAGES.join(', ')}.`);
  }
}

/** Enough to act on in a message; the details carry every shortfall. */
const SHOWN = 5;

export function assertScalStageReachable(stage: ScalStage, facts: ScalStageFacts): void {
  if (!SCAL_STAGES.includes(stage)) throw new DomainError('invalid', 'scal_unknown_stage', `Stage must be one of: ${SCAL_STAGES.join(', ')}.`);
  const shortfalls = scalStageShortfalls(stage, facts);
  if (shortfalls.length === 0) return;
  const shown = shortfalls
    .slice(0, SHOWN)
    .map((s) => s.message)
    .join(' ');
  const more = shortfalls.length > SHOWN ? ` And ${shortfalls.length - SHOWN} more.` : '';
  throw new DomainError('unprocessable', 'scal_stage_not_reached', `The SCAL cannot be recorded as "${SCAL_STAGE_LABELS[stage]}": ${shown}${more}`, { stage, shortfalls });
}
