import type { CivilDate, EvidenceRevisionStatus, EvidenceScanStatus, EvidenceStatus } from '@pairline/domain';

/** What an evidence link points at. Only SCAL requirements so far; hazards and controls come later. */
export const EVIDENCE_LINK_TARGETS = ['scal_requirement'] as const;
export type EvidenceLinkTarget = (typeof EVIDENCE_LINK_TARGETS)[number];

/** One stored file of a revision. `downloadable` is false while quarantined or when infected. */
export interface EvidenceFileDto {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  scanStatus: EvidenceScanStatus;
  scannedAt: string | null;
  /** Why a scan refused it (the scanner's signature name), or null. */
  scanDetail: string | null;
  downloadable: boolean;
}

export interface EvidenceRevisionDto {
  id: string;
  number: number;
  /** Stored status; `displayStatus` says `expired` once an approved revision is past its expiry. */
  status: EvidenceRevisionStatus;
  displayStatus: EvidenceStatus;
  /** The day the evidence speaks for (not the upload day). */
  effectiveOn: CivilDate;
  expiresOn: CivilDate | null;
  url: string | null;
  note: string | null;
  rejectionReason: string | null;
  uploadedByUserId: string | null;
  uploadedByName: string | null;
  uploadedAt: string;
  files: EvidenceFileDto[];
  /** Send back on a status change; a stale one gets 409. */
  version: number;
}

export interface EvidenceLinkDto {
  id: string;
  target: EvidenceLinkTarget;
  scalId: string;
  identifier: string;
  createdAt: string;
}

/** GET /api/evidence item. */
export interface EvidenceItemDto {
  id: string;
  title: string;
  description: string | null;
  /** The latest revision's display status, or null before the first revision. */
  status: EvidenceStatus | null;
  latestRevision: number | null;
  /** The latest approved revision's expiry, which is what "expired" is judged on. */
  expiresOn: CivilDate | null;
  linkCount: number;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** GET /api/evidence/:id. */
export interface EvidenceDetailDto extends EvidenceItemDto {
  revisions: EvidenceRevisionDto[];
  links: EvidenceLinkDto[];
}

/** Evidence as a SCAL requirement shows it. */
export interface LinkedEvidenceDto {
  id: string;
  title: string;
  status: EvidenceStatus | null;
  expiresOn: CivilDate | null;
}

/** `expiringEvidence(withinDays)` item: approved evidence whose latest approved revision expires soon. */
export interface ExpiringEvidenceDto {
  organisationId: string;
  evidenceId: string;
  title: string;
  revision: number;
  expiresOn: CivilDate;
  linkCount: number;
}

/** What a SCAL requirement (GET /api/scals/:id/requirements item) says about its evidence. */
export interface RequirementEvidenceDto {
  evidence: LinkedEvidenceDto[];
  /** True when linked evidence has lapsed (its latest approved revision expired); `attentionReasons` says which. */
  needsAttention: boolean;
  attentionReasons: string[];
}
