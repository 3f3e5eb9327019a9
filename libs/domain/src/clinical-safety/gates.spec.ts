import { builtInGates } from '../journeys/gates';
import { HAZARD_LOG_GATE_EVALUATORS, hazardLogShortfalls, type HazardLogGateFacts } from './gates';
import { createControl, createHazard, rateHazard, withdrawHazard, type Hazard } from './hazards';
import { DEFAULT_CLINICAL_RISK_MANAGEMENT_PLAN } from './risk-matrix';
import { issueLogVersion } from './versions';

const plan = DEFAULT_CLINICAL_RISK_MANAGEMENT_PLAN;
const rated = (number: number, residual: Parameters<typeof rateHazard>[2]['residual']): Hazard =>
  rateHazard(plan, createHazard(number > 1 ? [`H-${String(number - 1).padStart(3, '0')}`] : [], { name: `Hazard ${number}`, description: 'x' }), { initial: { likelihood: 'very_high', severity: 'catastrophic' }, residual });
const control = createControl({ id: 'c1', type: 'test', description: 'Regression suite' });
const version = (hazards: Hazard[]) => issueLogVersion({ existingVersions: [], changeSummary: 'First', issuedAt: '2026-11-02T09:00:00Z', issuedBy: 'cso', hazards, controls: [control] });
const facts = (approved: Hazard[] | null, live: Hazard[] = approved ?? []): HazardLogGateFacts => ({ approved: approved && version(approved), live: { hazards: live, controls: [control] } });

describe('hazard_log_approved', () => {
  const low = rated(1, { likelihood: 'very_low', severity: 'significant' });
  const four = rated(2, { likelihood: 'high', severity: 'major' });
  const five = rated(3, { likelihood: 'very_high', severity: 'catastrophic' });

  it('holds for an approved, current log whose residual risks are all below 4', () => {
    expect(hazardLogShortfalls(facts([low]))).toEqual([]);
    expect(builtInGates().register('hazard_log_approved', HAZARD_LOG_GATE_EVALUATORS.hazard_log_approved).evaluate([{ kind: 'hazard_log_approved' }], { journey: {} as never, stage: {} as never, facts: { hazard_log_approved: facts([low]) } })).toEqual([]);
  });

  it('fails closed without facts or without an approved version', () => {
    expect(hazardLogShortfalls(undefined)).toEqual([expect.stringMatching(/No hazard log version .* approved/)]);
    expect(hazardLogShortfalls(facts(null))).toEqual([expect.stringMatching(/No hazard log version .* approved/)]);
  });

  it('names every hazard whose residual risk is rated 4 or 5, and the unrated ones; withdrawn hazards carry no risk', () => {
    const unrated = createHazard(['H-003'], { name: 'New', description: 'x' });
    const withdrawn = withdrawHazard(rated(5, { likelihood: 'very_high', severity: 'major' }), 'Feature removed');
    expect(hazardLogShortfalls(facts([low, four, five, unrated, withdrawn]))).toEqual([
      'Hazard log v1.0 has 2 hazard(s) with a residual risk rated 4 or 5: H-002 (4), H-003 (5).',
      'Hazard log v1.0 has 1 hazard(s) without a residual rating: H-004.',
    ]);
  });

  it('fails when the live log has changed since the approval', () => {
    const changed = { ...low, name: 'Renamed' };
    expect(hazardLogShortfalls(facts([low], [changed]))).toEqual([expect.stringMatching(/approved hazard log v1.0 is stale/)]);
    expect(hazardLogShortfalls(facts([low], [low, four]))).toEqual([expect.stringMatching(/stale/)]);
  });
});
