import type { ScalRequirementStatus, ScalResponse, ScalReviewVerdict, ScalStage, ScalStageShortfall } from '@pairline/domain';
import type { ScalRequirementDto } from './scals';

/** One reviewer comment on a SCAL requirement. A thread is a first comment and its replies. */
export interface ScalCommentDto {
  id: string;
  scalId: string;
  identifier: string;
  /** The thread's first comment; null for a first comment. */
  parentId: string | null;
  authorUserId: string | null;
  /** The author's name (or email) now; null once the user is gone. */
  authorName: string | null;
  body: string;
  createdAt: string;
  /** Set on a thread's first comment only: a thread is resolved as a whole. */
  resolvedAt: string | null;
  resolvedByUserId: string | null;
}

/** GET /api/scals/:id/requirements/:identifier/comments: threads oldest first, replies oldest first. */
export interface ScalCommentThreadDto extends ScalCommentDto {
  replies: ScalCommentDto[];
}

/** A file of an evidence revision as it stood when the snapshot was taken. */
export interface ScalEvidenceReference {
  evidenceItemId: string;
  revisionId: string;
  /** Human-readable reference printed into exports, e.g. the item's title and revision number. */
  label: string;
  /** The revision's expiry date, if it has one; absent in snapshots taken before expiry was recorded. */
  expiresOn?: string | null;
  files: { name: string; sha256: string }[];
}

/** A requirement and its answer frozen in a snapshot. */
export interface ScalSnapshotRowDto extends Omit<ScalRequirementDto, 'id'> {
  /** The workbook row it was imported from (sheet, row number, every cell as text); null for the baseline. */
  source: { sheet: string; row: number; cells: string[] } | null;
  response: ScalResponse | null;
  justification: string | null;
  ownerUserId: string | null;
  dueOn: string | null;
  status: ScalRequirementStatus;
  rejectionReason: string | null;
  /** NHS England's verdict from a returned workbook; absent in snapshots taken before verdicts were read. */
  reviewVerdict?: ScalReviewVerdict | null;
  reviewComment?: string | null;
  commentCount: number;
  openThreads: number;
  evidence: ScalEvidenceReference[];
}

/** GET /api/scals/:id/snapshots item (without rows). */
export interface ScalSnapshotDto {
  id: string;
  scalId: string;
  /** 1, 2, 3 … per SCAL, in the order taken. */
  number: number;
  stage: ScalStage;
  stageLabel: string;
  note: string | null;
  takenAt: string;
  takenByUserId: string;
  template: { id: string; key: string; version: number; name: string; baseline: boolean };
  journeyIds: string[];
  rowCount: number;
  byStatus: Record<ScalRequirementStatus, number>;
  /** SHA-256 of the canonical JSON of the rows: the same rows always give the same digest. */
  rowsSha256: string;
}

/** GET /api/scals/:id/snapshots/:snapshotId: the snapshot whole. */
export interface ScalSnapshotDetailDto extends ScalSnapshotDto {
  sourceSheets: { name: string; headers: string[] }[] | null;
  rows: ScalSnapshotRowDto[];
}

/** The 422 `scal_stage_not_reached` details. */
export interface ScalStageRefusalDetails {
  stage: ScalStage;
  shortfalls: ScalStageShortfall[];
}

export const SCAL_EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ScalExportFormat = (typeof SCAL_EXPORT_FORMATS)[number];
