import fc from 'fast-check';
import { DomainError, type DomainErrorKind } from '../errors/domain-error';
import {
  changeHazardStatus,
  createControl,
  createHazard,
  formatHazardNumber,
  linkedJourneyIds,
  linkedMechanismKeys,
  mechanismLinks,
  nextHazardNumber,
  parseHazardNumber,
  rateHazard,
  setControlStatus,
  withdrawHazard,
  type Control,
  type Hazard,
} from './hazards';
import { DCB0129_RISK_MATRIX, DEFAULT_CLINICAL_RISK_MANAGEMENT_PLAN, LIKELIHOODS, revisePlan, SEVERITIES, type Likelihood, type RiskMatrix, type Severity } from './risk-matrix';

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

const plan = DEFAULT_CLINICAL_RISK_MANAGEMENT_PLAN;
const hazard = createHazard([], { name: 'Wrong patient record displayed', description: 'Records are matched on an incomplete demographic trace.' });
const verified = (id: string): Control => setControlStatus(createControl({ id, type: 'design', description: `Control ${id}` }), 'verified', ['evidence-1']);
const cells = LIKELIHOODS.flatMap((l) => SEVERITIES.map((s): [Likelihood, Severity] => [l, s]));

describe('hazard numbers', () => {
  it('starts at H-001 and follows the highest number, gaps and all', () => {
    expect(nextHazardNumber([])).toBe('H-001');
    expect(nextHazardNumber(['H-001', 'H-007', 'H-002'])).toBe('H-008');
    expect(nextHazardNumber(['H-999'])).toBe('H-1000');
  });

  it('refuses numbers that are not ours', () => {
    for (const bad of ['H-1', 'H-0001', 'h-001', 'H-000', 'HAZ-001', 'GPC-001']) refusal(() => parseHazardNumber(bad), 'invalid', 'hazard_invalid_number');
  });

  it('is always new, and always above every existing number', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 5000 })), (sequences) => {
        const existing = sequences.map(formatHazardNumber);
        const next = nextHazardNumber(existing);
        expect(existing).not.toContain(next);
        expect(sequences.every((s) => parseHazardNumber(next) > s)).toBe(true);
        expect(parseHazardNumber(next)).toBe(Math.max(0, ...sequences) + 1);
      }),
    );
  });
});

describe('mechanism links', () => {
  it('links IM1 APIs and GP Connect capabilities by reference key, deduplicated and in key order', () => {
    const links = mechanismLinks(['im1_transaction', 'gpc_access_record_structured', 'im1_transaction']);
    expect(links).toEqual([
      { kind: 'gp_connect_capability', ref: 'gpc_access_record_structured' },
      { kind: 'im1_api', ref: 'im1_transaction' },
    ]);
    const all = [{ kind: 'journey' as const, ref: 'j-1' }, ...links];
    expect(linkedJourneyIds(all)).toEqual(['j-1']);
    expect(linkedMechanismKeys(all)).toEqual(['gpc_access_record_structured', 'im1_transaction']);
  });

  it('refuses a key that is not a mechanism, naming it', () => {
    const error = refusal(() => mechanismLinks(['im1_patient', 'gpc_telepathy', 'journey']), 'invalid', 'hazard_mechanism_unknown');
    expect(error.message).toBe('mechanismKeys: not a GP Connect capability or IM1 API: gpc_telepathy, journey.');
    expect(error.details).toEqual({ field: 'mechanismKeys', unknown: ['gpc_telepathy', 'journey'] });
  });
});

describe('createHazard', () => {
  it('numbers, opens and leaves the hazard unrated', () => {
    const created = createHazard(['H-001'], { name: ' Missed allergy ', description: 'Allergy not shown.', possibleCauses: ['Coded entry not mapped', 'Free text only'] });
    expect(created).toMatchObject({ number: 'H-002', name: 'Missed allergy', status: 'open', initial: null, residual: null, planVersion: null, withdrawnReason: null });
    expect(created.possibleCauses).toHaveLength(2);
  });

  it('needs a name and a description', () => {
    refusal(() => createHazard([], { name: ' ', description: 'x' }), 'invalid', 'hazard_name_required');
    refusal(() => createHazard([], { name: 'x', description: '' }), 'invalid', 'hazard_description_required');
  });
});

describe('rateHazard', () => {
  it.each(cells)('reads the initial rating for likelihood %s, severity %s from the matrix', (likelihood, severity) => {
    const rated = rateHazard(plan, hazard, { initial: { likelihood, severity } });
    expect(rated.initial).toEqual({ likelihood, severity, rating: DCB0129_RISK_MATRIX[likelihood][severity] });
    expect(rated.planVersion).toBe(plan.version);
  });

  it.each(cells)('reads the residual rating for likelihood %s, severity %s from the matrix', (likelihood, severity) => {
    const rated = rateHazard(plan, hazard, { initial: { likelihood: 'very_high', severity: 'catastrophic' }, residual: { likelihood, severity } });
    expect(rated.residual).toEqual({ likelihood, severity, rating: DCB0129_RISK_MATRIX[likelihood][severity] });
  });

  it('ignores a rating smuggled in with the input', () => {
    const rated = rateHazard(plan, hazard, { initial: { likelihood: 'low', severity: 'minor', rating: 5 } as never });
    expect(rated.initial?.rating).toBe(1);
  });

  it('needs an initial rating before a residual one', () => {
    refusal(() => rateHazard(plan, hazard, { residual: { likelihood: 'low', severity: 'minor' } }), 'unprocessable', 'hazard_initial_rating_required');
  });

  it('accepts a residual at or below the initial rating without a reason, and refuses one above it without a reason', () => {
    const ratingPair = fc.tuple(fc.constantFrom(...cells), fc.constantFrom(...cells));
    fc.assert(
      fc.property(ratingPair, ([[il, is], [rl, rs]]) => {
        const input = { initial: { likelihood: il, severity: is }, residual: { likelihood: rl, severity: rs } };
        if (DCB0129_RISK_MATRIX[rl][rs] <= DCB0129_RISK_MATRIX[il][is]) {
          expect(rateHazard(plan, hazard, input).residualIncreaseJustification).toBeNull();
        } else {
          refusal(() => rateHazard(plan, hazard, input), 'unprocessable', 'hazard_residual_above_initial');
          expect(rateHazard(plan, hazard, { ...input, residualIncreaseJustification: ' New failure mode found in testing. ' }).residualIncreaseJustification).toBe('New failure mode found in testing.');
        }
      }),
    );
  });

  it('rates both again under a new plan version', () => {
    const rated = rateHazard(plan, hazard, { initial: { likelihood: 'low', severity: 'minor' }, residual: { likelihood: 'very_low', severity: 'minor' } });
    const matrix = Object.fromEntries(LIKELIHOODS.map((l) => [l, { ...DCB0129_RISK_MATRIX[l], minor: 2 }])) as RiskMatrix;
    const revised = revisePlan(plan, { matrix });
    const rerated = rateHazard(revised, rated, {});
    expect(rerated).toMatchObject({ planVersion: 2, initial: { rating: 2 }, residual: { rating: 2 } });
  });
});

describe('controls', () => {
  it('starts planned and becomes verified only with evidence', () => {
    const control = createControl({ id: 'c1', type: 'business_process_change', description: ' Check NHS number at booking ' });
    expect(control).toMatchObject({ status: 'planned', description: 'Check NHS number at booking', verificationEvidence: [] });
    expect(setControlStatus(control, 'implemented').status).toBe('implemented');
    refusal(() => setControlStatus(control, 'verified', [' ']), 'unprocessable', 'control_evidence_required');
    expect(setControlStatus(control, 'verified', ['test-report-12'])).toMatchObject({ status: 'verified', verificationEvidence: ['test-report-12'] });
  });

  it('refuses unknown types and statuses', () => {
    refusal(() => createControl({ id: 'c1', type: 'procedure' as never, description: 'x' }), 'invalid', 'control_unknown_type');
    refusal(() => setControlStatus(verified('c1'), 'done' as never), 'invalid', 'control_unknown_status');
  });
});

describe('changeHazardStatus', () => {
  const rated = (likelihood: Likelihood, severity: Severity, controlIds: string[] = []): Hazard =>
    rateHazard(plan, { ...hazard, controlIds }, { initial: { likelihood: 'very_high', severity: 'catastrophic' }, residual: { likelihood, severity } });

  it('closes a hazard whose residual rating is acceptable and whose controls are verified', () => {
    expect(changeHazardStatus(plan, rated('very_low', 'minor', ['c1']), [verified('c1')], 'closed').status).toBe('closed');
  });

  it.each<[Likelihood, Severity]>([
    ['very_high', 'catastrophic'],
    ['high', 'major'],
  ])('refuses to close a residual rating of 4 or 5 (%s, %s)', (likelihood, severity) => {
    refusal(() => changeHazardStatus(plan, rated(likelihood, severity), [], 'closed'), 'unprocessable', 'hazard_residual_unacceptable');
  });

  it('closes a residual rating of 3 only with a reason further reduction is impractical', () => {
    const three = rated('medium', 'considerable');
    refusal(() => changeHazardStatus(plan, three, [], 'closed'), 'unprocessable', 'hazard_residual_justification_required');
    expect(changeHazardStatus(plan, three, [], 'closed', { residualAcceptanceJustification: 'No safer design exists.' })).toMatchObject({ status: 'closed', residualAcceptanceJustification: 'No safer design exists.' });
  });

  it('refuses to close while any control is not verified, naming them', () => {
    const implemented = setControlStatus(createControl({ id: 'c2', type: 'training', description: 'Train staff' }), 'implemented');
    const error = refusal(() => changeHazardStatus(plan, rated('low', 'minor', ['c1', 'c2', 'c3']), [verified('c1'), implemented], 'closed'), 'unprocessable', 'hazard_controls_unverified');
    expect(error.details?.controlIds).toEqual(['c2', 'c3']);
  });

  it('refuses to close without a residual rating, or rated under another plan version', () => {
    refusal(() => changeHazardStatus(plan, hazard, [], 'closed'), 'unprocessable', 'hazard_residual_rating_required');
    refusal(() => changeHazardStatus({ ...plan, version: 2 }, rated('low', 'minor'), [], 'closed'), 'conflict', 'hazard_plan_version_mismatch');
  });

  it('transfers only when the deploying organisation’s actions are named, and forgets them on reopening', () => {
    refusal(() => changeHazardStatus(plan, hazard, [], 'transferred', { deployingOrganisationActions: '  ' }), 'unprocessable', 'hazard_transfer_actions_required');
    const transferred = changeHazardStatus(plan, hazard, [], 'transferred', { deployingOrganisationActions: ' Train reception staff on the NHS number check. ' });
    expect(transferred).toMatchObject({ status: 'transferred', deployingOrganisationActions: 'Train reception staff on the NHS number check.' });
    expect(changeHazardStatus(plan, transferred, [], 'open')).toMatchObject({ status: 'open', deployingOrganisationActions: null });
  });

  it('refuses an unknown status', () => {
    refusal(() => changeHazardStatus(plan, hazard, [], 'resolved' as never), 'invalid', 'hazard_unknown_status');
  });
});

describe('withdrawHazard', () => {
  it('keeps the hazard with its reason, and freezes it', () => {
    const withdrawn = withdrawHazard(hazard, ' Duplicate of H-004. ');
    expect(withdrawn).toMatchObject({ number: 'H-001', withdrawnReason: 'Duplicate of H-004.' });
    refusal(() => rateHazard(plan, withdrawn, { initial: { likelihood: 'low', severity: 'minor' } }), 'unprocessable', 'hazard_withdrawn');
    refusal(() => changeHazardStatus(plan, withdrawn, [], 'open'), 'unprocessable', 'hazard_withdrawn');
    refusal(() => withdrawHazard(withdrawn, 'again'), 'unprocessable', 'hazard_withdrawn');
  });

  it('needs a reason', () => {
    refusal(() => withdrawHazard(hazard, ''), 'invalid', 'hazard_withdrawal_reason_required');
  });
});
