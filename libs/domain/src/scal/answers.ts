import { compactText } from '../imports/sheet-layout';
import type { ScalRequirementStatus, ScalResponse } from './requirements';

/**
 * The words a SCAL workbook uses for the supplier's answer and for NHS England's review, and how
 * they map to ours. A workbook's own dropdown lists are the vocabulary it will be read back with,
 * so an export writes the list's entry ("Non-Compliant"), never our label for it.
 */

/** Spellings seen in SCAL response columns and their dropdowns, compared without case or punctuation. */
const RESPONSE_SPELLINGS: ReadonlyArray<readonly [ScalResponse, readonly string[]]> = [
  ['compliant', ['compliant', 'fully compliant', 'yes', 'y', 'met', 'fully met', 'conformant', 'compliance confirmed', 'confirmed', 'agreed', 'agree']],
  ['non_compliant', ['non-compliant', 'non compliant', 'noncompliant', 'not compliant', 'no', 'n', 'not met', 'partially compliant', 'partially met', 'partial', 'non-conformant']],
  ['not_applicable', ['not applicable', 'n/a', 'na', 'n.a.', 'not relevant']],
];

const RESPONSES: ReadonlyMap<string, ScalResponse> = new Map(RESPONSE_SPELLINGS.flatMap(([response, spellings]) => spellings.map((s) => [compactText(s), response] as const)));

/** The supplier's answer a cell says, or null when it says something else (free text is not guessed at). */
export function parseScalResponse(text: string): ScalResponse | null {
  return RESPONSES.get(compactText(text)) ?? null;
}

/**
 * NHS England's review verdicts, in the words of its SCAL workbooks' review dropdown. The first
 * three are about the evidence; "Not Applicable" agrees that a requirement does not apply.
 */
export const SCAL_REVIEW_VERDICTS = ['satisfactory', 'witness_testing', 'insufficient', 'not_applicable'] as const;
export type ScalReviewVerdict = (typeof SCAL_REVIEW_VERDICTS)[number];

export const SCAL_REVIEW_VERDICT_LABELS: Readonly<Record<ScalReviewVerdict, string>> = {
  satisfactory: 'Evidence Satisfactory – No Further Action Required',
  witness_testing: 'Evidence Demonstration Required – Witness Testing',
  insufficient: 'Evidence Incomplete or Insufficient Evidence Provided',
  not_applicable: 'Not Applicable',
};

/**
 * Reads a review cell. Workbooks differ in dashes, spacing and case, and reviewers shorten the
 * verdicts ("Satisfactory", "Witness testing"), so each verdict is known by its telling words.
 */
export function parseReviewVerdict(text: string): ScalReviewVerdict | null {
  const words = text.toLowerCase().replace(/[–—-]/g, ' ').replace(/\s+/g, ' ').trim();
  if (words === '') return null;
  if (/\bwitness/.test(words)) return 'witness_testing';
  if (/\b(incomplete|insufficient|unsatisfactory|not satisfactory)\b/.test(words)) return 'insufficient';
  if (/\bsatisfactory\b/.test(words)) return 'satisfactory';
  if (/^(not applicable|n\/a|na)$/.test(words)) return 'not_applicable';
  return null;
}

/**
 * Where a verdict leaves the requirement. Satisfactory and not applicable are NHS England agreeing
 * (accepted); insufficient evidence sends it back (rejected, with the reviewer's words as the
 * reason); a witness-testing verdict keeps it with NHS England, awaiting the witness test.
 */
export function statusForVerdict(verdict: ScalReviewVerdict): ScalRequirementStatus {
  switch (verdict) {
    case 'satisfactory':
    case 'not_applicable':
      return 'accepted';
    case 'insufficient':
      return 'rejected';
    case 'witness_testing':
      return 'submitted';
  }
}

/** The reason recorded for a rejected requirement: the reviewer's comment when there is one, else the verdict. */
export function rejectionReasonFor(verdict: ScalReviewVerdict, comment: string | null): string | null {
  if (verdict !== 'insufficient') return null;
  return comment?.trim() ? `${SCAL_REVIEW_VERDICT_LABELS.insufficient}: ${comment.trim()}` : SCAL_REVIEW_VERDICT_LABELS.insufficient;
}

/**
 * The dropdown entry that says a response, e.g. "Non-Compliant" for non_compliant. Null when the
 * list has no entry for it: the export then refuses, naming the list, rather than write a value
 * the workbook's own validation would reject.
 */
export function listEntryForResponse(response: ScalResponse, list: readonly string[]): string | null {
  return list.find((entry) => parseScalResponse(entry) === response) ?? null;
}

/** A status label matched to a dropdown entry ignoring case and punctuation ("In progress" ↔ "In Progress"). */
export function listEntryFor(label: string, list: readonly string[]): string | null {
  return list.find((entry) => compactText(entry) === compactText(label)) ?? null;
}
