import fc from 'fast-check';
import { incompleteMusts, isAgreed, isFullyCompleted, scalProgress, unagreedRequirements } from './progress';
import {
  initialRequirementState,
  SCAL_LEVELS,
  SCAL_REQUIREMENT_STATUSES,
  SCAL_RESPONSES,
  type ScalLevel,
  type ScalRequirement,
  type ScalRequirementState,
  type ScalTemplate,
} from './requirements';

const requirement = (identifier: string, section: string, level: ScalLevel = 'MUST'): ScalRequirement => ({
  identifier,
  section,
  description: `Requirement ${identifier}`,
  useCase: null,
  type: null,
  link: null,
  testCases: null,
  evidenceRequired: null,
  environment: 'ENVNA',
  level,
});

const TEMPLATE: ScalTemplate = {
  key: 'test',
  version: 1,
  name: 'Test SCAL',
  baseline: false,
  note: null,
  sections: [
    { key: 'org', name: 'Organisation', requirements: [requirement('ORG-1', 'org'), requirement('ORG-2', 'org', 'SHOULD')] },
    { key: 'ig', name: 'Information governance', requirements: [requirement('IG-1', 'ig'), requirement('IG-2', 'ig', 'MAY'), requirement('IG-3', 'ig')] },
  ],
};

const st = (identifier: string, patch: Partial<ScalRequirementState> = {}): ScalRequirementState => ({ ...initialRequirementState(identifier), ...patch });

describe('scalProgress', () => {
  it('counts by status per section and overall, treating rows with no state as not started', () => {
    const progress = scalProgress(TEMPLATE, [st('ORG-1', { status: 'accepted' }), st('IG-1', { status: 'submitted' }), st('IG-3', { status: 'submitted' }), st('GONE-1', { status: 'accepted' })]);
    expect(progress.sections.map((s) => [s.key, s.total, s.byStatus.not_started, s.byStatus.accepted, s.byStatus.submitted])).toEqual([
      ['org', 2, 1, 1, 0],
      ['ig', 3, 1, 0, 2],
    ]);
    expect(progress.overall).toEqual({ total: 5, byStatus: { not_started: 2, in_progress: 0, ready_for_review: 0, submitted: 2, accepted: 1, rejected: 0 } });
  });

  it('has counts that sum to the totals, per section and overall, for any states', () => {
    const ids = TEMPLATE.sections.flatMap((s) => s.requirements.map((r) => r.identifier)).concat('STRAY-1');
    const states = fc.array(fc.record({ identifier: fc.constantFrom(...ids), status: fc.constantFrom(...SCAL_REQUIREMENT_STATUSES) }), { maxLength: 12 });
    fc.assert(
      fc.property(states, (patches) => {
        const progress = scalProgress(TEMPLATE, patches.map((p) => st(p.identifier, { status: p.status })));
        const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
        for (const section of progress.sections) expect(sum(section.byStatus)).toBe(section.total);
        expect(sum(progress.overall.byStatus)).toBe(progress.overall.total);
        expect(progress.overall.total).toBe(5);
        for (const status of SCAL_REQUIREMENT_STATUSES) expect(progress.sections.reduce((n, s) => n + s.byStatus[status], 0)).toBe(progress.overall.byStatus[status]);
      }),
    );
  });
});

describe('isFullyCompleted', () => {
  it('is false until every MUST is answered, and names what is missing', () => {
    const states = [st('ORG-1', { response: 'compliant' }), st('IG-1', { response: 'non_compliant' })];
    expect(isFullyCompleted(TEMPLATE, states)).toBe(false);
    expect(incompleteMusts(TEMPLATE, states)).toEqual([
      { identifier: 'IG-1', reason: 'justification_missing' },
      { identifier: 'IG-3', reason: 'unanswered' },
    ]);
  });

  it('ignores SHOULD and MAY rows, and accepts a justified non-compliant MUST', () => {
    const states = [st('ORG-1', { response: 'compliant' }), st('IG-1', { response: 'non_compliant', justification: 'Remediation planned for June.' }), st('IG-3', { response: 'not_applicable', justification: 'No bulk data.' })];
    expect(isFullyCompleted(TEMPLATE, states)).toBe(true);
  });

  it('agrees with the answers of the MUST rows alone, for any answers', () => {
    const answer = fc.record({ response: fc.constantFrom(null, ...SCAL_RESPONSES), justification: fc.constantFrom(null, '', 'Why.') });
    fc.assert(
      fc.property(fc.array(answer, { minLength: 5, maxLength: 5 }), fc.array(fc.constantFrom(...SCAL_LEVELS), { minLength: 5, maxLength: 5 }), (answers, levels) => {
        const requirements = ['A', 'B', 'C', 'D', 'E'].map((id, i) => requirement(id, 's', levels[i]));
        const template: ScalTemplate = { ...TEMPLATE, sections: [{ key: 's', name: 'S', requirements }] };
        const states = requirements.map((r, i) => st(r.identifier, answers[i]));
        const expected = requirements.every((r, i) => r.level !== 'MUST' || (answers[i].response !== null && (answers[i].response === 'compliant' || !!answers[i].justification)));
        expect(isFullyCompleted(template, states)).toBe(expected);
      }),
    );
  });
});

describe('isAgreed', () => {
  const all = (status: ScalRequirementState['status']) => TEMPLATE.sections.flatMap((s) => s.requirements.map((r) => st(r.identifier, { status, response: 'compliant' })));

  it('needs every requirement accepted, whatever its level', () => {
    expect(isAgreed(TEMPLATE, all('accepted'))).toBe(true);
    const oneShouldLeft = all('accepted').map((s) => (s.identifier === 'IG-2' ? { ...s, status: 'submitted' as const } : s));
    expect(isAgreed(TEMPLATE, oneShouldLeft)).toBe(false);
    expect(unagreedRequirements(TEMPLATE, oneShouldLeft)).toEqual([{ identifier: 'IG-2', reason: 'not_accepted' }]);
  });

  it('counts a not-applicable answer only once NHS England has accepted it', () => {
    const states = all('accepted').map((s) => (s.identifier === 'ORG-2' ? { ...s, response: 'not_applicable' as const, justification: 'No app.', status: 'submitted' as const } : s));
    expect(isAgreed(TEMPLATE, states)).toBe(false);
  });

  it('is false for a template with no requirements', () => {
    expect(isAgreed({ ...TEMPLATE, sections: [] }, [])).toBe(false);
  });
});
