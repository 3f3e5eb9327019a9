import type { ImportWarning, RejectedRow, ScalAnswerColumn, ScalEnvironment, ScalLevel, ScalMappingTarget, ScalProgress, ScalRequirementStatus, ScalResponse, ScalReviewVerdict, ScalSheetSettings, ScalStage, SheetVisibility } from '@pairline/domain';

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
  /** The workbook the template was imported from, kept as it came; null for the baseline and older imports. */
  sourceFileId: string | null;
}

/** A template in the list: with its requirement count, read for the whole page in one query. */
export interface ScalTemplateListItemDto extends ScalTemplateDto {
  requirementCount: number;
}

export interface ScalTemplateDetailDto extends ScalTemplateDto {
  requirementCount: number;
  sections: { key: string; name: string; requirementCount: number }[];
  /** The source workbook's tabs in order, hidden ones included. */
  sheets: { name: string; state: SheetVisibility; headerRow: number }[];
}

export interface ScalRequirementDto {
  id: string;
  identifier: string;
  section: string;
  sectionName: string;
  /** The sub-heading of the tab the requirement sits under, if any. */
  heading: string | null;
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

/** A file uploaded for import, kept as it came (`POST /api/scal-templates/files`). */
export interface DocumentFileDto {
  id: string;
  filename: string;
  kind: 'xlsx' | 'csv';
  sizeBytes: number;
  sha256: string;
  createdAt: string;
}

export type ScalImportPreviewRow = { row: number; cells: string[] } & ({ kind: 'requirement' | 'below' | 'unread' } | { kind: 'heading'; text: string } | { kind: 'rejected'; reason: string });

/** One tab of an uploaded workbook as the import reads it with the current header row and mapping. */
export interface ScalImportSheetPreview {
  name: string;
  state: SheetVisibility;
  /** 1-based: the row that reads most like a header, or null when none does. */
  suggestedHeaderRow: number | null;
  headerRow: number;
  headers: string[];
  /** Rows with content below the header row. */
  rowCount: number;
  /**
   * The first rows below the header row, as wide as the tab's used range (never its styled 16,384
   * columns), each with how the import reads it: a requirement, a sub-heading (with its text), a
   * refused row (with the reason), a row below the table kept as layout, or not read at all (a tab
   * with no requirements, a row with nothing in the mapped columns).
   */
  rows: ScalImportPreviewRow[];
  /** Whether the tab holds requirements (it maps a column and is not left out). */
  requirements: boolean;
  requirementRows: number;
  headingRows: number;
  rowsBelowTable: number;
  answeredRows: number;
  verdicts: Partial<Record<ScalReviewVerdict, number>>;
  /** The level its rows take when it has no level column; null when it has one. */
  defaultLevel: ScalLevel | null;
  answerColumns: Partial<Record<ScalAnswerColumn, number>>;
  answerLists: Partial<Record<ScalAnswerColumn, string[]>>;
}

export interface ScalImportPreviewDto {
  file: DocumentFileDto;
  sheets: ScalImportSheetPreview[];
  suggestedMapping: Record<string, ScalMappingTarget | null>;
  mapping: Record<string, ScalMappingTarget | null>;
  /** Why the mapping cannot be used at all (e.g. no column for the identifier), else null. */
  mappingProblem: string | null;
  rejected: RejectedRow[];
  /** What was read but not understood (an answer in words of its own); the import still goes ahead. */
  warnings: ImportWarning[];
  requirementCount: number;
  /** Tabs with no requirements (cover, instructions, lists): kept in the workbook as they are. */
  layoutOnlySheets: string[];
  /** Identifiers more than one tab uses: each tab's is its own requirement, named with the tab. */
  reusedIdentifiers: string[];
}

/** The import settings the wizard sends with a file: the mapping and each tab's header row, level and inclusion. */
export interface ScalImportSettingsDto {
  mapping?: Record<string, ScalMappingTarget | null>;
  sheets?: Record<string, ScalSheetSettings>;
}

/**
 * A template import followed as it stores its rows (`POST /api/scal-templates/import-runs`).
 * `failed` includes a run that stopped moving (its process died): nothing of it was stored.
 */
export interface ScalImportRunDto {
  id: string;
  fileId: string | null;
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
  heading: string | null;
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
  /** NHS England's verdict from its review column in a returned workbook, with its comment. */
  reviewVerdict: ScalReviewVerdict | null;
  reviewComment: string | null;
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

/** What reading a returned SCAL workbook did (`POST /api/scals/:id/workbook`). */
export interface ScalWorkbookImportDto {
  file: DocumentFileDto;
  /** Workbook rows matched to a requirement of the SCAL by tab and identifier. */
  matched: number;
  /** Requirements whose answer, status or verdict changed. */
  updated: number;
  verdicts: Partial<Record<ScalReviewVerdict, number>>;
  /** Requirements the workbook answered that the SCAL had not. */
  answersFilled: number;
  /** Where the SCAL and the workbook disagree: the SCAL's answer was kept (first 100). */
  conflicts: { identifier: string; field: 'response' | 'justification'; scal: string; workbook: string }[];
  /** Rows with an identifier that no requirement of the SCAL has (first 50). */
  unmatched: { sheet: string; row: number; identifier: string }[];
  /** Tabs of the SCAL's template the workbook does not have. */
  missingSheets: string[];
  warnings: ImportWarning[];
  /** Whether exports now write into this workbook (an xlsx keeps NHS England's review columns as returned). */
  exportsIntoThisWorkbook: boolean;
}
