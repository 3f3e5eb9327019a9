import { DomainError } from '../errors/domain-error';
import { initialRequirementState, type ScalRequirement, type ScalRequirementState, type ScalTemplate } from './requirements';
import { assertScalStageReachable, scalStageShortfalls, type ScalStage, type ScalStageFacts } from './stages';

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
const TEMPLATE: ScalTemplate = { key: 't', version: 1, name: 'T', baseline: false, note: null, sections: [{ key: 'ig', name: 'IG', requirements: [requirement('IG-1', 'MUST'), requirement('IG-2', 'MUST'), requirement('IG-3', 'SHOULD')] }] };
const EMPTY: ScalTemplate = { ...TEMPLATE, sections: [{ key: 'ig', name: 'IG', requirements: [] }] };
const state = (identifier: string, patch: Partial<ScalRequirementState>): ScalRequirementState => ({ ...initialRequirementState(identifier), ...patch });
const facts = (states: ScalRequirementState[], recorded: ScalStage[] = [], template = TEMPLATE): ScalStageFacts => ({ template, states, recorded });
const accepted = (identifier: string, response: ScalRequirementState['response'] = 'compliant') => state(identifier, { response, justification: response === 'compliant' ? null : 'why', status: 'accepted' });

describe('SCAL stages', () => {
  it('records a stage-one SCAL at any time, even untouched', () => {
    expect(scalStageShortfalls('stage_one', facts([]))).toEqual([]);
    expect(() => assertScalStageReachable('stage_one', facts([]))).not.toThrow();
  });

  it('needs every MUST answered (justified unless compliant) for fully completed, ignoring SHOULD rows', () => {
    const partial = facts([state('IG-1', { response: 'compliant' }), state('IG-2', { response: 'non_compliant' })]);
    expect(scalStageShortfalls('fully_completed', partial)).toEqual([{ identifier: 'IG-2', reason: 'justification_missing', message: 'IG-2 needs a justification.' }]);
    expect(scalStageShortfalls('fully_completed', facts([]))).toEqual([
      { identifier: 'IG-1', reason: 'unanswered', message: 'IG-1 has no response.' },
      { identifier: 'IG-2', reason: 'unanswered', message: 'IG-2 has no response.' },
    ]);
    expect(scalStageShortfalls('fully_completed', facts([state('IG-1', { response: 'compliant' }), state('IG-2', { response: 'non_compliant', justification: 'Mitigated' })]))).toEqual([]);
  });

  it('needs every row accepted by NHS England for agreed, not-applicable answers included, as the journey gate does', () => {
    const allButOne = facts([accepted('IG-1'), accepted('IG-2', 'not_applicable'), state('IG-3', { response: 'not_applicable', justification: 'Not offered', status: 'submitted' })]);
    expect(scalStageShortfalls('agreed', allButOne)).toEqual([{ identifier: 'IG-3', reason: 'not_accepted', message: 'IG-3 is not accepted by NHS England.' }]);
    expect(scalStageShortfalls('agreed', facts([accepted('IG-1'), accepted('IG-2', 'not_applicable'), accepted('IG-3', 'non_compliant')]))).toEqual([]);
    expect(scalStageShortfalls('agreed', facts([], [], EMPTY))).toEqual([expect.objectContaining({ identifier: null, message: expect.stringMatching(/no requirements/) })]);
  });

  it('needs an agreed stage recorded, and the SCAL still agreed, for assured', () => {
    const agreedRows = [accepted('IG-1'), accepted('IG-2'), accepted('IG-3')];
    expect(scalStageShortfalls('assured', facts(agreedRows, ['stage_one', 'fully_completed']))).toEqual([expect.objectContaining({ reason: 'not_agreed_yet' })]);
    expect(scalStageShortfalls('assured', facts(agreedRows, ['agreed']))).toEqual([]);
    // Reopened after agreement: assured must wait for NHS England again.
    const reopened = [accepted('IG-1'), state('IG-2', { response: 'compliant', status: 'in_progress' }), accepted('IG-3')];
    expect(scalStageShortfalls('assured', facts(reopened, ['agreed']))).toEqual([expect.objectContaining({ identifier: 'IG-2', reason: 'not_accepted' })]);
  });

  it('refuses with every shortfall in the details and a readable, bounded message', () => {
    const many: ScalTemplate = { ...TEMPLATE, sections: [{ key: 'ig', name: 'IG', requirements: Array.from({ length: 8 }, (_, i) => requirement(`M-${i + 1}`, 'MUST')) }] };
    let error: unknown;
    try {
      assertScalStageReachable('fully_completed', facts([], [], many));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'unprocessable', code: 'scal_stage_not_reached', details: { stage: 'fully_completed' } });
    expect((error as DomainError).details!['shortfalls']).toHaveLength(8);
    expect((error as DomainError).message).toMatch(/M-1 has no response\..*M-5 has no response\. And 3 more\.$/);
    expect(() => assertScalStageReachable('approved' as ScalStage, facts([]))).toThrow(expect.objectContaining({ code: 'scal_unknown_stage' }));
  });
});
