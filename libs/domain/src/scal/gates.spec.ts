import type { GateContext } from '../journeys/gates';
import { NO_SCAL_MESSAGE, SCAL_GATE_EVALUATORS, type ScalGateFacts } from './gates';
import { initialRequirementState, type ScalRequirement, type ScalRequirementState, type ScalTemplate } from './requirements';

const requirement = (identifier: string, level: ScalRequirement['level']): ScalRequirement => ({
  identifier,
  section: 'ig',
  description: `${identifier} description`,
  useCase: null,
  type: null,
  link: null,
  testCases: null,
  evidenceRequired: null,
  environment: null,
  level,
});
const TEMPLATE: ScalTemplate = { key: 't', version: 1, name: 'T', baseline: false, note: null, sections: [{ key: 'ig', name: 'IG', requirements: [requirement('IG-1', 'MUST'), requirement('IG-2', 'SHOULD')] }] };
const context = (kind: string, facts: ScalGateFacts): GateContext => ({ journey: { withdrawn: false, stages: [], openBlockers: [] }, stage: {} as GateContext['stage'], facts: { [kind]: facts } });
const state = (identifier: string, patch: Partial<ScalRequirementState>): ScalRequirementState => ({ ...initialRequirementState(identifier), ...patch });

describe('SCAL gate conditions', () => {
  it('are unmet with one clear message when no SCAL is attached', () => {
    expect(SCAL_GATE_EVALUATORS.scal_fully_completed({ kind: 'scal_fully_completed' }, context('scal_fully_completed', null))).toBe(NO_SCAL_MESSAGE);
    expect(SCAL_GATE_EVALUATORS.scal_agreed({ kind: 'scal_agreed' }, context('scal_agreed', null))).toBe(NO_SCAL_MESSAGE);
  });

  it('call the SCAL fully completed once every MUST is answered, naming the ones that are not', () => {
    const check = (states: ScalRequirementState[]) => SCAL_GATE_EVALUATORS.scal_fully_completed({ kind: 'scal_fully_completed' }, context('scal_fully_completed', { template: TEMPLATE, states }));
    expect(check([])).toMatch(/1 MUST requirement\(s\).*IG-1/);
    expect(check([state('IG-1', { response: 'non_compliant' })])).toMatch(/IG-1/);
    expect(check([state('IG-1', { response: 'non_compliant', justification: 'Compensating control' })])).toBeNull();
  });

  it('call it agreed only when NHS England accepted every row', () => {
    const check = (states: ScalRequirementState[], template = TEMPLATE) => SCAL_GATE_EVALUATORS.scal_agreed({ kind: 'scal_agreed' }, context('scal_agreed', { template, states }));
    expect(check([state('IG-1', { status: 'accepted' })])).toMatch(/1 requirement\(s\) not accepted \(IG-2\)/);
    expect(check([state('IG-1', { status: 'accepted' }), state('IG-2', { status: 'accepted' })])).toBeNull();
    expect(check([], { ...TEMPLATE, sections: [] })).toMatch(/no requirements/);
  });
});
