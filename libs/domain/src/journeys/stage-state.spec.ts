import fc from 'fast-check';
import { DomainError, type DomainErrorKind } from '../errors/domain-error';
import { builtInGates, requiredChecklist, type GateRegistry } from './gates';
import {
  applyStageAction,
  chooseRoute,
  currentStage,
  deriveJourneyStatus,
  instantiateStage,
  instantiateStages,
  setChecklistItem,
  STAGE_ACTIONS,
  upgradeStages,
  type JourneyState,
  type StageAction,
  type StageActionInput,
  type StageState,
  type StageStatus,
} from './stage-state';
import { findTemplate, type JourneyTemplate, type StageTemplate } from './templates';

const IM1 = findTemplate('im1', 1)!;
const THREE_GATES = findTemplate('gpc_three_gates', 1)!;
const STRUCTURED = findTemplate('gpc_structured', 1)!;
const gates = builtInGates();
const TODAY = '2026-11-23'; // a Monday
const EARLIER = '2026-11-02';

/** A stage status, or explicit fields. 'done' also ticks the checklist (and picks the first route). */
type Patch = StageStatus | Partial<StageState>;

function patchStage(stage: StageState, patch: Patch): StageState {
  if (typeof patch !== 'string') return { ...stage, ...patch };
  switch (patch) {
    case 'not_started':
      return stage;
    case 'done': {
      const route = stage.checklist.find((i) => i.route)?.route ?? null;
      return { ...stage, status: 'done', route, actualStart: EARLIER, actualEnd: EARLIER, checklist: stage.checklist.map((i) => ({ ...i, done: true, doneOn: EARLIER })) };
    }
    case 'skipped':
      return { ...stage, status: 'skipped', actualEnd: EARLIER, skipReason: 'Not needed' };
    case 'waiting_nhs_england':
    case 'waiting_provider':
      return { ...stage, status: patch, actualStart: EARLIER, waitingSince: EARLIER };
    default:
      return { ...stage, status: patch, actualStart: EARLIER };
  }
}

function journeyOf(template: JourneyTemplate, patches: Record<string, Patch> = {}, extra: Partial<JourneyState> = {}): JourneyState {
  const unknown = Object.keys(patches).filter((k) => !template.stages.some((s) => s.key === k));
  if (unknown.length) throw new Error(`no such stages: ${unknown.join(', ')}`);
  return { withdrawn: false, openBlockers: [], ...extra, stages: instantiateStages(template).map((s) => (patches[s.key] ? patchStage(s, patches[s.key]) : s)) };
}

/** Every stage before `key` (in template order) done. */
function doneBefore(template: JourneyTemplate, key: string): Record<string, Patch> {
  const index = template.stages.findIndex((s) => s.key === key);
  return Object.fromEntries(template.stages.slice(0, index).map((s) => [s.key, 'done' as Patch]));
}

const ticked = (stage: StageState): Partial<StageState> => ({ checklist: stage.checklist.map((i) => ({ ...i, done: true, doneOn: EARLIER })) });
const templateStage = (template: JourneyTemplate, key: string) => template.stages.find((s) => s.key === key)!;
const freshStage = (template: JourneyTemplate, key: string) => instantiateStage(templateStage(template, key));
const stageIn = (journey: Pick<JourneyState, 'stages'>, key: string) => journey.stages.find((s) => s.key === key)!;

interface ActOptions extends Partial<Omit<StageActionInput, 'action'>> {
  template?: JourneyTemplate;
  registry?: GateRegistry;
  facts?: Record<string, unknown>;
}

function act(journey: JourneyState, key: string, action: StageAction, options: ActOptions = {}) {
  const { template = IM1, registry = gates, facts, ...input } = options;
  return applyStageAction(journey, template, key, { action, on: TODAY, today: TODAY, ...input }, registry, facts);
}

function refusal(run: () => unknown, kind: DomainErrorKind, code: string): DomainError {
  try {
    run();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect({ kind: error.kind, code: error.code }).toEqual({ kind, code });
    return error;
  }
  throw new Error(`expected a ${kind} DomainError "${code}"`);
}

const unmetOf = (error: DomainError) => (error.details as { unmet: { kind: string; message: string }[] }).unmet;

describe('instantiateStages', () => {
  it('starts every stage of the template fresh, in template order', () => {
    const stages = instantiateStages(IM1);
    expect(stages.map((s) => s.key)).toEqual(IM1.stages.map((s) => s.key));
    for (const stage of stages) {
      expect(stage).toMatchObject({ status: 'not_started', plannedStart: null, plannedEnd: null, pinned: false, actualStart: null, actualEnd: null, waitingSince: null, route: null, skipReason: null });
      expect(stage.checklist.every((i) => !i.done && i.doneOn === null)).toBe(true);
    }
    expect(stageIn({ stages }, 'assurance').durationWorkingDays).toBe(30);
  });

  it('copies durations, SLAs and checklist items, filling in artefact and route', () => {
    const gate3 = freshStage(THREE_GATES, 'gate_3');
    expect(gate3.slaWorkingDays).toBe(3);
    expect(freshStage(THREE_GATES, 'development').slaWorkingDays).toBeNull();
    expect(freshStage(IM1, 'assurance').checklist).toEqual([
      { key: 'scal_agreed', label: 'SCAL agreed by NHS England', artefact: true, route: null, done: false, doneOn: null },
      { key: 'test_evidence_agreed', label: 'Test evidence agreed', artefact: true, route: 'test_evidence', done: false, doneOn: null },
      { key: 'witness_test_passed', label: 'Witness test undertaken, scripts with actual results', artefact: true, route: 'witness_test', done: false, doneOn: null },
      { key: 'assurance_accepted', label: 'Assurance accepted', artefact: false, route: null, done: false, doneOn: null },
    ]);
  });
});

describe('start', () => {
  it('starts the first stage, on the day given, without touching the other stages or the input', () => {
    const journey = journeyOf(IM1);
    const before = structuredClone(journey);
    const result = act(journey, 'prerequisites', 'start', { on: '2026-11-16' });
    expect(result.stage).toEqual({ ...stageIn(journey, 'prerequisites'), status: 'in_progress', actualStart: '2026-11-16' });
    expect(stageIn(result, 'prerequisites')).toBe(result.stage);
    expect(result.overridden).toEqual([]);
    result.stages.slice(1).forEach((s, i) => expect(s).toBe(journey.stages[i + 1]));
    expect(journey).toEqual(before);
  });

  it('needs the previous stage done or skipped, and says so as a conflict listing every unmet criterion', () => {
    const error = refusal(() => act(journeyOf(IM1, { prerequisites: 'in_progress' }), 'stage_one_scal', 'start'), 'conflict', 'gate_not_met');
    expect(error.details).toEqual({ stage: 'stage_one_scal', unmet: [{ kind: 'stage_finished', message: 'Prerequisites and use case must be done or skipped first.' }] });
    expect(error.message).toBe('Stage-one SCAL and compatibility cannot start yet: Prerequisites and use case must be done or skipped first.');

    expect(act(journeyOf(IM1, { prerequisites: 'done' }), 'stage_one_scal', 'start').stage.status).toBe('in_progress');
    expect(act(journeyOf(IM1, { ...doneBefore(IM1, 'unsupported_test'), unsupported_test: 'skipped' }), 'supported_test', 'start').stage.status).toBe('in_progress');
  });

  it('lists both the predecessor and the entry criterion when RTC starts before assurance is done', () => {
    const journey = journeyOf(IM1, { ...doneBefore(IM1, 'assurance'), assurance: 'in_progress' });
    const error = refusal(() => act(journey, 'rtc', 'start'), 'conflict', 'gate_not_met');
    expect(unmetOf(error)).toEqual([
      { kind: 'stage_finished', message: 'Assurance must be done or skipped first.' },
      { kind: 'stage_done', message: 'Assurance must be done first.' },
    ]);
  });

  it('runs the Structured clinical track beside the gates, and holds Technical Conformance for it', () => {
    // The clinical track follows the use case, not the prerequisites.
    expect(act(journeyOf(STRUCTURED, { use_case: 'done' }), 'clinical_initial_meeting', 'start', { template: STRUCTURED }).stage.status).toBe('in_progress');

    const gatesDone = doneBefore(STRUCTURED, 'clinical_initial_meeting');
    const waiting = journeyOf(STRUCTURED, { ...gatesDone, clinical_initial_meeting: 'done', clinical_readiness_review: 'done', clinical_deployment_evaluation: 'in_progress' });
    const error = refusal(() => act(waiting, 'technical_conformance', 'start', { template: STRUCTURED }), 'conflict', 'gate_not_met');
    expect(unmetOf(error)).toEqual([{ kind: 'stage_finished', message: 'Clinical: evaluation of readiness for deployment must be done or skipped first.' }]);

    const neither = journeyOf(STRUCTURED, { ...gatesDone, gate_4: 'in_progress' });
    expect(unmetOf(refusal(() => act(neither, 'technical_conformance', 'start', { template: STRUCTURED }), 'conflict', 'gate_not_met')).map((u) => u.message)).toEqual([
      'Gate 4: provider testing via INT must be done or skipped first.',
      'Clinical: evaluation of readiness for deployment must be done or skipped first.',
    ]);

    const both = journeyOf(STRUCTURED, { ...gatesDone, clinical_initial_meeting: 'done', clinical_readiness_review: 'done', clinical_deployment_evaluation: 'done' });
    expect(act(both, 'technical_conformance', 'start', { template: STRUCTURED }).stage.status).toBe('in_progress');
  });

  it('does not let a stage skipped ahead of time open the way past unfinished work before it', () => {
    // Unsupported and supported testing may be skipped up front; assurance must still wait for the MIL.
    const journey = journeyOf(IM1, { prerequisites: 'done', stage_one_scal: 'done', mil: 'in_progress', unsupported_test: 'skipped', supported_test: 'skipped' });
    const error = refusal(() => act(journey, 'assurance', 'start'), 'conflict', 'gate_not_met');
    expect(unmetOf(error)).toEqual([{ kind: 'stage_finished', message: 'Model Interface Licence must be done or skipped first.' }]);
    const milDone = journeyOf(IM1, { ...doneBefore(IM1, 'unsupported_test'), unsupported_test: 'skipped', supported_test: 'skipped' });
    expect(act(milDone, 'assurance', 'start').stage.status).toBe('in_progress');
  });

  it.each(['in_progress', 'waiting_nhs_england', 'waiting_provider', 'blocked', 'done', 'skipped'] as const)('refuses to start a stage that is %s', (status) => {
    refusal(() => act(journeyOf(IM1, { prerequisites: status }), 'prerequisites', 'start'), 'unprocessable', 'stage_already_started');
  });

  it('lets an override with a justification through, returning what it overrode', () => {
    const journey = journeyOf(IM1);
    const result = act(journey, 'mil', 'start', { override: { justification: 'Provider signed the MIL before the SCAL review' } });
    expect(result.stage.status).toBe('in_progress');
    expect(result.overridden).toEqual([{ kind: 'stage_finished', message: 'Stage-one SCAL and compatibility must be done or skipped first.' }]);
  });

  it.each(['', '   '])('does not take an override with an empty justification (%j)', (justification) => {
    refusal(() => act(journeyOf(IM1), 'mil', 'start', { override: { justification } }), 'conflict', 'gate_not_met');
  });

  it('refuses dates in the future and unknown stages', () => {
    const error = refusal(() => act(journeyOf(IM1), 'prerequisites', 'start', { on: '2026-11-24' }), 'invalid', 'date_in_future');
    expect(error.message).toMatch(/2026-11-24/);
    refusal(() => act(journeyOf(IM1), 'gate_9', 'start'), 'not_found', 'stage_not_found');
  });
});

describe('complete', () => {
  it('needs every checklist item done', () => {
    const journey = journeyOf(IM1, { prerequisites: 'in_progress' });
    const error = refusal(() => act(journey, 'prerequisites', 'complete'), 'conflict', 'gate_not_met');
    expect(unmetOf(error)).toEqual([{ kind: 'checklist_complete', message: 'Checklist items not done: Prerequisites form submitted; Prerequisites confirmed by NHS England.' }]);
    expect(error.message).toMatch(/^Prerequisites and use case cannot complete yet: /);

    const ready = journeyOf(IM1, { prerequisites: { status: 'in_progress', actualStart: EARLIER, ...ticked(freshStage(IM1, 'prerequisites')) } });
    const result = act(ready, 'prerequisites', 'complete');
    expect(result.stage).toMatchObject({ status: 'done', actualStart: EARLIER, actualEnd: TODAY });
    expect(result.overridden).toEqual([]);
  });

  it('checks the entry criteria too when a stage is completed without having been started', () => {
    const journey = journeyOf(IM1, { prerequisites: 'in_progress', stage_one_scal: ticked(freshStage(IM1, 'stage_one_scal')) });
    expect(unmetOf(refusal(() => act(journey, 'stage_one_scal', 'complete'), 'conflict', 'gate_not_met'))).toEqual([
      { kind: 'stage_finished', message: 'Prerequisites and use case must be done or skipped first.' },
    ]);
    const ready = journeyOf(IM1, { prerequisites: 'done', stage_one_scal: ticked(freshStage(IM1, 'stage_one_scal')) });
    expect(act(ready, 'stage_one_scal', 'complete', { on: '2026-11-20' }).stage).toMatchObject({ status: 'done', actualStart: '2026-11-20', actualEnd: '2026-11-20' });
  });

  describe('assurance', () => {
    const assurance = freshStage(IM1, 'assurance');
    const tick = (keys: string[]) => assurance.checklist.map((i) => (keys.includes(i.key) ? { ...i, done: true, doneOn: EARLIER } : i));
    const withAssurance = (patch: Partial<StageState>) => journeyOf(IM1, { ...doneBefore(IM1, 'assurance'), assurance: { status: 'in_progress', actualStart: EARLIER, ...patch } });

    it('needs a route chosen', () => {
      const error = refusal(() => act(withAssurance({ checklist: tick(['scal_agreed', 'test_evidence_agreed', 'witness_test_passed', 'assurance_accepted']) }), 'assurance', 'complete'), 'conflict', 'gate_not_met');
      expect(unmetOf(error)).toEqual([{ kind: 'route_chosen', message: 'Choose the assurance route (test evidence or witness test) first.' }]);
    });

    it('needs only the checklist items of the route taken', () => {
      const evidence = withAssurance({ route: 'test_evidence', checklist: tick(['scal_agreed', 'test_evidence_agreed', 'assurance_accepted']) });
      expect(act(evidence, 'assurance', 'complete').stage.status).toBe('done');

      const witness = withAssurance({ route: 'witness_test', checklist: tick(['scal_agreed', 'test_evidence_agreed', 'assurance_accepted']) });
      expect(unmetOf(refusal(() => act(witness, 'assurance', 'complete'), 'conflict', 'gate_not_met'))).toEqual([
        { kind: 'checklist_complete', message: 'Checklist items not done: Witness test undertaken, scripts with actual results.' },
      ]);
    });

    it('needs no open blocking item on the stage', () => {
      const ready = { route: 'witness_test', checklist: tick(['scal_agreed', 'witness_test_passed', 'assurance_accepted']) };
      const blocked = { ...withAssurance(ready), openBlockers: [{ stageKey: 'assurance', title: 'Penetration-test mitigation report' }] };
      expect(unmetOf(refusal(() => act(blocked, 'assurance', 'complete'), 'conflict', 'gate_not_met'))).toEqual([
        { kind: 'no_open_blockers', message: 'Open blocking items on this stage: Penetration-test mitigation report.' },
      ]);
      const elsewhere = { ...withAssurance(ready), openBlockers: [{ stageKey: 'live', title: 'Rollout plan' }, { stageKey: null, title: 'General question' }] };
      expect(act(elsewhere, 'assurance', 'complete').stage.status).toBe('done');
    });

    it('lists every unmet criterion at once', () => {
      const journey = { ...withAssurance({}), openBlockers: [{ stageKey: 'assurance', title: 'DSA' }] };
      expect(unmetOf(refusal(() => act(journey, 'assurance', 'complete'), 'conflict', 'gate_not_met')).map((u) => u.kind)).toEqual(['route_chosen', 'checklist_complete', 'no_open_blockers']);
    });
  });

  it('issues RTC only once assurance is done', () => {
    const rtc = { status: 'in_progress' as const, actualStart: EARLIER, ...ticked(freshStage(IM1, 'rtc')) };
    const early = journeyOf(IM1, { ...doneBefore(IM1, 'assurance'), assurance: 'in_progress', rtc });
    expect(unmetOf(refusal(() => act(early, 'rtc', 'complete'), 'conflict', 'gate_not_met'))).toEqual([{ kind: 'stage_done', message: 'Assurance must be done first.' }]);
    // Assurance cannot be skipped out of the way either.
    refusal(() => act(early, 'assurance', 'skip', { reason: 'Provider agreed' }), 'unprocessable', 'stage_not_skippable');
    expect(act(journeyOf(IM1, { ...doneBefore(IM1, 'rtc'), rtc }), 'rtc', 'complete').stage.status).toBe('done');
  });

  it('goes live only once Plan to Connect is done', () => {
    const live = { status: 'in_progress' as const, actualStart: EARLIER, ...ticked(freshStage(IM1, 'live')) };
    const early = journeyOf(IM1, { ...doneBefore(IM1, 'ptc'), ptc: 'in_progress', live });
    expect(unmetOf(refusal(() => act(early, 'live', 'complete'), 'conflict', 'gate_not_met'))).toEqual([{ kind: 'stage_done', message: 'Plan to Connect must be done first.' }]);
    refusal(() => act(early, 'ptc', 'skip', { reason: 'Provider says not needed' }), 'unprocessable', 'stage_not_skippable');
    expect(act(journeyOf(IM1, { ...doneBefore(IM1, 'live'), live }), 'live', 'complete').stage.status).toBe('done');
  });

  it('completes despite unmet criteria with an overriding justification, and returns them', () => {
    const journey = journeyOf(IM1, { prerequisites: 'in_progress' });
    const result = act(journey, 'prerequisites', 'complete', { override: { justification: 'Form accepted by email; checklist to follow' } });
    expect(result.stage.status).toBe('done');
    expect(result.overridden).toEqual([{ kind: 'checklist_complete', message: 'Checklist items not done: Prerequisites form submitted; Prerequisites confirmed by NHS England.' }]);
    refusal(() => act(journey, 'prerequisites', 'complete', { override: { justification: ' ' } }), 'conflict', 'gate_not_met');
    // With nothing unmet, an override overrides nothing.
    const ready = journeyOf(IM1, { prerequisites: { status: 'in_progress', actualStart: EARLIER, ...ticked(freshStage(IM1, 'prerequisites')) } });
    expect(act(ready, 'prerequisites', 'complete', { override: { justification: 'just in case' } }).overridden).toEqual([]);
  });

  it('stops the SLA clock of a waiting stage', () => {
    const journey = journeyOf(THREE_GATES, { ...doneBefore(THREE_GATES, 'gate_1'), gate_1: { ...patchStage(freshStage(THREE_GATES, 'gate_1'), 'waiting_nhs_england'), ...ticked(freshStage(THREE_GATES, 'gate_1')) } });
    expect(act(journey, 'gate_1', 'complete', { template: THREE_GATES }).stage).toMatchObject({ status: 'done', waitingSince: null, actualEnd: TODAY });
  });

  it.each(['done', 'skipped'] as const)('refuses to complete a stage already %s', (status) => {
    refusal(() => act(journeyOf(IM1, { unsupported_test: status }), 'unsupported_test', 'complete'), 'unprocessable', 'stage_already_finished');
  });

  it('refuses a date before the stage started', () => {
    const journey = journeyOf(IM1, { prerequisites: { status: 'in_progress', actualStart: '2026-11-10', ...ticked(freshStage(IM1, 'prerequisites')) } });
    refusal(() => act(journey, 'prerequisites', 'complete', { on: '2026-11-09' }), 'invalid', 'date_before_start');
    expect(act(journey, 'prerequisites', 'complete', { on: '2026-11-10' }).stage.actualEnd).toBe('2026-11-10');
  });
});

describe('skip', () => {
  const journey = journeyOf(IM1, doneBefore(IM1, 'unsupported_test'));

  it.each([undefined, null, '', '   '])('needs a reason (%j)', (reason) => {
    refusal(() => act(journey, 'unsupported_test', 'skip', { reason }), 'invalid', 'skip_reason_required');
  });

  it('records the trimmed reason and the day', () => {
    const result = act(journey, 'unsupported_test', 'skip', { reason: '  PIP work done on an earlier pairing  ', on: '2026-11-20' });
    expect(result.stage).toMatchObject({ status: 'skipped', skipReason: 'PIP work done on an earlier pairing', actualEnd: '2026-11-20', actualStart: null, waitingSince: null });
  });

  it('skips a waiting stage and stops its clock', () => {
    const waiting = journeyOf(IM1, { ...doneBefore(IM1, 'supported_test'), supported_test: 'waiting_provider' });
    expect(act(waiting, 'supported_test', 'skip', { reason: 'Provider waived the STE' }).stage).toMatchObject({ status: 'skipped', waitingSince: null });
  });

  it.each(IM1.stages.filter((s) => s.skippable === false).map((s) => s.key))('refuses to skip %s, which the process cannot do without (even with an override)', (key) => {
    const error = refusal(() => act(journeyOf(IM1, doneBefore(IM1, key)), key, 'skip', { reason: 'In a hurry', override: { justification: 'Really' } }), 'unprocessable', 'stage_not_skippable');
    expect(error.message).toMatch(/cannot be skipped/);
  });

  it.each(['done', 'skipped'] as const)('refuses to skip a stage already %s', (status) => {
    refusal(() => act(journeyOf(IM1, { unsupported_test: status }), 'unsupported_test', 'skip', { reason: 'x' }), 'unprocessable', 'stage_already_finished');
  });
});

describe('reopen', () => {
  it('reopens a finished stage whose dependants have not progressed, keeping its start, route and checklist', () => {
    const journey = journeyOf(IM1, doneBefore(IM1, 'rtc'));
    const result = act(journey, 'assurance', 'reopen');
    expect(result.stage).toEqual({ ...stageIn(journey, 'assurance'), status: 'in_progress', actualEnd: null });
    expect(result.stage.route).toBe('test_evidence');
  });

  it('reopens a skipped stage, starting it on the day and forgetting the reason', () => {
    const journey = journeyOf(IM1, { ...doneBefore(IM1, 'unsupported_test'), unsupported_test: 'skipped' });
    expect(act(journey, 'unsupported_test', 'reopen', { on: '2026-11-19' }).stage).toMatchObject({ status: 'in_progress', actualStart: '2026-11-19', actualEnd: null, skipReason: null });
  });

  it('reopens a stage skipped ahead of time only once what it follows is finished (it starts it)', () => {
    const ahead = journeyOf(IM1, { prerequisites: 'in_progress', supported_test: 'skipped' });
    const error = refusal(() => act(ahead, 'supported_test', 'reopen'), 'conflict', 'gate_not_met');
    expect(error.message).toBe('Supported testing cannot reopen yet: PIP unsupported testing must be done or skipped first.');
    const ready = journeyOf(IM1, { ...doneBefore(IM1, 'supported_test'), supported_test: 'skipped' });
    expect(act(ready, 'supported_test', 'reopen').stage.status).toBe('in_progress');
  });

  it.each(['not_started', 'in_progress', 'waiting_provider', 'blocked'] as const)('refuses to reopen a stage that is %s', (status) => {
    refusal(() => act(journeyOf(IM1, { mil: status }), 'mil', 'reopen'), 'unprocessable', 'stage_not_finished');
  });

  it('is refused while the next stage has progressed', () => {
    for (const status of ['in_progress', 'waiting_nhs_england', 'blocked', 'done', 'skipped'] as const) {
      const journey = journeyOf(IM1, { ...doneBefore(IM1, 'unsupported_test'), unsupported_test: status });
      const error = refusal(() => act(journey, 'mil', 'reopen'), 'unprocessable', 'later_stage_progressed');
      expect(error.message).toBe('Reopen PIP unsupported testing first: it depends on Model Interface Licence.');
    }
  });

  it('is refused while a stage whose criteria name it has progressed', () => {
    // Enabled in live needs the Connection Agreement done, though it follows Technical Conformance.
    const journey = journeyOf(THREE_GATES, { ...doneBefore(THREE_GATES, 'technical_conformance'), live: 'in_progress' });
    const error = refusal(() => act(journey, 'connection_agreement', 'reopen', { template: THREE_GATES }), 'unprocessable', 'later_stage_progressed');
    expect(error.message).toBe('Reopen Enabled in live first: it depends on Connection Agreement signed.');
  });

  it('follows parallel tracks: names every dependant, and waits for Technical Conformance to be reopened', () => {
    const journey = journeyOf(STRUCTURED, { use_case: 'done', prerequisites: 'in_progress', clinical_initial_meeting: 'in_progress' });
    expect(refusal(() => act(journey, 'use_case', 'reopen', { template: STRUCTURED }), 'unprocessable', 'later_stage_progressed').message).toBe(
      'Reopen Prerequisites, Clinical: initial CSO meeting first: they depend on Use case approved.',
    );

    const all = { ...doneBefore(STRUCTURED, 'technical_conformance') };
    refusal(() => act(journeyOf(STRUCTURED, { ...all, technical_conformance: 'in_progress' }), 'clinical_deployment_evaluation', 'reopen', { template: STRUCTURED }), 'unprocessable', 'later_stage_progressed');
    expect(act(journeyOf(STRUCTURED, all), 'clinical_deployment_evaluation', 'reopen', { template: STRUCTURED }).stage.status).toBe('in_progress');
  });
});

describe('waiting, blocking and resuming', () => {
  const inProgress = journeyOf(IM1, { prerequisites: 'in_progress' });
  const withStatus = (status: StageStatus) => journeyOf(IM1, { prerequisites: status });

  it('waits on NHS England or the provider from the day given', () => {
    expect(act(inProgress, 'prerequisites', 'wait_nhs_england', { on: '2026-11-16' }).stage).toMatchObject({ status: 'waiting_nhs_england', waitingSince: '2026-11-16' });
    expect(act(inProgress, 'prerequisites', 'wait_provider').stage).toMatchObject({ status: 'waiting_provider', waitingSince: TODAY });
  });

  it('restarts the clock when the stage turns to wait on the other party', () => {
    const waiting = journeyOf(IM1, { prerequisites: { status: 'waiting_nhs_england', actualStart: EARLIER, waitingSince: '2026-11-09' } });
    expect(act(waiting, 'prerequisites', 'wait_provider', { on: '2026-11-18' }).stage).toMatchObject({ status: 'waiting_provider', waitingSince: '2026-11-18' });
  });

  it('blocks an in-progress or waiting stage, with no clock running', () => {
    expect(act(inProgress, 'prerequisites', 'block').stage).toMatchObject({ status: 'blocked', waitingSince: null });
    expect(act(withStatus('waiting_provider'), 'prerequisites', 'block').stage).toMatchObject({ status: 'blocked', waitingSince: null });
    expect(act(withStatus('blocked'), 'prerequisites', 'wait_nhs_england').stage).toMatchObject({ status: 'waiting_nhs_england', waitingSince: TODAY });
  });

  it.each(['waiting_nhs_england', 'waiting_provider', 'blocked'] as const)('resumes a stage that is %s', (status) => {
    expect(act(withStatus(status), 'prerequisites', 'resume').stage).toMatchObject({ status: 'in_progress', waitingSince: null, actualStart: EARLIER });
  });

  it.each([
    ['wait_nhs_england', 'not_started', 'stage_not_in_progress'],
    ['wait_provider', 'done', 'stage_not_in_progress'],
    ['block', 'not_started', 'stage_not_in_progress'],
    ['block', 'skipped', 'stage_not_in_progress'],
    ['wait_nhs_england', 'waiting_nhs_england', 'stage_status_unchanged'],
    ['wait_provider', 'waiting_provider', 'stage_status_unchanged'],
    ['block', 'blocked', 'stage_status_unchanged'],
    ['resume', 'in_progress', 'stage_not_paused'],
    ['resume', 'not_started', 'stage_not_paused'],
    ['resume', 'done', 'stage_not_paused'],
  ] as const)('refuses %s on a stage that is %s (%s)', (action, status, code) => {
    refusal(() => act(withStatus(status), 'prerequisites', action), 'unprocessable', code);
  });

  it('refuses dates in the future or before the stage started', () => {
    refusal(() => act(inProgress, 'prerequisites', 'wait_provider', { on: '2026-12-01' }), 'invalid', 'date_in_future');
    refusal(() => act(inProgress, 'prerequisites', 'block', { on: '2026-11-01' }), 'invalid', 'date_before_start');
  });
});

describe('withdrawn journeys', () => {
  const valid: Record<StageAction, [string, Record<string, Patch>, Partial<StageActionInput>]> = {
    start: ['prerequisites', {}, {}],
    complete: ['prerequisites', { prerequisites: { status: 'in_progress', actualStart: EARLIER, ...ticked(freshStage(IM1, 'prerequisites')) } }, {}],
    skip: ['unsupported_test', doneBefore(IM1, 'unsupported_test'), { reason: 'Not needed' }],
    reopen: ['prerequisites', { prerequisites: 'done' }, {}],
    wait_nhs_england: ['prerequisites', { prerequisites: 'in_progress' }, {}],
    wait_provider: ['prerequisites', { prerequisites: 'in_progress' }, {}],
    block: ['prerequisites', { prerequisites: 'in_progress' }, {}],
    resume: ['prerequisites', { prerequisites: 'blocked' }, {}],
  };

  it.each(STAGE_ACTIONS)('refuse %s, which an active journey would allow', (action) => {
    const [key, patches, input] = valid[action];
    expect(() => act(journeyOf(IM1, patches), key, action, input)).not.toThrow();
    refusal(() => act(journeyOf(IM1, patches, { withdrawn: true }), key, action, { ...input, override: { justification: 'Override' } }), 'unprocessable', 'journey_withdrawn');
  });
});

describe('gate conditions from features', () => {
  const safetyStage: StageTemplate = {
    key: 'safety_case',
    name: 'Clinical safety case',
    phase: 'Assurance',
    description: '',
    durationWorkingDays: 10,
    entryCriteria: [{ kind: 'cso_appointed' }],
    exitCriteria: [{ kind: 'hazard_log_signed_off' }],
    checklist: [],
  };
  const template: JourneyTemplate = { key: 'custom', version: 1, name: 'Custom', mechanisms: [], source: 'https://example.org', stages: [safetyStage] };
  const journey = journeyOf(template, { safety_case: 'in_progress' });

  it('fails closed on a condition kind nobody installed', () => {
    const error = refusal(() => act(journey, 'safety_case', 'complete', { template }), 'conflict', 'gate_not_met');
    expect(unmetOf(error)).toEqual([{ kind: 'hazard_log_signed_off', message: 'No rule is installed for the "hazard_log_signed_off" condition.' }]);
    refusal(() => act(journeyOf(template), 'safety_case', 'start', { template }), 'conflict', 'gate_not_met');
  });

  it('asks the installed evaluator, which reads the facts its feature supplies', () => {
    const registry = builtInGates()
      .register('cso_appointed', () => null)
      .register('hazard_log_signed_off', (_c, { facts }) => (facts.hazard_log_signed_off ? null : 'The hazard log is not signed off.'));
    expect(unmetOf(refusal(() => act(journey, 'safety_case', 'complete', { template, registry }), 'conflict', 'gate_not_met'))).toEqual([
      { kind: 'hazard_log_signed_off', message: 'The hazard log is not signed off.' },
    ]);
    expect(act(journey, 'safety_case', 'complete', { template, registry, facts: { hazard_log_signed_off: true } }).stage.status).toBe('done');
    expect(act(journeyOf(template), 'safety_case', 'start', { template, registry }).stage.status).toBe('in_progress');
  });
});

describe('chooseRoute', () => {
  const assurance = patchStage(freshStage(IM1, 'assurance'), 'in_progress');

  it('sets or clears one of the stage’s routes, keeping the checklist', () => {
    const withTicks = setChecklistItem(assurance, 'scal_agreed', true, EARLIER);
    const chosen = chooseRoute(IM1, withTicks, 'witness_test');
    expect(chosen).toEqual({ ...withTicks, route: 'witness_test' });
    expect(withTicks.route).toBeNull();
    expect(chooseRoute(IM1, chosen, 'test_evidence').route).toBe('test_evidence');
    expect(chooseRoute(IM1, chosen, null).route).toBeNull();
    // Routes can be chosen before the stage starts.
    expect(chooseRoute(IM1, freshStage(IM1, 'assurance'), 'test_evidence').route).toBe('test_evidence');
  });

  it('refuses a route the stage does not offer', () => {
    expect(refusal(() => chooseRoute(IM1, assurance, 'both'), 'invalid', 'unknown_route').message).toBe('Route must be one of: test_evidence, witness_test.');
    expect(refusal(() => chooseRoute(IM1, freshStage(IM1, 'mil'), 'witness_test'), 'invalid', 'unknown_route').message).toBe('Model Interface Licence has no alternative routes.');
  });

  it('refuses to change the route of a finished stage', () => {
    refusal(() => chooseRoute(IM1, patchStage(freshStage(IM1, 'assurance'), 'done'), 'witness_test'), 'unprocessable', 'stage_already_finished');
  });
});

describe('setChecklistItem', () => {
  const mil = patchStage(freshStage(IM1, 'mil'), 'in_progress');

  it('ticks an item on a day and unticks it', () => {
    const on = setChecklistItem(mil, 'mil_signed', true, '2026-11-20');
    expect(on.checklist.find((i) => i.key === 'mil_signed')).toMatchObject({ done: true, doneOn: '2026-11-20' });
    expect(on.checklist.find((i) => i.key === 'mock_api_access')).toMatchObject({ done: false, doneOn: null });
    expect(mil.checklist.every((i) => !i.done)).toBe(true);
    expect(setChecklistItem(on, 'mil_signed', false, TODAY).checklist.find((i) => i.key === 'mil_signed')).toMatchObject({ done: false, doneOn: null });
    // Items can be ticked before the stage starts.
    expect(setChecklistItem(freshStage(IM1, 'mil'), 'mil_signed', true, TODAY).checklist[0].done).toBe(true);
  });

  it('refuses an unknown item and a finished stage', () => {
    refusal(() => setChecklistItem(mil, 'rtc_letter', true, TODAY), 'not_found', 'checklist_item_not_found');
    refusal(() => setChecklistItem(patchStage(mil, 'done'), 'mil_signed', false, TODAY), 'unprocessable', 'stage_already_finished');
  });
});

describe('deriveJourneyStatus', () => {
  const status = (patches: Record<string, Patch>, withdrawn = false, template = IM1) => deriveJourneyStatus(template, { withdrawn, stages: journeyOf(template, patches).stages });

  it('is not started until a stage moves', () => {
    expect(status({})).toBe('not_started');
  });

  it.each(['in_progress', 'waiting_nhs_england', 'waiting_provider', 'done', 'skipped'] as const)('is in progress once a stage is %s', (s) => {
    expect(status({ unsupported_test: s })).toBe('in_progress');
  });

  it('is blocked while any stage is blocked', () => {
    expect(status({ ...doneBefore(IM1, 'supported_test'), supported_test: 'blocked' })).toBe('blocked');
    expect(status({ use_case: 'done', prerequisites: 'in_progress', clinical_initial_meeting: 'blocked' }, false, STRUCTURED)).toBe('blocked');
  });

  it('is live only when the live milestone stage is done, not at RTC', () => {
    expect(status(doneBefore(IM1, 'ptc'))).toBe('in_progress');
    expect(status({ ...doneBefore(IM1, 'live'), live: 'in_progress' })).toBe('in_progress');
    expect(status({ ...doneBefore(IM1, 'live'), live: 'done' })).toBe('live');
    // Live even if a leftover stage elsewhere is still marked blocked.
    expect(status({ ...doneBefore(STRUCTURED, 'live'), clinical_readiness_review: 'blocked', live: 'done' }, false, STRUCTURED)).toBe('live');
  });

  it('is withdrawn when withdrawn, whatever the stages say', () => {
    expect(status({}, true)).toBe('withdrawn');
    expect(status({ ...doneBefore(IM1, 'live'), live: 'done' }, true)).toBe('withdrawn');
  });
});

describe('currentStage', () => {
  const current = (template: JourneyTemplate, patches: Record<string, Patch>) => currentStage(template, journeyOf(template, patches).stages).key;

  it('is the first unfinished stage, counting skipped stages as finished', () => {
    expect(current(IM1, {})).toBe('prerequisites');
    expect(current(IM1, { ...doneBefore(IM1, 'unsupported_test'), unsupported_test: 'skipped' })).toBe('supported_test');
    expect(current(IM1, { ...doneBefore(IM1, 'live'), live: 'done' })).toBe('live');
  });

  it('returns the journey’s own stage state', () => {
    const stages = journeyOf(IM1, { prerequisites: 'waiting_provider' }).stages;
    expect(currentStage(IM1, stages)).toBe(stages[0]);
  });

  it('ignores the parallel clinical track', () => {
    expect(current(STRUCTURED, { use_case: 'done', clinical_initial_meeting: 'in_progress' })).toBe('prerequisites');
    const mainDone = doneBefore(STRUCTURED, 'clinical_initial_meeting');
    expect(current(STRUCTURED, { ...mainDone, clinical_initial_meeting: 'done' })).toBe('technical_conformance');
    expect(current(STRUCTURED, { use_case: 'done', clinical_initial_meeting: 'done', clinical_readiness_review: 'done', clinical_deployment_evaluation: 'done' })).toBe('prerequisites');
    // Every main-track stage finished: the last one, even with the clinical track unfinished.
    const allMain = Object.fromEntries(STRUCTURED.stages.filter((s) => !s.track).map((s) => [s.key, 'done' as Patch]));
    expect(current(STRUCTURED, allMain)).toBe('live');
  });
});

describe('upgradeStages', () => {
  const DSPT: StageTemplate = {
    key: 'dspt',
    name: 'DSPT submitted',
    phase: 'Initiation',
    description: 'Data Security and Protection Toolkit.',
    durationWorkingDays: 10,
    sla: { workingDays: 5, waitingOn: 'nhs_england', label: 'DSPT review', confirmed: false, source: 'https://example.org' },
    checklist: [{ key: 'dspt_published', label: 'DSPT published', artefact: true }],
  };
  // A synthetic second version: unsupported testing dropped, a DSPT stage added, a checklist item
  // swapped, the MIL renamed and the test-evidence route withdrawn.
  const IM1_V2: JourneyTemplate = {
    ...IM1,
    version: 2,
    stages: IM1.stages.flatMap((s): StageTemplate[] => {
      if (s.key === 'unsupported_test') return [];
      if (s.key === 'mil') return [{ ...s, name: 'Model Interface Licence (per provider)' }, DSPT];
      if (s.key === 'supported_test') return [{ ...s, checklist: [...s.checklist.filter((i) => i.key !== 'ste_access'), { key: 'pen_test', label: 'Penetration test report', artefact: true }] }];
      if (s.key === 'assurance') return [{ ...s, routes: s.routes!.filter((r) => r.key === 'witness_test'), checklist: s.checklist.filter((i) => i.route !== 'test_evidence') }];
      return [s];
    }),
  };

  const supported = freshStage(IM1, 'supported_test');
  const v1 = journeyOf(IM1, {
    ...doneBefore(IM1, 'unsupported_test'),
    unsupported_test: 'skipped',
    supported_test: {
      status: 'waiting_provider',
      actualStart: EARLIER,
      waitingSince: '2026-11-16',
      durationWorkingDays: 55,
      plannedStart: '2026-11-02',
      plannedEnd: '2027-01-29',
      pinned: true,
      checklist: supported.checklist.map((i) => (i.key === 'assurance_approach' ? i : { ...i, done: true, doneOn: '2026-11-10' })),
    },
    assurance: { route: 'test_evidence' },
  });

  it('keeps the state of surviving stages, adds new stages fresh and reports removed ones', () => {
    const upgrade = upgradeStages(v1.stages, IM1_V2);
    expect(upgrade.added).toEqual(['dspt']);
    expect(upgrade.removed).toEqual(['unsupported_test']);
    expect(upgrade.stages.map((s) => s.key)).toEqual(IM1_V2.stages.map((s) => s.key));
    expect(stageIn(upgrade, 'dspt')).toEqual(instantiateStage(DSPT));
    expect(stageIn(upgrade, 'prerequisites')).toEqual(stageIn(v1, 'prerequisites'));
    expect(stageIn(upgrade, 'mil')).toEqual({ ...stageIn(v1, 'mil'), name: 'Model Interface Licence (per provider)' });
  });

  it('keeps done flags of surviving checklist items, drops removed items and adds new ones undone', () => {
    const upgraded = stageIn(upgradeStages(v1.stages, IM1_V2), 'supported_test');
    const { checklist, ...rest } = upgraded;
    const { checklist: _old, ...oldRest } = stageIn(v1, 'supported_test');
    expect(rest).toEqual(oldRest);
    expect(checklist).toEqual([
      { key: 'ste_requested', label: 'STE requested with the fully completed SCAL', artefact: true, route: null, done: true, doneOn: '2026-11-10' },
      { key: 'assurance_approach', label: 'Assurance approach agreed with the provider', artefact: false, route: null, done: false, doneOn: null },
      { key: 'pen_test', label: 'Penetration test report', artefact: true, route: null, done: false, doneOn: null },
    ]);
  });

  it('clears a route the new version no longer offers, and keeps one it still does', () => {
    expect(stageIn(upgradeStages(v1.stages, IM1_V2), 'assurance').route).toBeNull();
    const witness = v1.stages.map((s) => (s.key === 'assurance' ? { ...s, route: 'witness_test' } : s));
    expect(stageIn(upgradeStages(witness, IM1_V2), 'assurance').route).toBe('witness_test');
    expect(stageIn(upgradeStages(witness, IM1_V2), 'assurance').checklist.map((i) => i.key)).toEqual(['scal_agreed', 'witness_test_passed', 'assurance_accepted']);
  });

  it('changes nothing when applied with the same version', () => {
    expect(upgradeStages(v1.stages, IM1)).toEqual({ stages: v1.stages, added: [], removed: [] });
  });
});

describe('a whole IM1 journey', () => {
  it('goes from not started to live through the actions alone', () => {
    let journey = journeyOf(IM1);
    expect(deriveJourneyStatus(IM1, journey)).toBe('not_started');
    for (const spec of IM1.stages) {
      if (spec.key === 'unsupported_test') {
        journey = { ...journey, stages: act(journey, spec.key, 'skip', { reason: 'PIP work reused' }).stages };
        continue;
      }
      journey = { ...journey, stages: act(journey, spec.key, 'start').stages };
      expect(currentStage(IM1, journey.stages).key).toBe(spec.key);
      let stage = stageIn(journey, spec.key);
      if (spec.routes) stage = chooseRoute(IM1, stage, 'witness_test');
      for (const item of requiredChecklist(stage)) stage = setChecklistItem(stage, item.key, true, TODAY);
      journey = { ...journey, stages: journey.stages.map((s) => (s.key === spec.key ? stage : s)) };
      const result = act(journey, spec.key, 'complete');
      expect(result.overridden).toEqual([]);
      journey = { ...journey, stages: result.stages };
      expect(deriveJourneyStatus(IM1, journey)).toBe(spec.milestone === 'live' ? 'live' : 'in_progress');
    }
    expect(stageIn(journey, 'assurance').checklist.find((i) => i.key === 'test_evidence_agreed')?.done).toBe(false);
  });
});

describe('stage engine properties', () => {
  const nonSkippable = IM1.stages.filter((s) => s.skippable === false).map((s) => s.key);
  // Mostly moves on the first unfinished stage (so that journeys do reach live), with random
  // actions on random stages mixed in.
  const step = fc.record({
    stage: fc.oneof({ weight: 3, arbitrary: fc.constant(-1) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: IM1.stages.length - 1 }) }),
    action: fc.oneof({ weight: 3, arbitrary: fc.constantFrom<StageAction>('start', 'complete') }, { weight: 2, arbitrary: fc.constantFrom(...STAGE_ACTIONS) }),
    tickAll: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    route: fc.constantFrom('test_evidence', 'witness_test'),
  });

  /** What must never happen without an override, in words. */
  function violations(journey: JourneyState): string[] {
    const found: string[] = [];
    // IM1 is one track: a stage that has started (skipping aside) has every earlier stage finished.
    journey.stages.forEach((s, i) => {
      if (s.status === 'not_started' || s.status === 'skipped') return;
      for (const before of journey.stages.slice(0, i)) if (before.status !== 'done' && before.status !== 'skipped') found.push(`${s.key} is ${s.status} while ${before.key} is ${before.status}`);
    });
    for (const key of nonSkippable) {
      const status = stageIn(journey, key).status;
      if (status === 'skipped') found.push(`${key} was skipped`);
      if (deriveJourneyStatus(IM1, journey) === 'live' && status !== 'done') found.push(`live while ${key} is ${status}`);
    }
    return found;
  }

  it('without overrides, never lets a stage progress before what it follows, nor the journey go live without every required stage done', () => {
    let wentLive = 0;
    fc.assert(
      fc.property(fc.array(step, { minLength: 20, maxLength: 100 }), (steps) => {
        let journey = journeyOf(IM1);
        for (const { stage: target, action, tickAll, route } of steps) {
          const frontier = journey.stages.findIndex((s) => s.status !== 'done' && s.status !== 'skipped');
          const index = target >= 0 ? target : Math.max(frontier, 0);
          const key = IM1.stages[index].key;
          if (tickAll) {
            const stage = stageIn(journey, key);
            if (stage.status !== 'done' && stage.status !== 'skipped') {
              let next = IM1.stages[index].routes ? chooseRoute(IM1, stage, route) : stage;
              for (const item of next.checklist) next = setChecklistItem(next, item.key, true, TODAY);
              journey = { ...journey, stages: journey.stages.map((s) => (s.key === key ? next : s)) };
            }
          }
          try {
            journey = { ...journey, stages: act(journey, key, action, { reason: 'Not needed' }).stages };
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
          }
          expect(violations(journey)).toEqual([]);
        }
        if (deriveJourneyStatus(IM1, journey) === 'live') wentLive++;
      }),
      { numRuns: 400 },
    );
    // The property is not vacuous: some of the random journeys went live.
    expect(wentLive).toBeGreaterThan(0);
  });
});
