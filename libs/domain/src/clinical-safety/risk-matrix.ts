import { DomainError } from '../errors/domain-error';

/**
 * The Clinical Risk Management Plan's risk settings. DCB0129 lets each manufacturer define its own
 * matrix and acceptability criteria, so they are per-plan data; the defaults are the guidance's
 * example values and must match it cell for cell.
 */

export const DCB0129_SOURCE = 'DCB0129 Clinical Risk Management: its Application in the Manufacture of Health IT Systems, implementation guidance: https://digital.nhs.uk/services/clinical-safety/clinical-risk-management-standards';

/** Least to most severe: the order the matrix columns take. */
export const SEVERITIES = ['minor', 'significant', 'considerable', 'major', 'catastrophic'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Least to most likely. */
export const LIKELIHOODS = ['very_low', 'low', 'medium', 'high', 'very_high'] as const;
export type Likelihood = (typeof LIKELIHOODS)[number];

export const RISK_RATINGS = [1, 2, 3, 4, 5] as const;
export type RiskRating = (typeof RISK_RATINGS)[number];

export interface ScaleDefinition<K extends string> {
  readonly key: K;
  readonly name: string;
  readonly definition: string;
}

/** Severity is the worst credible harm, graded by how many patients it reaches. */
export const DCB0129_SEVERITY_DEFINITIONS: readonly ScaleDefinition<Severity>[] = [
  { key: 'minor', name: 'Minor', definition: 'Minor injury recovering short term, minor upset or inconvenience, single patient; any negligible consequence.' },
  { key: 'significant', name: 'Significant', definition: 'Minor injury not recovering short term or significant psychological trauma, single patient; or minor injury recovering short term, minor psychological upset, inconvenience, multiple patients.' },
  { key: 'considerable', name: 'Considerable', definition: 'Severe short-term injury or severe psychological trauma, single patient; or minor injury not expected to recover short term, or significant psychological trauma, multiple patients.' },
  { key: 'major', name: 'Major', definition: 'Death or permanent life-changing incapacity of a single patient; or severe injury/incapacity expected to recover short term, or severe psychological trauma, multiple patients.' },
  { key: 'catastrophic', name: 'Catastrophic', definition: 'Death or permanent life-changing incapacity, multiple patients.' },
];

export const DCB0129_LIKELIHOOD_DEFINITIONS: readonly ScaleDefinition<Likelihood>[] = [
  { key: 'very_low', name: 'Very low', definition: 'Negligible possibility.' },
  { key: 'low', name: 'Low', definition: 'Could occur, but in the great majority of occasions will not.' },
  { key: 'medium', name: 'Medium', definition: 'Possible.' },
  { key: 'high', name: 'High', definition: 'Very possible, expected in most cases.' },
  { key: 'very_high', name: 'Very high', definition: 'Certain or almost certain.' },
];

/** Likelihood rows, severity columns. A lookup: a rating is never likelihood × severity. */
export type RiskMatrix = Readonly<Record<Likelihood, Readonly<Record<Severity, RiskRating>>>>;

// Laid out as the guidance prints it (most likely row first) so it can be checked by eye.
export const DCB0129_RISK_MATRIX: RiskMatrix = {
  very_high: { minor: 3, significant: 4, considerable: 4, major: 5, catastrophic: 5 },
  high: { minor: 2, significant: 3, considerable: 3, major: 4, catastrophic: 5 },
  medium: { minor: 2, significant: 2, considerable: 3, major: 3, catastrophic: 4 },
  low: { minor: 1, significant: 2, considerable: 2, major: 3, catastrophic: 4 },
  very_low: { minor: 1, significant: 1, considerable: 2, major: 2, catastrophic: 3 },
};

/**
 * How a rating may be lived with. "justification_required" is the guidance's "acceptable only where
 * further reduction is impractical": the residual risk stands only with a recorded reason.
 */
export const ACCEPTANCES = ['acceptable', 'justification_required', 'unacceptable'] as const;
export type Acceptance = (typeof ACCEPTANCES)[number];

export interface AcceptabilityCriterion {
  readonly rating: RiskRating;
  readonly description: string;
  readonly acceptance: Acceptance;
}

export type AcceptabilityCriteria = Readonly<Record<RiskRating, AcceptabilityCriterion>>;

export const DCB0129_ACCEPTABILITY: AcceptabilityCriteria = {
  5: { rating: 5, description: 'Unacceptable.', acceptance: 'unacceptable' },
  4: { rating: 4, description: 'Mandatory elimination of the hazard or added controls to reach an acceptable level.', acceptance: 'unacceptable' },
  3: { rating: 3, description: 'Undesirable, acceptable only where further reduction is impractical.', acceptance: 'justification_required' },
  2: { rating: 2, description: 'Acceptable where the cost of further reduction outweighs the benefit.', acceptance: 'acceptable' },
  1: { rating: 1, description: 'Acceptable, no further action.', acceptance: 'acceptable' },
};

/** One version of an organisation's (or product's) plan; hazards name the version they were rated under. */
export interface ClinicalRiskManagementPlan {
  readonly version: number;
  readonly severities: readonly ScaleDefinition<Severity>[];
  readonly likelihoods: readonly ScaleDefinition<Likelihood>[];
  readonly matrix: RiskMatrix;
  readonly acceptability: AcceptabilityCriteria;
  /** Where the settings come from, shown beside the matrix in the safety case report. */
  readonly source: string;
}

export const DEFAULT_CLINICAL_RISK_MANAGEMENT_PLAN: ClinicalRiskManagementPlan = {
  version: 1,
  severities: DCB0129_SEVERITY_DEFINITIONS,
  likelihoods: DCB0129_LIKELIHOOD_DEFINITIONS,
  matrix: DCB0129_RISK_MATRIX,
  acceptability: DCB0129_ACCEPTABILITY,
  source: DCB0129_SOURCE,
};

const isRating = (value: unknown): value is RiskRating => typeof value === 'number' && (RISK_RATINGS as readonly number[]).includes(value);
const blank = (value: unknown): boolean => typeof value !== 'string' || value.trim() === '';
const label = (key: string): string => key.replace(/_/g, ' ');

function scaleProblems<K extends string>(what: string, keys: readonly K[], scale: readonly ScaleDefinition<K>[] | undefined): string[] {
  if (!Array.isArray(scale)) return [`The ${what} scale is missing.`];
  const problems: string[] = [];
  // The scales are ordinal: the matrix is read by position, so order matters as much as content.
  if (scale.length !== keys.length || scale.some((d, i) => d?.key !== keys[i])) {
    problems.push(`The ${what} scale must list ${keys.map(label).join(', ')} in that order.`);
  }
  for (const d of scale) {
    if (d && (blank(d.name) || blank(d.definition))) problems.push(`${what[0]!.toUpperCase()}${what.slice(1)} "${label(String(d.key))}" needs a name and a definition.`);
  }
  return problems;
}

/**
 * Everything a plan must satisfy before a rating can be read from it; empty means valid. Only the
 * shape is enforced: the guidance lets a manufacturer choose its own values, so e.g. a matrix that
 * is not monotone is reported by `riskMatrixWarnings`, not refused.
 */
export function riskManagementPlanProblems(plan: ClinicalRiskManagementPlan): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(plan.version) || plan.version < 1) problems.push(`Version must be a positive whole number, not ${plan.version}.`);
  if (blank(plan.source)) problems.push('Say where the risk settings come from.');
  problems.push(...scaleProblems('severity', SEVERITIES, plan.severities));
  problems.push(...scaleProblems('likelihood', LIKELIHOODS, plan.likelihoods));
  for (const likelihood of LIKELIHOODS) {
    for (const severity of SEVERITIES) {
      const cell = plan.matrix?.[likelihood]?.[severity];
      if (!isRating(cell)) problems.push(`The matrix cell for likelihood ${label(likelihood)} and severity ${label(severity)} must be a rating from 1 to 5, not ${String(cell)}.`);
    }
  }
  for (const rating of RISK_RATINGS) {
    const criterion = plan.acceptability?.[rating];
    if (!criterion) {
      problems.push(`Rating ${rating} has no acceptability criterion.`);
      continue;
    }
    if (criterion.rating !== rating) problems.push(`The criterion filed under rating ${rating} says rating ${criterion.rating}.`);
    if (blank(criterion.description)) problems.push(`Rating ${rating} needs a description of its acceptability.`);
    if (!ACCEPTANCES.includes(criterion.acceptance)) problems.push(`Rating ${rating} has an unknown acceptance "${String(criterion.acceptance)}".`);
  }
  return problems;
}

export function assertValidRiskManagementPlan(plan: ClinicalRiskManagementPlan): ClinicalRiskManagementPlan {
  const problems = riskManagementPlanProblems(plan);
  if (problems.length) throw new DomainError('invalid', 'risk_plan_invalid', `Clinical risk management plan v${plan.version} is not valid: ${problems.join(' ')}`, { problems });
  return plan;
}

/**
 * Cells where a more likely or more severe hazard rates lower than its neighbour. The guidance's
 * table never does this, but it does not forbid it, so a CSO is told rather than stopped.
 */
export function riskMatrixWarnings(matrix: RiskMatrix): string[] {
  const warnings: string[] = [];
  LIKELIHOODS.forEach((likelihood, row) => {
    SEVERITIES.forEach((severity, column) => {
      const cell = matrix[likelihood][severity];
      const right = SEVERITIES[column + 1];
      if (right && matrix[likelihood][right] < cell) warnings.push(`Likelihood ${label(likelihood)}: severity ${label(right)} rates ${matrix[likelihood][right]}, below ${label(severity)} at ${cell}.`);
      const above = LIKELIHOODS[row + 1];
      if (above && matrix[above][severity] < cell) warnings.push(`Severity ${label(severity)}: likelihood ${label(above)} rates ${matrix[above][severity]}, below ${label(likelihood)} at ${cell}.`);
    });
  });
  return warnings;
}

/** Changing any setting makes a new version; ratings already given keep naming the old one. */
export function revisePlan(plan: ClinicalRiskManagementPlan, changes: Partial<Omit<ClinicalRiskManagementPlan, 'version'>>): ClinicalRiskManagementPlan {
  return assertValidRiskManagementPlan({ ...plan, ...changes, version: plan.version + 1 });
}

export function rate(plan: ClinicalRiskManagementPlan, likelihood: Likelihood, severity: Severity): RiskRating {
  if (!LIKELIHOODS.includes(likelihood)) throw new DomainError('invalid', 'risk_unknown_likelihood', `Likelihood must be one of: ${LIKELIHOODS.join(', ')}.`);
  if (!SEVERITIES.includes(severity)) throw new DomainError('invalid', 'risk_unknown_severity', `Severity must be one of: ${SEVERITIES.join(', ')}.`);
  const rating = plan.matrix[likelihood]?.[severity];
  if (!isRating(rating)) throw new DomainError('invalid', 'risk_plan_invalid', `Clinical risk management plan v${plan.version} has no valid rating for likelihood ${label(likelihood)} and severity ${label(severity)}.`);
  return rating;
}

export function acceptabilityOf(plan: ClinicalRiskManagementPlan, rating: RiskRating): AcceptabilityCriterion {
  const criterion = plan.acceptability[rating];
  if (!criterion) throw new DomainError('invalid', 'risk_plan_invalid', `Clinical risk management plan v${plan.version} has no acceptability criterion for rating ${rating}.`);
  return criterion;
}
