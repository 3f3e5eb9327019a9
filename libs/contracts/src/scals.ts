import type { RejectedRow, ScalEnvironment, ScalLevel, ScalMappingTarget, ScalProgress, ScalRequirementStatus, ScalResponse, ScalStage } from '@pairline/domain';

/** Answers of the SCAL template endpoints (/api/scal-templates). */

export interface ScalTemplateDto {
  id: string;
  key: string;
  version: number;
  name: string;
  baseline: boolean;
  sourceNote: string | null;
  createdAt: string;
  createdBy: string | null;
}

/** A template in the list: with its requirement count, read for the whole page in one query. */
export interface ScalTemplateListItemDto extends ScalTemplateDto {
  requirementCount: number;
}

export interface ScalTemplateDetailDto extends ScalTemplateDto {
  requirementCount: number;
  sections: { key: string; name: string; requirementCount: number }[];
}

export interface ScalRequirementDto {
  id: string;
  identifier: string;
  section: string;
  sectionName: string;
  description: string;
  useCase: string | null;
  type: string | null;
  link: string | null;
  testCases: string | null;
  evidenceRequired: string | null;
  environment: ScalEnvironment | null;
  level: ScalLevel;
  position: number;
}

export interface ScalImportPreviewDto {
  sheets: { name: string; headers: string[]; rowCount: number; rows: string[][] }[];
  suggestedMapping: Record<string, ScalMappingTarget | null>;
  mapping: Record<string, ScalMappingTarget | null>;
  /** Why the mapping cannot be used at all (e.g. no column for level), else null. */
  mappingProblem: string | null;
  rejected: RejectedRow[];
  requirementCount: number;
  /** Sheets that map no column (a cover or instructions tab): imported as layout only, for the export. */
  layoutOnlySheets: string[];
}

/**
 * A template import followed as it stores its rows (`POST /api/scal-templates/import-runs`).
 * `failed` includes a run that stopped moving (its process died): nothing of it was stored.
 */
export interface ScalImportRunDto {
  id: string;
  key: string;
  name: string;
  filename: string;
  status: 'running' | 'completed' | 'failed';
  totalRows: number;
  processedRows: number;
  /** The stored template once completed, else null. */
  template: { id: string; key: string; version: number } | null;
  error: { code: string; message: string } | null;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** Answers of the SCAL endpoints (/api/scals). */

export interface ScalDto {
  id: string;
  productId: string;
  journeyIds: string[];
  template: { id: string; key: string; version: number; name: string; baseline: boolean };
  createdAt: string;
  version: number;
}

export interface ScalDetailDto extends ScalDto {
  progress: ScalProgress;
  fullyCompleted: boolean;
  agreed: boolean;
  /** Reviewer threads not yet resolved, over every requirement. */
  openThreads: number;
  /** The stage last recorded (its snapshot), or null before the first. */
  stage: { stage: ScalStage; label: string; snapshotId: string; number: number; takenAt: string } | null;
}

export interface ScalRequirementAnswerDto {
  identifier: string;
  section: string;
  sectionName: string;
  description: string;
  evidenceRequired: string | null;
  environment: ScalEnvironment | null;
  level: ScalLevel;
  position: number;
  response: ScalResponse | null;
  justification: string | null;
  ownerUserId: string | null;
  dueOn: string | null;
  status: ScalRequirementStatus;
  rejectionReason: string | null;
  updatedAt: string | null;
  /** 0 until the requirement is first touched. */
  version: number;
  /** Reviewer comments on the requirement, replies included. */
  commentCount: number;
  /** Reviewer threads on the requirement not yet resolved. */
  openThreads: number;
}

export interface ScalBulkResultDto {
  updated: number;
  identifiers: string[];
}
