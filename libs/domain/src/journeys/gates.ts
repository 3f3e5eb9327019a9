import type { JourneyState, StageState } from './stage-state';

/**
 * Gate conditions: what must hold before a stage may start (entry) or complete (exit). A condition
 * is data (`kind` plus parameters) so templates can carry it; its meaning is an evaluator
 * registered under its kind. Features added later (SCAL, hazard log) register their own kinds and
 * put what they know about a journey into `facts`, so the engine never has to know about them.
 */
export interface GateCondition {
  /** Built in: stage_done, stage_finished (done or skipped), checklist_complete, route_chosen, no_open_blockers. */
  readonly kind: string;
  /** The stage a stage_done / stage_finished condition names. */
  readonly stage?: string;
  readonly [parameter: string]: unknown;
}

export interface GateContext {
  readonly journey: JourneyState;
  readonly stage: StageState;
  /** What other features know about the journey, keyed by the kind that reads it. */
  readonly facts: Readonly<Record<string, unknown>>;
}

/** Why a condition does not hold, in words a compliance lead can act on; null when it holds. */
export type GateEvaluator = (condition: GateCondition, context: GateContext) => string | null;

export interface UnmetCriterion {
  readonly kind: string;
  readonly message: string;
}

export class GateRegistry {
  private readonly evaluators = new Map<string, GateEvaluator>();

  register(kind: string, evaluator: GateEvaluator): this {
    if (this.evaluators.has(kind)) throw new Error(`gate condition "${kind}" is registered twice`);
    this.evaluators.set(kind, evaluator);
    return this;
  }

  kinds(): string[] {
    return [...this.evaluators.keys()];
  }

  /** Every unmet condition; an unknown kind is unmet, so a missing plug-in never opens a gate. */
  evaluate(conditions: readonly GateCondition[], context: GateContext): UnmetCriterion[] {
    const unmet: UnmetCriterion[] = [];
    for (const condition of conditions) {
      const evaluator = this.evaluators.get(condition.kind);
      const message = evaluator ? evaluator(condition, context) : `No rule is installed for the "${condition.kind}" condition.`;
      if (message) unmet.push({ kind: condition.kind, message });
    }
    return unmet;
  }
}

const stageName = (journey: JourneyState, key: string) => journey.stages.find((s) => s.key === key)?.name ?? key;

/** The evaluators of the conditions journey templates use. */
export function builtInGates(): GateRegistry {
  return new GateRegistry()
    .register('stage_done', (condition, { journey }) => {
      const key = String(condition.stage);
      const stage = journey.stages.find((s) => s.key === key);
      if (stage?.status === 'done') return null;
      return `${stageName(journey, key)} must be done first${stage?.status === 'skipped' ? ' (it was skipped)' : ''}.`;
    })
    .register('stage_finished', (condition, { journey }) => {
      const stage = journey.stages.find((s) => s.key === condition.stage);
      return !stage || stage.status === 'done' || stage.status === 'skipped' ? null : `${stage.name} must be done or skipped first.`;
    })
    .register('checklist_complete', (_condition, { stage }) => {
      const open = requiredChecklist(stage).filter((item) => !item.done);
      return open.length === 0 ? null : `Checklist items not done: ${open.map((item) => item.label).join('; ')}.`;
    })
    .register('route_chosen', (_condition, { stage }) => (stage.route ? null : 'Choose the assurance route (test evidence or witness test) first.'))
    .register('no_open_blockers', (_condition, { journey, stage }) => {
      const open = journey.openBlockers.filter((b) => b.stageKey === stage.key);
      return open.length === 0 ? null : `Open blocking items on this stage: ${open.map((b) => b.title).join('; ')}.`;
    });
}

/** The checklist items a stage needs: all of them, except those of the route not taken. */
export function requiredChecklist(stage: Pick<StageState, 'checklist' | 'route'>): StageState['checklist'] {
  return stage.checklist.filter((item) => !item.route || item.route === stage.route);
}
