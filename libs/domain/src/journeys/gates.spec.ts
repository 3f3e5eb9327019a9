import { builtInGates, GateRegistry, requiredChecklist, type GateCondition, type GateContext } from './gates';
import { instantiateStages, type JourneyState, type StageState, type StageStatus } from './stage-state';
import { findTemplate } from './templates';

const IM1 = findTemplate('im1', 1)!;

function journeyWith(statuses: Partial<Record<string, StageStatus>> = {}, openBlockers: JourneyState['openBlockers'] = []): JourneyState {
  return { withdrawn: false, openBlockers, stages: instantiateStages(IM1).map((s) => ({ ...s, status: statuses[s.key] ?? s.status })) };
}
const stageIn = (journey: JourneyState, key: string): StageState => journey.stages.find((s) => s.key === key)!;
const contextFor = (journey: JourneyState, key: string, facts: Record<string, unknown> = {}): GateContext => ({ journey, stage: stageIn(journey, key), facts });
const tick = (stage: StageState, keys: string[]): StageState => ({ ...stage, checklist: stage.checklist.map((i) => (keys.includes(i.key) ? { ...i, done: true, doneOn: '2026-11-02' } : i)) });

describe('GateRegistry', () => {
  it('evaluates conditions with the evaluator registered under their kind, and lists every unmet one in order', () => {
    const registry = new GateRegistry()
      .register('always', () => null)
      .register('never', (condition) => `never (${String(condition.why)})`);
    const context = contextFor(journeyWith(), 'mil');
    expect(registry.kinds()).toEqual(['always', 'never']);
    expect(registry.evaluate([], context)).toEqual([]);
    expect(registry.evaluate([{ kind: 'always' }], context)).toEqual([]);
    expect(registry.evaluate([{ kind: 'never', why: 'one' }, { kind: 'always' }, { kind: 'never', why: 'two' }], context)).toEqual([
      { kind: 'never', message: 'never (one)' },
      { kind: 'never', message: 'never (two)' },
    ]);
  });

  it('fails closed on a kind nobody registered, naming it', () => {
    const unmet = builtInGates().evaluate([{ kind: 'hazard_log_signed_off' }], contextFor(journeyWith(), 'mil'));
    expect(unmet).toEqual([{ kind: 'hazard_log_signed_off', message: expect.stringContaining('"hazard_log_signed_off"') }]);
  });

  it('refuses to register a kind twice', () => {
    expect(() => builtInGates().register('stage_done', () => null)).toThrow(/registered twice/);
  });

  it('lets a feature plug in its own kind, reading what it knows from the facts', () => {
    const registry = builtInGates().register('scal_agreed', (_condition, { facts }) => (facts.scal_agreed === true ? null : 'The SCAL is not agreed yet.'));
    const condition: GateCondition = { kind: 'scal_agreed' };
    expect(registry.evaluate([condition], contextFor(journeyWith(), 'assurance'))).toEqual([{ kind: 'scal_agreed', message: 'The SCAL is not agreed yet.' }]);
    expect(registry.evaluate([condition], contextFor(journeyWith(), 'assurance', { scal_agreed: true }))).toEqual([]);
  });
});

describe('built-in gate conditions', () => {
  const gates = builtInGates();

  it('registers the five kinds templates use', () => {
    expect(gates.kinds().sort()).toEqual(['checklist_complete', 'no_open_blockers', 'route_chosen', 'stage_done', 'stage_finished']);
  });

  it('stage_done holds only when the named stage is done, and says when it was skipped', () => {
    const condition: GateCondition = { kind: 'stage_done', stage: 'supported_test' };
    const check = (status: StageStatus) => gates.evaluate([condition], contextFor(journeyWith({ supported_test: status }), 'assurance'));
    expect(check('done')).toEqual([]);
    expect(check('in_progress')).toEqual([{ kind: 'stage_done', message: 'Supported testing must be done first.' }]);
    expect(check('skipped')).toEqual([{ kind: 'stage_done', message: 'Supported testing must be done first (it was skipped).' }]);
    // A stage the journey does not have is not done either.
    expect(gates.evaluate([{ kind: 'stage_done', stage: 'ghost' }], contextFor(journeyWith(), 'assurance'))).toEqual([{ kind: 'stage_done', message: 'ghost must be done first.' }]);
  });

  it('stage_finished holds when the named stage is done or skipped', () => {
    const condition: GateCondition = { kind: 'stage_finished', stage: 'unsupported_test' };
    const check = (status: StageStatus) => gates.evaluate([condition], contextFor(journeyWith({ unsupported_test: status }), 'supported_test'));
    expect(check('done')).toEqual([]);
    expect(check('skipped')).toEqual([]);
    for (const status of ['not_started', 'in_progress', 'waiting_provider', 'blocked'] as const) {
      expect(check(status)).toEqual([{ kind: 'stage_finished', message: 'PIP unsupported testing must be done or skipped first.' }]);
    }
  });

  it('checklist_complete lists the labels of the items still open', () => {
    const journey = journeyWith();
    const stage = stageIn(journey, 'stage_one_scal');
    const check = (s: StageState) => gates.evaluate([{ kind: 'checklist_complete' }], { journey, stage: s, facts: {} });
    expect(check(stage)).toEqual([
      { kind: 'checklist_complete', message: 'Checklist items not done: Stage-one SCAL submitted; NHS England confirmed viability/compatibility; Provider accepted the application.' },
    ]);
    expect(check(tick(stage, ['stage_one_scal', 'application_accepted']))[0].message).toBe('Checklist items not done: NHS England confirmed viability/compatibility.');
    expect(check(tick(stage, ['stage_one_scal', 'compatibility_confirmed', 'application_accepted']))).toEqual([]);
  });

  it('checklist_complete asks only for the items of the route taken', () => {
    const journey = journeyWith();
    const common = tick(stageIn(journey, 'assurance'), ['scal_agreed', 'assurance_accepted']);
    const check = (s: StageState) => gates.evaluate([{ kind: 'checklist_complete' }], { journey, stage: s, facts: {} });
    expect(check({ ...common, route: 'test_evidence' })[0].message).toBe('Checklist items not done: Test evidence agreed.');
    expect(check({ ...common, route: 'witness_test' })[0].message).toBe('Checklist items not done: Witness test undertaken, scripts with actual results.');
    expect(check(tick({ ...common, route: 'test_evidence' }, ['test_evidence_agreed']))).toEqual([]);
    expect(check(tick({ ...common, route: 'witness_test' }, ['witness_test_passed']))).toEqual([]);
  });

  it('route_chosen holds once a route is chosen', () => {
    const journey = journeyWith();
    const stage = stageIn(journey, 'assurance');
    expect(gates.evaluate([{ kind: 'route_chosen' }], { journey, stage, facts: {} })).toEqual([
      { kind: 'route_chosen', message: 'Choose the assurance route (test evidence or witness test) first.' },
    ]);
    expect(gates.evaluate([{ kind: 'route_chosen' }], { journey, stage: { ...stage, route: 'witness_test' }, facts: {} })).toEqual([]);
  });

  it("no_open_blockers counts only the stage's own open blocking items", () => {
    const journey = journeyWith({}, [
      { stageKey: 'assurance', title: 'Penetration-test mitigation report' },
      { stageKey: 'assurance', title: 'Data-sharing agreement' },
      { stageKey: 'mil', title: 'Licence redlines' },
      { stageKey: null, title: 'Journey-wide question' },
    ]);
    expect(gates.evaluate([{ kind: 'no_open_blockers' }], contextFor(journey, 'assurance'))).toEqual([
      { kind: 'no_open_blockers', message: 'Open blocking items on this stage: Penetration-test mitigation report; Data-sharing agreement.' },
    ]);
    expect(gates.evaluate([{ kind: 'no_open_blockers' }], contextFor(journey, 'rtc'))).toEqual([]);
  });
});

describe('requiredChecklist', () => {
  const assurance = instantiateStages(IM1).find((s) => s.key === 'assurance')!;

  it('leaves out the items of the route not taken (and of both routes before one is chosen)', () => {
    expect(requiredChecklist(assurance).map((i) => i.key)).toEqual(['scal_agreed', 'assurance_accepted']);
    expect(requiredChecklist({ ...assurance, route: 'test_evidence' }).map((i) => i.key)).toEqual(['scal_agreed', 'test_evidence_agreed', 'assurance_accepted']);
    expect(requiredChecklist({ ...assurance, route: 'witness_test' }).map((i) => i.key)).toEqual(['scal_agreed', 'witness_test_passed', 'assurance_accepted']);
  });

  it('requires every item of a stage without routes', () => {
    const mil = instantiateStages(IM1).find((s) => s.key === 'mil')!;
    expect(requiredChecklist(mil)).toEqual(mil.checklist);
  });
});
