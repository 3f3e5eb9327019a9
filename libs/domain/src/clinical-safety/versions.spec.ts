import fc from 'fast-check';
import { DomainError, type DomainErrorKind } from '../errors/domain-error';
import { createControl, createHazard, rateHazard, withdrawHazard, type Hazard } from './hazards';
import { DEFAULT_CLINICAL_RISK_MANAGEMENT_PLAN, LIKELIHOODS, SEVERITIES } from './risk-matrix';
import { compareLogVersions, diffHazardLogs, isVersionStale, issueLogVersion, nextLogVersion, residualRiskProfile } from './versions';

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
const h1 = rateHazard(plan, createHazard([], { name: 'Wrong patient', description: 'x', controlIds: ['c1'] }), { initial: { likelihood: 'high', severity: 'major' }, residual: { likelihood: 'low', severity: 'major' } });
const h2 = createHazard(['H-001'], { name: 'Missed allergy', description: 'y' });
const c1 = createControl({ id: 'c1', type: 'design', description: 'Trace before matching' });
const issue = (hazards: Hazard[], existingVersions: string[] = []) => issueLogVersion({ existingVersions, changeSummary: 'First issue', issuedAt: '2026-03-02T10:00:00Z', issuedBy: 'user-cso', hazards, controls: [c1] });

describe('nextLogVersion', () => {
  it('numbers 1.0, 1.1 … and orders 1.10 after 1.9', () => {
    expect(nextLogVersion([])).toBe('1.0');
    expect(nextLogVersion(['1.0'])).toBe('1.1');
    expect(nextLogVersion(['1.0', '1.9', '1.10', '1.2'])).toBe('1.11');
    expect(nextLogVersion(['1.0', '1.3'], 'major')).toBe('2.0');
  });

  it('refuses malformed versions', () => {
    for (const bad of ['1', 'v1.0', '1.01', '1.0.0']) refusal(() => nextLogVersion([bad]), 'invalid', 'hazard_log_invalid_version');
  });

  it('is always above every issued version', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(20), fc.nat(30)).map(([a, b]) => `${a}.${b}`), { minLength: 1 }), fc.constantFrom<'minor' | 'major'>('minor', 'major'), (versions, kind) => {
        const next = nextLogVersion(versions, kind);
        expect(versions.every((v) => compareLogVersions(next, v) > 0)).toBe(true);
      }),
    );
  });
});

describe('issueLogVersion', () => {
  it('freezes a copy the live log cannot reach', () => {
    const live = [h2, h1];
    const version = issue(live);
    expect(version.version).toBe('1.0');
    expect(version.hazards.map((h) => h.number)).toEqual(['H-001', 'H-002']);
    expect(Object.isFrozen(version.hazards[0]!.possibleCauses)).toBe(true);
    expect(() => ((version.hazards[0] as { name: string }).name = 'changed')).toThrow(TypeError);
    live[1] = { ...h1, name: 'Edited' };
    expect(version.hazards[0]!.name).toBe('Wrong patient');
  });

  it('needs a change summary, unique numbers and every named control', () => {
    refusal(() => issueLogVersion({ existingVersions: [], changeSummary: ' ', issuedAt: 't', issuedBy: 'u', hazards: [], controls: [] }), 'invalid', 'hazard_log_change_summary_required');
    refusal(() => issue([h1, h1]), 'invalid', 'hazard_log_duplicate_hazard');
    refusal(() => issueLogVersion({ existingVersions: [], changeSummary: 'x', issuedAt: 't', issuedBy: 'u', hazards: [h1], controls: [] }), 'invalid', 'hazard_log_missing_control');
  });
});

describe('diffHazardLogs', () => {
  it('reports hazards added and removed, changed fields and rating changes', () => {
    const v1 = issue([h1]);
    const lowered = rateHazard(plan, { ...h1, name: 'Wrong patient shown' }, { residual: { likelihood: 'very_low', severity: 'major' } });
    const v2 = issueLogVersion({ existingVersions: ['1.0'], changeSummary: 'Lowered H-001', issuedAt: 't', issuedBy: 'u', hazards: [lowered, h2], controls: [{ ...c1, status: 'implemented' }] });
    const diff = diffHazardLogs(v1, v2);
    expect(diff.added).toEqual(['H-002']);
    expect(diff.removed).toEqual([]);
    expect(diff.changed).toEqual([
      {
        number: 'H-001',
        changes: [
          { field: 'name', before: 'Wrong patient', after: 'Wrong patient shown' },
          { field: 'residual', before: { likelihood: 'low', severity: 'major', rating: 3 }, after: { likelihood: 'very_low', severity: 'major', rating: 2 } },
        ],
      },
    ]);
    expect(diff.ratingChanges).toEqual([{ number: 'H-001', phase: 'residual', before: 3, after: 2 }]);
    expect(diff.controlsChanged).toEqual([{ id: 'c1', changes: [{ field: 'status', before: 'planned', after: 'implemented' }] }]);
    expect(diffHazardLogs(v2, v1)).toMatchObject({ added: [], removed: ['H-002'] });
  });

  it('shows a withdrawal as a changed field, since hazards are never removed', () => {
    const diff = diffHazardLogs(issue([h1]), { hazards: [withdrawHazard(h1, 'Duplicate')], controls: [c1] });
    expect(diff.changed[0]!.changes).toEqual([{ field: 'withdrawnReason', before: null, after: 'Duplicate' }]);
  });

  it('marks an approved version stale after any change, and only then', () => {
    const v1 = issue([h1]);
    expect(isVersionStale(v1, { hazards: [h1], controls: [c1] })).toBe(false);
    expect(isVersionStale(v1, { hazards: [{ ...h1, owner: 'user-2' }], controls: [c1] })).toBe(true);
    expect(isVersionStale(v1, { hazards: [h1], controls: [{ ...c1, description: 'Other' }] })).toBe(true);
    // As stored and read back: the same values with keys in another order are the same log.
    const reordered = JSON.parse(JSON.stringify(v1, (_key, value) => (value && typeof value === 'object' && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value)));
    expect(isVersionStale(reordered, { hazards: [h1], controls: [c1] })).toBe(false);
  });
});

describe('residualRiskProfile', () => {
  it('counts live hazards by residual rating and the unrated ones apart', () => {
    const withdrawn = withdrawHazard({ ...h1, number: 'H-003' }, 'Out of scope');
    expect(residualRiskProfile([h1, h2, withdrawn])).toEqual({ 1: 0, 2: 0, 3: 1, 4: 0, 5: 0, unrated: 1 });
  });

  it('accounts for every live hazard exactly once', () => {
    const residual = fc.option(fc.record({ likelihood: fc.constantFrom(...LIKELIHOODS), severity: fc.constantFrom(...SEVERITIES) }), { nil: null });
    fc.assert(
      fc.property(fc.array(residual, { maxLength: 30 }), (residuals) => {
        const hazards = residuals.map((r) => (r ? rateHazard(plan, h2, { initial: { likelihood: 'very_high', severity: 'catastrophic' }, residual: r }) : h2));
        const profile = residualRiskProfile(hazards);
        expect(profile[1] + profile[2] + profile[3] + profile[4] + profile[5] + profile.unrated).toBe(hazards.length);
        expect(profile.unrated).toBe(residuals.filter((r) => r === null).length);
      }),
    );
  });
});
