import { addDays, type CivilDate } from '../calendar/civil-date';
import { DomainError } from '../errors/domain-error';

/**
 * Evidence for SCAL requirements (and later hazards and controls): an item with numbered revisions.
 * A revision speaks for its effective date (the day the evidence describes, not the upload day)
 * until its expiry date. Revisions are never edited or removed: a correction is a new revision.
 */

/** What is stored for a revision. `expired` is never stored: it is an approved revision past its expiry. */
export const EVIDENCE_REVISION_STATUSES = ['draft', 'in_review', 'approved', 'rejected'] as const;
export type EvidenceRevisionStatus = (typeof EVIDENCE_REVISION_STATUSES)[number];

/** What a reader is shown. */
export const EVIDENCE_STATUSES = [...EVIDENCE_REVISION_STATUSES, 'expired'] as const;
export type EvidenceStatus = (typeof EVIDENCE_STATUSES)[number];

/**
 * A stored file's virus-scan state. `not_scanned` is what a deployment without a scanner gives
 * every file (downloadable, and said so); `pending_scan` files are quarantined until clean.
 */
export const EVIDENCE_SCAN_STATUSES = ['pending_scan', 'clean', 'not_scanned', 'infected'] as const;
export type EvidenceScanStatus = (typeof EVIDENCE_SCAN_STATUSES)[number];

export function isDownloadable(scan: EvidenceScanStatus): boolean {
  return scan === 'clean' || scan === 'not_scanned';
}

export interface EvidenceRevisionState {
  status: EvidenceRevisionStatus;
  effectiveOn: CivilDate;
  expiresOn: CivilDate | null;
  url: string | null;
  rejectionReason: string | null;
  files: readonly { scanStatus: EvidenceScanStatus }[];
}

/** The dates of a new revision: evidence cannot expire before the day it speaks for. */
export function checkRevisionDates(effectiveOn: CivilDate, expiresOn: CivilDate | null): void {
  if (expiresOn !== null && expiresOn < effectiveOn) {
    throw new DomainError('unprocessable', 'evidence_expiry_before_effective', `expiresOn (${expiresOn}) is before effectiveOn (${effectiveOn}).`, { field: 'expiresOn' });
  }
}

/** A revision needs something to show: at least one file or a URL, never both missing. */
export function checkRevisionContent(fileCount: number, url: string | null): void {
  if (fileCount === 0 && !url) throw new DomainError('invalid', 'evidence_revision_empty', 'A revision needs at least one file or a url.', { field: 'files' });
}

const TRANSITIONS: Record<EvidenceRevisionStatus, readonly EvidenceRevisionStatus[]> = {
  draft: ['in_review'],
  // Back to draft: the submitter withdraws it to change nothing but its review state (files are fixed).
  in_review: ['approved', 'rejected', 'draft'],
  // Final: a later revision replaces an approved or rejected one, so the history stays as it was.
  approved: [],
  rejected: [],
};

/** Whether `to` needs the approver's permission rather than the writer's. */
export function isApprovalDecision(to: EvidenceRevisionStatus): boolean {
  return to === 'approved' || to === 'rejected';
}

/**
 * Moves a revision to `to`. Approval needs every file cleared by the scanner (or not scanned at all
 * when no scanner is configured): evidence NHS England will receive must not be quarantined or infected.
 */
export function transitionRevision(state: EvidenceRevisionState, to: EvidenceRevisionStatus, options: { reason?: string | null } = {}): EvidenceRevisionState {
  if (!TRANSITIONS[state.status].includes(to)) {
    const allowed = TRANSITIONS[state.status];
    throw new DomainError('unprocessable', 'evidence_invalid_transition', `A revision that is ${state.status} cannot become ${to}${allowed.length ? ` (allowed: ${allowed.join(', ')})` : '; upload a new revision instead'}.`, { from: state.status, to });
  }
  if (to === 'in_review' || to === 'approved') {
    const held = state.files.filter((f) => !isDownloadable(f.scanStatus));
    if (held.length) {
      throw new DomainError('unprocessable', 'evidence_files_not_clear', `${held.length} file(s) of this revision are ${[...new Set(held.map((f) => f.scanStatus))].join(' or ')}; only scanned-clean files can be reviewed.`);
    }
  }
  const reason = options.reason?.trim() || null;
  if (to === 'rejected' && !reason) throw new DomainError('invalid', 'evidence_rejection_reason_required', 'Give a reason when rejecting evidence.', { field: 'reason' });
  return { ...state, status: to, rejectionReason: to === 'rejected' ? reason : null };
}

/** Expired means: approved, with an expiry date before today (the expiry day itself still counts). */
export function isExpired(revision: { status: EvidenceRevisionStatus; expiresOn: CivilDate | null }, today: CivilDate): boolean {
  return revision.status === 'approved' && revision.expiresOn !== null && revision.expiresOn < today;
}

export function displayStatus(revision: { status: EvidenceRevisionStatus; expiresOn: CivilDate | null }, today: CivilDate): EvidenceStatus {
  return isExpired(revision, today) ? 'expired' : revision.status;
}

/** Approved and expiring between today and `withinDays` days from now, both ends included. */
export function isExpiringWithin(revision: { status: EvidenceRevisionStatus; expiresOn: CivilDate | null }, today: CivilDate, withinDays: number): boolean {
  return revision.status === 'approved' && revision.expiresOn !== null && revision.expiresOn >= today && revision.expiresOn <= addDays(today, withinDays);
}

export interface EvidenceAttention {
  evidenceId: string;
  title: string;
  reason: string;
}

/**
 * Why a requirement linked to this evidence needs attention, or null. Only the latest approved
 * revision counts: an older approved one that expired has been superseded. Evidence never approved
 * is work in progress, not a lapse.
 */
export function evidenceAttention(item: { id: string; title: string; latestApproved: { number: number; expiresOn: CivilDate | null; status: EvidenceRevisionStatus } | null }, today: CivilDate): EvidenceAttention | null {
  const approved = item.latestApproved;
  if (!approved || !isExpired(approved, today)) return null;
  return { evidenceId: item.id, title: item.title, reason: `Evidence "${item.title}" (revision ${approved.number}) expired on ${approved.expiresOn}.` };
}
