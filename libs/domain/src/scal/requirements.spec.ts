import fc from 'fast-check';
import { DomainError, type DomainErrorKind } from '../errors/domain-error';
import {
  answerRequirement,
  assertValidScalTemplate,
  scalTemplateProblems,
  type ScalTemplate,
  assignRequirement,
  canTransition,
  initialRequirementState,
  isAnswered,
  SCAL_REQUIREMENT_STATUSES,
  SCAL_RESPONSES,
  transitionRequirement,
  type ScalRequirementState,
  type ScalRequirementStatus,
} from './requirements';

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

const fresh = initialRequirementState('BASE-ORG-01');
const state = (patch: Partial<ScalRequirementState>): ScalRequirementState => ({ ...fresh, ...patch });
const compliant = state({ status: 'in_progress', response: 'compliant' });

describe('initialRequirementState', () => {
  it('starts unanswered, unowned and not started', () => {
    expect(fresh).toEqual({ identifier: 'BASE-ORG-01', response: null, justification: null, owner: null, dueDate: null, status: 'not_started', rejectionReason: null });
  });
});

describe('isAnswered', () => {
  it('needs a justification for every response but compliant', () => {
    expect(isAnswered({ response: null, justification: 'x' })).toBe(false);
    expect(isAnswered({ response: 'compliant', justification: null })).toBe(true);
    expect(isAnswered({ response: 'non_compliant', justification: null })).toBe(false);
    expect(isAnswered({ response: 'non_compliant', justification: '   ' })).toBe(false);
    expect(isAnswered({ response: 'not_applicable', justification: 'We hold no patient data.' })).toBe(true);
  });
});

describe('answerRequirement', () => {
  it('moves a not-started requirement to in progress and keeps a draft without justification', () => {
    expect(answerRequirement(fresh, { response: 'non_compliant' })).toMatchObject({ status: 'in_progress', response: 'non_compliant', justification: null });
  });

  it('trims the justification and treats a blank one as none', () => {
    expect(answerRequirement(fresh, { response: 'not_applicable', justification: '  No GP data.  ' }).justification).toBe('No GP data.');
    expect(answerRequirement(fresh, { response: 'not_applicable', justification: '  ' }).justification).toBeNull();
  });

  it('sends an answer edited while ready for review back to in progress', () => {
    expect(answerRequirement(state({ status: 'ready_for_review', response: 'compliant' }), { response: 'non_compliant', justification: 'Planned for Q3.' }).status).toBe('in_progress');
  });

  it('keeps a rejected requirement rejected, with its reason, while it is being fixed', () => {
    const rejected = state({ status: 'rejected', response: 'compliant', rejectionReason: 'Evidence is out of date.' });
    expect(answerRequirement(rejected, { response: 'compliant', justification: 'New certificate attached.' })).toMatchObject({ status: 'rejected', rejectionReason: 'Evidence is out of date.' });
  });

  it.each<ScalRequirementStatus>(['submitted', 'accepted'])('refuses to change the answer of a %s requirement', (status) => {
    refusal(() => answerRequirement(state({ status, response: 'compliant' }), { response: 'non_compliant', justification: 'x' }), 'unprocessable', 'scal_requirement_locked');
  });

  it('refuses an unknown response', () => {
    refusal(() => answerRequirement(fresh, { response: 'yes' as never }), 'invalid', 'scal_unknown_response');
  });
});

describe('assignRequirement', () => {
  it('sets owner and due date, leaving out what is not given', () => {
    const owned = assignRequirement(fresh, { owner: ' user-1 ', dueDate: '2027-06-30' });
    expect(owned).toMatchObject({ owner: 'user-1', dueDate: '2027-06-30' });
    expect(assignRequirement(owned, { dueDate: null })).toMatchObject({ owner: 'user-1', dueDate: null });
    expect(assignRequirement(owned, { owner: '' })).toMatchObject({ owner: null, dueDate: '2027-06-30' });
  });

  it('refuses a due date that is not a real YYYY-MM-DD date', () => {
    refusal(() => assignRequirement(fresh, { dueDate: '2027-02-30' }), 'invalid', 'scal_invalid_due_date');
    refusal(() => assignRequirement(fresh, { dueDate: '30/06/2027' }), 'invalid', 'scal_invalid_due_date');
  });
});

describe('transitionRequirement', () => {
  it('walks the happy path to accepted', () => {
    let s = answerRequirement(fresh, { response: 'not_applicable', justification: 'No patient-facing service.' });
    for (const to of ['ready_for_review', 'submitted', 'accepted'] as const) s = transitionRequirement(s, to);
    expect(s.status).toBe('accepted');
  });

  it('needs a response before review or submission', () => {
    const error = refusal(() => transitionRequirement(fresh, 'ready_for_review'), 'unprocessable', 'scal_response_required');
    expect(error.message).toContain('BASE-ORG-01');
  });

  it('needs a justification unless compliant', () => {
    refusal(() => transitionRequirement(state({ status: 'in_progress', response: 'non_compliant' }), 'ready_for_review'), 'unprocessable', 'scal_justification_required');
    expect(transitionRequirement(compliant, 'ready_for_review').status).toBe('ready_for_review');
  });

  it('accepts or rejects only what was submitted', () => {
    for (const from of SCAL_REQUIREMENT_STATUSES.filter((s) => s !== 'submitted')) {
      refusal(() => transitionRequirement(state({ status: from, response: 'compliant' }), 'accepted'), 'unprocessable', 'scal_invalid_transition');
      refusal(() => transitionRequirement(state({ status: from, response: 'compliant' }), 'rejected', { reason: 'x' }), 'unprocessable', 'scal_invalid_transition');
    }
  });

  it('submits only what is ready for review', () => {
    refusal(() => transitionRequirement(compliant, 'submitted'), 'unprocessable', 'scal_invalid_transition');
  });

  it('needs a reason to reject, and clears it when the requirement moves on', () => {
    const submitted = state({ status: 'submitted', response: 'compliant' });
    refusal(() => transitionRequirement(submitted, 'rejected'), 'invalid', 'scal_rejection_reason_required');
    refusal(() => transitionRequirement(submitted, 'rejected', { reason: '  ' }), 'invalid', 'scal_rejection_reason_required');
    const rejected = transitionRequirement(submitted, 'rejected', { reason: ' Pen test older than a year. ' });
    expect(rejected).toMatchObject({ status: 'rejected', rejectionReason: 'Pen test older than a year.' });
    expect(transitionRequirement(rejected, 'ready_for_review')).toMatchObject({ status: 'ready_for_review', rejectionReason: null });
  });

  it('reopens an accepted requirement only to in progress', () => {
    const accepted = state({ status: 'accepted', response: 'compliant' });
    expect(transitionRequirement(accepted, 'in_progress').status).toBe('in_progress');
    refusal(() => transitionRequirement(accepted, 'not_started'), 'unprocessable', 'scal_invalid_transition');
  });

  it('refuses an unknown status', () => {
    refusal(() => transitionRequirement(fresh, 'approved' as never), 'invalid', 'scal_unknown_status');
  });

  it('never lets an unanswered requirement reach review, submission or acceptance, whatever the steps', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('status' as const), to: fc.constantFrom(...SCAL_REQUIREMENT_STATUSES), reason: fc.constantFrom(null, 'Not enough evidence.') }),
      fc.record({ kind: fc.constant('answer' as const), response: fc.constantFrom(null, ...SCAL_RESPONSES), justification: fc.constantFrom(null, '', 'Because.') }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let s = fresh;
        for (const st of steps) {
          const before = s;
          try {
            s = st.kind === 'status' ? transitionRequirement(s, st.to, { reason: st.reason }) : answerRequirement(s, st);
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            expect(s).toBe(before);
          }
          if (['ready_for_review', 'submitted', 'accepted'].includes(s.status)) expect(isAnswered(s)).toBe(true);
          expect(s.rejectionReason !== null).toBe(s.status === 'rejected');
          if (st.kind === 'status' && s !== before) expect(canTransition(before.status, s.status)).toBe(true);
        }
      }),
    );
  });
});

describe('scalTemplateProblems', () => {
  const requirement = { identifier: 'X-1', section: 'a', description: 'D', useCase: null, type: null, link: null, testCases: null, evidenceRequired: null, environment: null, level: 'MUST' } as const;
  const template: ScalTemplate = { key: 't', version: 1, name: 'T', baseline: false, note: null, sections: [{ key: 'a', name: 'A', requirements: [requirement] }] };

  it('accepts a well-formed template', () => {
    expect(scalTemplateProblems(template)).toEqual([]);
    expect(assertValidScalTemplate(template)).toBe(template);
  });

  it('names duplicate identifiers (case-insensitively), misfiled rows, unknown levels and bad versions', () => {
    const bad: ScalTemplate = {
      ...template,
      version: 0,
      sections: [
        { key: 'a', name: 'A', requirements: [requirement, { ...requirement, identifier: 'x-1' }] },
        { key: 'b', name: 'B', requirements: [{ ...requirement, identifier: 'X-2' }, { ...requirement, identifier: 'X-3', section: 'b', level: 'COULD' as never, environment: 'Live' as never }] },
      ],
    };
    expect(scalTemplateProblems(bad)).toEqual([
      'Version must be a positive whole number, not 0.',
      'Identifier x-1 appears twice.',
      'X-2 says section "a" but is in "b".',
      'X-3 has an unknown level "COULD".',
      'X-3 has an unknown environment "Live".',
    ]);
    refusal(() => assertValidScalTemplate(bad), 'invalid', 'scal_template_invalid');
  });
});
