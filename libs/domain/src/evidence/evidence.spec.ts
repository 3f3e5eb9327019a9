import { DomainError, type DomainErrorKind } from '../errors/domain-error';
import { checkRevisionContent, checkRevisionDates, displayStatus, evidenceAttention, isExpiringWithin, transitionRevision, type EvidenceRevisionState } from './evidence';

function refusal(run: () => unknown, kind: DomainErrorKind, code: string): DomainError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect({ kind: (error as DomainError).kind, code: (error as DomainError).code }).toEqual({ kind, code });
    return error as DomainError;
  }
  throw new Error('expected a refusal');
}

const draft: EvidenceRevisionState = { status: 'draft', effectiveOn: '2026-06-30', expiresOn: '2027-06-30', url: null, rejectionReason: null, files: [{ scanStatus: 'clean' }] };

describe('evidence revision transitions', () => {
  it('goes draft → in review → approved, or rejected with a reason', () => {
    const review = transitionRevision(draft, 'in_review');
    expect(transitionRevision(review, 'approved').status).toBe('approved');
    expect(transitionRevision(review, 'rejected', { reason: ' Out of date ' })).toMatchObject({ status: 'rejected', rejectionReason: 'Out of date' });
    expect(transitionRevision(review, 'draft').status).toBe('draft');
    refusal(() => transitionRevision(review, 'rejected', { reason: '  ' }), 'invalid', 'evidence_rejection_reason_required');
  });

  it('never moves an approved or rejected revision: a new revision replaces it', () => {
    const approved = transitionRevision(transitionRevision(draft, 'in_review'), 'approved');
    const error = refusal(() => transitionRevision(approved, 'draft'), 'unprocessable', 'evidence_invalid_transition');
    expect(error.message).toMatch(/upload a new revision/);
    refusal(() => transitionRevision(draft, 'approved'), 'unprocessable', 'evidence_invalid_transition');
  });

  it('keeps quarantined or infected files out of review and approval; unscanned files pass when no scanner runs', () => {
    refusal(() => transitionRevision({ ...draft, files: [{ scanStatus: 'clean' }, { scanStatus: 'pending_scan' }] }, 'in_review'), 'unprocessable', 'evidence_files_not_clear');
    refusal(() => transitionRevision({ ...draft, status: 'in_review', files: [{ scanStatus: 'infected' }] }, 'approved'), 'unprocessable', 'evidence_files_not_clear');
    expect(transitionRevision({ ...draft, files: [{ scanStatus: 'not_scanned' }] }, 'in_review').status).toBe('in_review');
    // A rejection may always be made, whatever the files are.
    expect(transitionRevision({ ...draft, status: 'in_review', files: [{ scanStatus: 'infected' }] }, 'rejected', { reason: 'virus' }).status).toBe('rejected');
  });

  it('refuses an expiry before the effective date and a revision with neither file nor url', () => {
    refusal(() => checkRevisionDates('2026-06-30', '2026-06-29'), 'unprocessable', 'evidence_expiry_before_effective');
    expect(() => checkRevisionDates('2026-06-30', '2026-06-30')).not.toThrow();
    expect(() => checkRevisionDates('2026-06-30', null)).not.toThrow();
    refusal(() => checkRevisionContent(0, null), 'invalid', 'evidence_revision_empty');
    expect(() => checkRevisionContent(0, 'https://example.org/dspt')).not.toThrow();
    expect(() => checkRevisionContent(2, null)).not.toThrow();
  });
});

describe('evidence expiry', () => {
  const approved = { status: 'approved' as const, expiresOn: '2027-06-30' };
  it('is expired only after its expiry day, and only once approved', () => {
    expect(displayStatus(approved, '2027-06-30')).toBe('approved');
    expect(displayStatus(approved, '2027-07-01')).toBe('expired');
    expect(displayStatus({ status: 'in_review', expiresOn: '2020-01-01' }, '2027-07-01')).toBe('in_review');
    expect(displayStatus({ status: 'approved', expiresOn: null }, '2099-01-01')).toBe('approved');
  });

  it('counts expiring-within days inclusively from today', () => {
    expect(isExpiringWithin(approved, '2027-06-01', 29)).toBe(true);
    expect(isExpiringWithin(approved, '2027-06-01', 28)).toBe(false);
    expect(isExpiringWithin(approved, '2027-06-30', 0)).toBe(true);
    expect(isExpiringWithin(approved, '2027-07-01', 30)).toBe(false);
    expect(isExpiringWithin({ status: 'draft', expiresOn: '2027-06-30' }, '2027-06-01', 60)).toBe(false);
  });

  it('flags requirements only for an expired latest approved revision, with the reason', () => {
    const item = { id: 'e1', title: 'DSPT 2026', latestApproved: { number: 2, status: 'approved' as const, expiresOn: '2027-06-30' } };
    expect(evidenceAttention(item, '2027-06-30')).toBeNull();
    expect(evidenceAttention(item, '2027-07-01')).toEqual({ evidenceId: 'e1', title: 'DSPT 2026', reason: 'Evidence "DSPT 2026" (revision 2) expired on 2027-06-30.' });
    expect(evidenceAttention({ ...item, latestApproved: null }, '2030-01-01')).toBeNull();
  });
});
