import type {
  AcceptabilityCriteria,
  CivilDate,
  ControlStatus,
  ControlType,
  HazardLibraryField,
  HazardLogDiff,
  HazardStatus,
  Likelihood,
  MechanismKey,
  ResidualRiskProfile,
  RiskMatrix,
  RiskRating,
  ScaleDefinition,
  Severity,
} from '@pairline/domain';

/** GET /api/risk-plans item: one version of a Clinical Risk Management Plan's risk settings. */
export interface RiskPlanDto {
  id: string;
  /** Null for the organisation-wide plan; a product's own plan overrides it for that product. */
  productId: string | null;
  /** Unique within the organisation, so a hazard's plan version names one plan. */
  version: number;
  severities: ScaleDefinition<Severity>[];
  likelihoods: ScaleDefinition<Likelihood>[];
  matrix: RiskMatrix;
  acceptability: AcceptabilityCriteria;
  source: string;
  /** Cells where a more likely or more severe hazard rates lower: told, not refused. */
  warnings: string[];
  createdAt: string;
  createdByUserId: string | null;
  approvedAt: string | null;
  approvedByUserId: string | null;
}

/** GET/PUT /api/clinical-safety-officers/:productId. */
export interface ClinicalSafetyOfficerDto {
  productId: string;
  userId: string | null;
  name: string;
  profession: string;
  registrationNumber: string;
  updatedAt: string;
  version: number;
}

export interface RiskAssessmentDto {
  severity: Severity;
  likelihood: Likelihood;
  /** Read from the plan's matrix, never from the client. */
  rating: RiskRating;
}

/** GET /api/hazards item. */
export interface HazardDto {
  id: string;
  productId: string;
  number: string;
  name: string;
  description: string;
  potentialClinicalImpact: string;
  possibleCauses: string[];
  effect: string;
  harm: string;
  existingControls: string;
  hazardType: string | null;
  journeyIds: string[];
  /** GP Connect capabilities and IM1 APIs the hazard concerns directly (reference mechanism keys). */
  mechanismKeys: MechanismKey[];
  riskPlanId: string | null;
  planVersion: number | null;
  initial: RiskAssessmentDto | null;
  residual: RiskAssessmentDto | null;
  residualIncreaseJustification: string | null;
  residualAcceptanceJustification: string | null;
  controlIds: string[];
  actionSummary: string;
  ownerUserId: string | null;
  status: HazardStatus;
  deployingOrganisationActions: string | null;
  nextReviewOn: CivilDate | null;
  withdrawnReason: string | null;
  withdrawnAt: string | null;
  libraryItemId: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** GET /api/hazard-controls item. */
export interface HazardControlDto {
  id: string;
  productId: string;
  type: ControlType;
  description: string;
  ownerUserId: string | null;
  status: ControlStatus;
  /** An evidence vault item, when one proves the control. */
  verificationEvidenceId: string | null;
  /** Free-text reference to the proof (test report, training record…). */
  verificationReference: string | null;
  hazardIds: string[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** The CSO's sign-off of one hazard log version: never changed once written. */
export interface HazardLogApprovalDto {
  id: string;
  approverUserId: string;
  approverName: string;
  profession: string;
  professionalRegistration: string;
  statement: string;
  residualRiskProfile: ResidualRiskProfile;
  approvedAt: string;
}

/** GET /api/hazard-log-versions item (without the frozen hazards and controls). */
export interface HazardLogVersionDto {
  id: string;
  productId: string;
  version: string;
  changeSummary: string;
  issuedAt: string;
  issuedByUserId: string;
  hazardCount: number;
  controlCount: number;
  approval: HazardLogApprovalDto | null;
  /** Approved, and the live log has changed since: needs a new version. Computed, never stored. */
  stale: boolean;
}

/** GET /api/hazard-log-versions/:id: the version with its frozen content. */
export interface HazardLogVersionDetailDto extends HazardLogVersionDto {
  hazards: unknown[];
  controls: unknown[];
}

export interface HazardLogDiffDto extends HazardLogDiff {
  from: string;
  to: string;
}

/** GET /api/hazard-library item: a suggested hazard from an imported published log. */
export interface HazardLibraryItemDto {
  id: string;
  source: string;
  sourceRow: number;
  number: string;
  hazardType: string | null;
  name: string;
  description: string;
  potentialClinicalImpact: string;
  possibleCauses: string;
  suggestedActions: string;
  links: string;
  importedAt: string;
}

export interface HazardLibraryPreviewDto {
  sheet: string;
  headers: string[];
  mapping: Record<string, HazardLibraryField | null>;
  rows: number;
  sample: Record<string, string>[];
  rejected: { row: number; reason: string }[];
  /** Rows below the table's first blank row that hold something (e.g. a lookup list): not imported. */
  ignoredRows: number[];
}

export interface HazardLibraryImportResultDto {
  source: string;
  imported: number;
}
