import fc from 'fast-check';
import { DomainError, type DomainErrorKind } from '../errors/domain-error';
import {
  acceptabilityOf,
  assertValidRiskManagementPlan,
  DCB0129_ACCEPTABILITY,
  DCB0129_LIKELIHOOD_DEFINITIONS,
  DCB0129_RISK_MATRIX,
  DCB0129_SEVERITY_DEFINITIONS,
  DEFAULT_CLINICAL_RISK_MANAGEMENT_PLAN,
  LIKELIHOODS,
  rate,
  revisePlan,
  RISK_RATINGS,
  riskManagementPlanProblems,
  riskMatrixWarnings,
  SEVERITIES,
  type ClinicalRiskManagementPlan,
  type Likelihood,
  type RiskMatrix,
  type RiskRating,
  type Severity,
} from './risk-matrix';

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

// The guidance's table as the reference document prints it, parsed rather than retyped so a
// transposed axis or a misplaced cell in the code cannot be mirrored here.
const GUIDANCE_TABLE = `
| Likelihood \\ Severity | Minor | Significant | Considerable | Major | Catastrophic |
|---|:-:|:-:|:-:|:-:|:-:|
| Very high | 3 | 4 | 4 | 5 | 5 |
| High | 2 | 3 | 3 | 4 | 5 |
| Medium | 2 | 2 | 3 | 3 | 4 |
| Low | 1 | 2 | 2 | 3 | 4 |
| Very low | 1 | 1 | 2 | 2 | 3 |
`;

const keyOf = (name: string): string => name.trim().toLowerCase().replace(/ /g, '_');
const rows = GUIDANCE_TABLE.trim().split('\n').map((line) => line.split('|').slice(1, -1).map((c) => c.trim()));
const columns = rows[0]!.slice(1).map(keyOf) as Severity[];
const guidanceCells: [Likelihood, Severity, number][] = rows.slice(2).flatMap((row) => columns.map((severity, i): [Likelihood, Severity, number] => [keyOf(row[0]!) as Likelihood, severity, Number(row[i + 1])]));

const plan = DEFAULT_CLINICAL_RISK_MANAGEMENT_PLAN;
const copyMatrix = (matrix: RiskMatrix): Record<Likelihood, Record<Severity, RiskRating>> =>
  Object.fromEntries(LIKELIHOODS.map((l) => [l, { ...matrix[l] }])) as Record<Likelihood, Record<Severity, RiskRating>>;

describe('the DCB0129 default matrix', () => {
  it('covers all 25 cells of the guidance table', () => {
    expect(guidanceCells).toHaveLength(25);
    expect(new Set(guidanceCells.map(([l, s]) => `${l}/${s}`)).size).toBe(25);
  });

  it.each(guidanceCells)('likelihood %s, severity %s rates %i', (likelihood, severity, expected) => {
    expect(DCB0129_RISK_MATRIX[likelihood][severity]).toBe(expected);
    expect(rate(plan, likelihood, severity)).toBe(expected);
  });

  it('is a lookup, not likelihood × severity', () => {
    expect(rate(plan, 'very_high', 'catastrophic')).toBe(5);
    expect(rate(plan, 'very_low', 'catastrophic')).toBe(3);
    expect(rate(plan, 'very_high', 'minor')).toBe(3);
  });

  it('never decreases as likelihood or severity rises', () => {
    expect(riskMatrixWarnings(DCB0129_RISK_MATRIX)).toEqual([]);
  });
});

describe('the DCB0129 default scales and criteria', () => {
  it('names severities least to most severe, with the guidance definitions', () => {
    expect(DCB0129_SEVERITY_DEFINITIONS.map((d) => [d.key, d.name])).toEqual([
      ['minor', 'Minor'],
      ['significant', 'Significant'],
      ['considerable', 'Considerable'],
      ['major', 'Major'],
      ['catastrophic', 'Catastrophic'],
    ]);
    const definition = (key: Severity) => DCB0129_SEVERITY_DEFINITIONS.find((d) => d.key === key)!.definition;
    expect(definition('catastrophic')).toMatch(/multiple patients/);
    expect(definition('major')).toMatch(/^Death or permanent life-changing incapacity of a single patient/);
  });

  it('names likelihoods least to most likely, with the guidance definitions', () => {
    expect(DCB0129_LIKELIHOOD_DEFINITIONS.map((d) => [d.key, d.name, d.definition])).toEqual([
      ['very_low', 'Very low', 'Negligible possibility.'],
      ['low', 'Low', 'Could occur, but in the great majority of occasions will not.'],
      ['medium', 'Medium', 'Possible.'],
      ['high', 'High', 'Very possible, expected in most cases.'],
      ['very_high', 'Very high', 'Certain or almost certain.'],
    ]);
  });

  it('makes 4 and 5 unacceptable, 3 acceptable only with a reason, 1 and 2 acceptable', () => {
    expect(RISK_RATINGS.map((r) => [r, DCB0129_ACCEPTABILITY[r].acceptance])).toEqual([
      [1, 'acceptable'],
      [2, 'acceptable'],
      [3, 'justification_required'],
      [4, 'unacceptable'],
      [5, 'unacceptable'],
    ]);
    expect(acceptabilityOf(plan, 4).description).toBe('Mandatory elimination of the hazard or added controls to reach an acceptable level.');
  });

  it('is a valid plan, version 1, citing DCB0129', () => {
    expect(riskManagementPlanProblems(plan)).toEqual([]);
    expect(plan.version).toBe(1);
    expect(plan.source).toMatch(/DCB0129/);
  });
});

describe('custom plans', () => {
  it('accepts any matrix of ratings 1 to 5, monotone or not', () => {
    const ratingArb = fc.constantFrom(...RISK_RATINGS);
    const matrixArb = fc.record(Object.fromEntries(LIKELIHOODS.map((l) => [l, fc.record(Object.fromEntries(SEVERITIES.map((s) => [s, ratingArb])))])) as never) as fc.Arbitrary<RiskMatrix>;
    fc.assert(
      fc.property(matrixArb, fc.constantFrom(...LIKELIHOODS), fc.constantFrom(...SEVERITIES), (matrix, l, s) => {
        const custom = { ...plan, matrix };
        expect(riskManagementPlanProblems(custom)).toEqual([]);
        expect(rate(custom, l, s)).toBe(matrix[l][s]);
      }),
    );
  });

  it.each([0, 6, 2.5, null, '3'])('refuses a cell of %p', (value) => {
    const matrix = copyMatrix(DCB0129_RISK_MATRIX);
    (matrix.medium as Record<string, unknown>).major = value;
    const error = refusal(() => assertValidRiskManagementPlan({ ...plan, matrix }), 'invalid', 'risk_plan_invalid');
    expect(error.details?.problems).toEqual([expect.stringMatching(/likelihood medium and severity major/)]);
  });

  it('refuses a missing row', () => {
    const { low: _low, ...rest } = DCB0129_RISK_MATRIX;
    expect(riskManagementPlanProblems({ ...plan, matrix: rest as RiskMatrix })).toHaveLength(5);
  });

  it('refuses scales out of order, without names or definitions', () => {
    expect(riskManagementPlanProblems({ ...plan, severities: [...DCB0129_SEVERITY_DEFINITIONS].reverse() })).toEqual(['The severity scale must list minor, significant, considerable, major, catastrophic in that order.']);
    const likelihoods = DCB0129_LIKELIHOOD_DEFINITIONS.map((d) => (d.key === 'medium' ? { ...d, definition: ' ' } : d));
    expect(riskManagementPlanProblems({ ...plan, likelihoods })).toEqual(['Likelihood "medium" needs a name and a definition.']);
  });

  it('needs a criterion for every rating', () => {
    const { 3: _three, ...rest } = DCB0129_ACCEPTABILITY;
    expect(riskManagementPlanProblems({ ...plan, acceptability: rest as never })).toEqual(['Rating 3 has no acceptability criterion.']);
    const wrong = { ...DCB0129_ACCEPTABILITY, 2: { ...DCB0129_ACCEPTABILITY[2], acceptance: 'maybe' as never } };
    expect(riskManagementPlanProblems({ ...plan, acceptability: wrong })).toEqual(['Rating 2 has an unknown acceptance "maybe".']);
  });

  it('warns about, but allows, a cell rating below a less likely or less severe neighbour', () => {
    const matrix = copyMatrix(DCB0129_RISK_MATRIX);
    matrix.high.major = 1;
    expect(riskManagementPlanProblems({ ...plan, matrix })).toEqual([]);
    expect(riskMatrixWarnings(matrix)).toEqual([
      'Severity major: likelihood high rates 1, below medium at 3.',
      'Likelihood high: severity major rates 1, below considerable at 3.',
    ]);
  });

  it('makes a new version for every revision and validates it', () => {
    const matrix = copyMatrix(DCB0129_RISK_MATRIX);
    matrix.very_low.minor = 2;
    const revised = revisePlan(plan, { matrix });
    expect(revised.version).toBe(2);
    expect(rate(revised, 'very_low', 'minor')).toBe(2);
    expect(rate(plan, 'very_low', 'minor')).toBe(1);
    matrix.low.minor = 9 as RiskRating;
    refusal(() => revisePlan(revised, { matrix }), 'invalid', 'risk_plan_invalid');
  });
});

describe('rate', () => {
  it('refuses unknown scale values', () => {
    refusal(() => rate(plan, 'likely' as Likelihood, 'minor'), 'invalid', 'risk_unknown_likelihood');
    refusal(() => rate(plan, 'low', 'fatal' as Severity), 'invalid', 'risk_unknown_severity');
  });

  it('refuses to read a rating from a broken plan', () => {
    const broken = { ...plan, matrix: { ...DCB0129_RISK_MATRIX, low: {} } } as unknown as ClinicalRiskManagementPlan;
    refusal(() => rate(broken, 'low', 'minor'), 'invalid', 'risk_plan_invalid');
  });
});
