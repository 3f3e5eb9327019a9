import type { CivilDate } from '../calendar/civil-date';
import { DomainError } from '../errors/domain-error';
import type { GateCondition, GateRegistry, UnmetCriterion } from './gates';
import { predecessorsOf, type JourneyTemplate, type StageTemplate } from './templates';

/**
 * The stage engine: the state of a journey's stages and the explicit actions that move them.
 * Every action either returns the new state or throws a DomainError saying which rule refused it;
 * gates that do not hold are refused as a conflict listing every unmet criterion.
 */
export const STAGE_STATUSES = ['not_started', 'in_progress', 'waiting_nhs_england', 'waiting_provider', 'blocked', 'done', 'skipped'] as const;
export type StageStatus = (typeof STAGE_STATUSES)[number];

export const STAGE_ACTIONS = ['start', 'complete', 'skip', 'reopen', 'wait_nhs_england', 'wait_provider', 'block', 'resume'] as const;
export type StageAction = (typeof STAGE_ACTIONS)[number];

export const JOURNEY_STATUSES = ['not_started', 'in_progress', 'blocked', 'live', 'withdrawn'] as const;
export type JourneyStatus = (typeof JOURNEY_STATUSES)[number];

export interface ChecklistItem {
  readonly key: string;
  readonly label: string;
  readonly artefact: boolean;
  readonly route: string | null;
  readonly done: boolean;
  readonly doneOn: CivilDate | null;
}

export interface StageState {
  readonly key: string;
  readonly name: string;
  readonly status: StageStatus;
  readonly plannedStart: CivilDate | null;
  readonly plannedEnd: CivilDate | null;
  /** Planned dates agreed with NHS England or the provider: forecasts never move them earlier. */
  readonly pinned: boolean;
  readonly actualStart: CivilDate | null;
  readonly actualEnd: CivilDate | null;
  /** Since when the stage waits on NHS England or the provider: the SLA clock's start. */
  readonly waitingSince: CivilDate | null;
  readonly durationWorkingDays: number;
  readonly slaWorkingDays: number | null;
  readonly route: string | null;
  readonly skipReason: string | null;
  readonly checklist: readonly ChecklistItem[];
}

export interface OpenBlockerRef {
  readonly stageKey: string | null;
  readonly title: string;
}

export interface JourneyState {
  readonly withdrawn: boolean;
  readonly stages: readonly StageState[];
  readonly openBlockers: readonly OpenBlockerRef[];
}

const FINISHED: readonly StageStatus[] = ['done', 'skipped'];
const WAITING: readonly StageStatus[] = ['waiting_nhs_england', 'waiting_provider'];
export const isFinished = (status: StageStatus) => FINISHED.includes(status);

export function instantiateStage(template: StageTemplate): StageState {
  return {
    key: template.key,
    name: template.name,
    status: 'not_started',
    plannedStart: null,
    plannedEnd: null,
    pinned: false,
    actualStart: null,
    actualEnd: null,
    waitingSince: null,
    durationWorkingDays: template.durationWorkingDays,
    slaWorkingDays: template.sla?.workingDays ?? null,
    route: null,
    skipReason: null,
    checklist: template.checklist.map((item) => ({ key: item.key, label: item.label, artefact: item.artefact ?? false, route: item.route ?? null, done: false, doneOn: null })),
  };
}

export function instantiateStages(template: JourneyTemplate): StageState[] {
  return template.stages.map(instantiateStage);
}

export interface StageActionInput {
  readonly action: StageAction;
  /** The day it happened: today unless back-dated; never in the future. */
  readonly on: CivilDate;
  readonly today: CivilDate;
  readonly reason?: string | null;
  /** Complete or start despite unmet criteria: only for callers allowed to override, with a justification. */
  readonly override?: { readonly justification: string } | null;
}

export interface StageActionResult {
  readonly stages: StageState[];
  readonly stage: StageState;
  /** Criteria that did not hold and were overridden (empty without an override). */
  readonly overridden: UnmetCriterion[];
}

function templateStage(template: JourneyTemplate, key: string): StageTemplate {
  const stage = template.stages.find((s) => s.key === key);
  if (!stage) throw new DomainError('not_found', 'stage_not_found', `This journey has no stage "${key}".`);
  return stage;
}

/**
 * Entry: predecessors done or skipped, then the stage's own entry criteria. A skipped predecessor
 * also needs what it follows finished: stages may be skipped ahead of time, and without this,
 * skipping an optional stage early would let the next one start (and the journey go live) before
 * stages the process cannot do without, such as the MIL.
 */
function entryConditions(template: JourneyTemplate, journey: JourneyState, key: string): GateCondition[] {
  const follows: string[] = [];
  const visit = (stageKey: string): void => {
    for (const before of predecessorsOf(template, stageKey)) {
      if (follows.includes(before)) continue;
      follows.push(before);
      if (journey.stages.find((s) => s.key === before)?.status === 'skipped') visit(before);
    }
  };
  visit(key);
  return [...follows.map((stage) => ({ kind: 'stage_finished', stage })), ...(templateStage(template, key).entryCriteria ?? [])];
}

function refuse(code: string, message: string): never {
  throw new DomainError('unprocessable', code, message);
}

export function applyStageAction(
  journey: JourneyState,
  template: JourneyTemplate,
  key: string,
  input: StageActionInput,
  gates: GateRegistry,
  facts: Readonly<Record<string, unknown>> = {},
): StageActionResult {
  if (journey.withdrawn) refuse('journey_withdrawn', 'This journey is withdrawn: reinstate it before changing its stages.');
  const spec = templateStage(template, key);
  const index = journey.stages.findIndex((s) => s.key === key);
  if (index < 0) throw new DomainError('not_found', 'stage_not_found', `This journey has no stage "${key}".`);
  const stage = journey.stages[index];
  if (input.on > input.today) throw new DomainError('invalid', 'date_in_future', `The date ${input.on} is in the future.`);
  if (stage.actualStart && input.on < stage.actualStart && input.action !== 'reopen') {
    throw new DomainError('invalid', 'date_before_start', `The date ${input.on} is before the stage started (${stage.actualStart}).`);
  }
  const check = (conditions: readonly GateCondition[], next: StageState): UnmetCriterion[] => {
    const unmet = gates.evaluate(conditions, { journey, stage: next, facts });
    if (unmet.length === 0) return [];
    if (input.override?.justification.trim()) return unmet;
    throw new DomainError('conflict', 'gate_not_met', `${stage.name} cannot ${input.action === 'start' ? 'start' : 'complete'} yet: ${unmet.map((u) => u.message).join(' ')}`, { stage: key, unmet });
  };

  let next: StageState;
  let overridden: UnmetCriterion[] = [];
  switch (input.action) {
    case 'start':
      if (stage.status !== 'not_started') refuse('stage_already_started', `${stage.name} has already started.`);
      next = { ...stage, status: 'in_progress', actualStart: input.on };
      overridden = check(entryConditions(template, journey, key), next);
      break;
    case 'complete': {
      if (isFinished(stage.status)) refuse('stage_already_finished', `${stage.name} is already ${stage.status === 'done' ? 'done' : 'skipped'}.`);
      next = { ...stage, status: 'done', actualStart: stage.actualStart ?? input.on, actualEnd: input.on, waitingSince: null };
      const conditions = stage.status === 'not_started' ? [...entryConditions(template, journey, key), ...(spec.exitCriteria ?? [])] : [...(spec.exitCriteria ?? [])];
      overridden = check(conditions, next);
      break;
    }
    case 'skip': {
      if (isFinished(stage.status)) refuse('stage_already_finished', `${stage.name} is already finished.`);
      if (spec.skippable === false) refuse('stage_not_skippable', `${stage.name} cannot be skipped: the onboarding process requires it.`);
      const reason = input.reason?.trim();
      if (!reason) throw new DomainError('invalid', 'skip_reason_required', 'Say why the stage is skipped.');
      next = { ...stage, status: 'skipped', actualEnd: input.on, waitingSince: null, skipReason: reason };
      break;
    }
    case 'reopen': {
      if (!isFinished(stage.status)) refuse('stage_not_finished', `${stage.name} is not finished.`);
      const moved = template.stages.filter((s) => predecessorsOf(template, s.key).includes(key) || (s.entryCriteria ?? []).concat(s.exitCriteria ?? []).some((c) => c.stage === key));
      const progressed = moved.map((s) => journey.stages.find((j) => j.key === s.key)).filter((s): s is StageState => !!s && s.status !== 'not_started');
      if (progressed.length > 0) refuse('later_stage_progressed', `Reopen ${progressed.map((s) => s.name).join(', ')} first: ${progressed.length === 1 ? 'it depends' : 'they depend'} on ${stage.name}.`);
      // Reopening a stage skipped before it started starts it: it needs what starting needs (with
      // no override: finish the earlier stages first, then reopen).
      if (!stage.actualStart) {
        const unmet = gates.evaluate(entryConditions(template, journey, key), { journey, stage, facts });
        if (unmet.length > 0) throw new DomainError('conflict', 'gate_not_met', `${stage.name} cannot reopen yet: ${unmet.map((u) => u.message).join(' ')}`, { stage: key, unmet });
      }
      next = { ...stage, status: 'in_progress', actualStart: stage.actualStart ?? input.on, actualEnd: null, skipReason: null };
      break;
    }
    case 'wait_nhs_england':
    case 'wait_provider':
    case 'block': {
      const status: StageStatus = input.action === 'block' ? 'blocked' : input.action === 'wait_provider' ? 'waiting_provider' : 'waiting_nhs_england';
      if (stage.status === 'not_started' || isFinished(stage.status)) refuse('stage_not_in_progress', `${stage.name} must be in progress to ${input.action === 'block' ? 'be blocked' : 'wait on someone'}.`);
      if (stage.status === status) refuse('stage_status_unchanged', `${stage.name} is already ${status.replace(/_/g, ' ')}.`);
      next = { ...stage, status, waitingSince: status === 'blocked' ? null : input.on };
      break;
    }
    case 'resume':
      if (stage.status !== 'blocked' && !WAITING.includes(stage.status)) refuse('stage_not_paused', `${stage.name} is neither waiting nor blocked.`);
      next = { ...stage, status: 'in_progress', waitingSince: null };
      break;
  }
  const stages = journey.stages.map((s, i) => (i === index ? next : s));
  return { stages, stage: next, overridden };
}

/**
 * What would stop a stage starting or completing now, for showing before anyone clicks. Empty
 * lists when nothing would (or when the action no longer applies).
 */
export function stageReadiness(
  journey: JourneyState,
  template: JourneyTemplate,
  key: string,
  gates: GateRegistry,
  facts: Readonly<Record<string, unknown>> = {},
): { toStart: UnmetCriterion[]; toComplete: UnmetCriterion[] } {
  const stage = journey.stages.find((s) => s.key === key);
  if (!stage || journey.withdrawn || isFinished(stage.status)) return { toStart: [], toComplete: [] };
  const spec = templateStage(template, key);
  const entry = stage.status === 'not_started' ? entryConditions(template, journey, key) : [];
  const context = { journey, stage, facts };
  return {
    toStart: stage.status === 'not_started' ? gates.evaluate(entry, context) : [],
    toComplete: gates.evaluate([...entry, ...(spec.exitCriteria ?? [])], context),
  };
}

export function chooseRoute(template: JourneyTemplate, stage: StageState, route: string | null): StageState {
  const routes = templateStage(template, stage.key).routes ?? [];
  if (route !== null && !routes.some((r) => r.key === route)) {
    throw new DomainError('invalid', 'unknown_route', routes.length ? `Route must be one of: ${routes.map((r) => r.key).join(', ')}.` : `${stage.name} has no alternative routes.`);
  }
  if (isFinished(stage.status)) refuse('stage_already_finished', `${stage.name} is finished: reopen it to change its route.`);
  return { ...stage, route };
}

export function setChecklistItem(stage: StageState, itemKey: string, done: boolean, on: CivilDate): StageState {
  if (!stage.checklist.some((item) => item.key === itemKey)) throw new DomainError('not_found', 'checklist_item_not_found', `${stage.name} has no checklist item "${itemKey}".`);
  if (isFinished(stage.status)) refuse('stage_already_finished', `${stage.name} is finished: reopen it to change its checklist.`);
  return { ...stage, checklist: stage.checklist.map((item) => (item.key === itemKey ? { ...item, done, doneOn: done ? on : null } : item)) };
}

/** The journey's status, from its stages (withdrawal is the one status set by hand). */
export function deriveJourneyStatus(template: JourneyTemplate, journey: Pick<JourneyState, 'withdrawn' | 'stages'>): JourneyStatus {
  if (journey.withdrawn) return 'withdrawn';
  const live = template.stages.find((s) => s.milestone === 'live');
  if (live && journey.stages.find((s) => s.key === live.key)?.status === 'done') return 'live';
  if (journey.stages.some((s) => s.status === 'blocked')) return 'blocked';
  if (journey.stages.some((s) => s.status !== 'not_started')) return 'in_progress';
  return 'not_started';
}

/** The stage a portfolio cell names: the first unfinished stage of the main track, else the last one. */
export function currentStage(template: JourneyTemplate, stages: readonly StageState[]): StageState {
  const byKey = new Map(stages.map((s) => [s.key, s]));
  const main = template.stages.filter((s) => !s.track).map((s) => byKey.get(s.key)).filter((s): s is StageState => !!s);
  return main.find((s) => !isFinished(s.status)) ?? main[main.length - 1] ?? stages[stages.length - 1];
}

export interface TemplateUpgrade {
  readonly stages: StageState[];
  readonly added: string[];
  readonly removed: string[];
}

/**
 * Moves a journey to another template version: stages that still exist keep their state (and the
 * done flags of checklist items that still exist); new stages start fresh; removed ones are
 * reported so the caller can record them.
 */
export function upgradeStages(stages: readonly StageState[], to: JourneyTemplate): TemplateUpgrade {
  const byKey = new Map(stages.map((s) => [s.key, s]));
  const added: string[] = [];
  const next = to.stages.map((spec) => {
    const fresh = instantiateStage(spec);
    const old = byKey.get(spec.key);
    if (!old) {
      added.push(spec.key);
      return fresh;
    }
    const oldItems = new Map(old.checklist.map((item) => [item.key, item]));
    const routeStillExists = !old.route || (spec.routes ?? []).some((r) => r.key === old.route);
    return {
      ...old,
      name: spec.name,
      route: routeStillExists ? old.route : null,
      // A stage that gains an SLA in the new version gets its clock; a figure set on the journey stays.
      slaWorkingDays: old.slaWorkingDays ?? fresh.slaWorkingDays,
      checklist: fresh.checklist.map((item) => {
        const before = oldItems.get(item.key);
        return before ? { ...item, done: before.done, doneOn: before.doneOn } : item;
      }),
    };
  });
  const kept = new Set(to.stages.map((s) => s.key));
  return { stages: next, added, removed: stages.filter((s) => !kept.has(s.key)).map((s) => s.key) };
}
