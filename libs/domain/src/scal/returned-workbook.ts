import { headerNames, HEADER_SEARCH_ROWS, tidyHeader, type ImportSheet } from '../imports/sheet-layout';
import { rejectionReasonFor, statusForVerdict, type ScalReviewVerdict } from './answers';
import { readAnswerCells, type ImportedAnswer, type ImportWarning, type ScalAnswerColumn, type ScalImportField } from './import';
import type { ScalRequirementState, ScalResponse } from './requirements';

/**
 * A SCAL workbook coming back: the supplier's half-completed copy, or NHS England's with its
 * verdicts written in. Its rows are matched to the SCAL's requirements by tab and identifier (not
 * by row number: a reviewer may have inserted rows), its answers fill what the SCAL lacks, and its
 * verdicts move the requirements' review statuses.
 */

/** How the template's import read a tab: enough to find the same columns in a returned copy. */
export interface ScalTabLayout {
  readonly name: string;
  readonly headerRow?: number;
  readonly headers: readonly string[];
  readonly columns?: Partial<Record<ScalImportField, number>>;
  readonly answerColumns?: Partial<Record<ScalAnswerColumn, number>>;
}

export interface ReturnedRow {
  readonly sheet: string;
  readonly row: number;
  /** As the workbook writes it (the tab tells reused identifiers apart). */
  readonly identifier: string;
  readonly answer: ImportedAnswer;
}

export interface ReturnedWorkbook {
  readonly rows: ReturnedRow[];
  /** Tabs of the template the returned workbook does not have (renamed or removed). */
  readonly missingSheets: string[];
  readonly warnings: ImportWarning[];
}

const key = (text: string) => tidyHeader(text).toLowerCase();

/**
 * Where a tab's header now is, and each known column under it, found by header name: the row the
 * template had first, else the first rows searched for the identifier column's header.
 */
function locate(sheet: ImportSheet, layout: ScalTabLayout): { headerRow: number; column: (index: number | undefined) => number | undefined } | null {
  const identifierAt = layout.columns?.identifier;
  if (identifierAt === undefined) return null;
  const wanted = key(layout.headers[identifierAt] ?? '');
  const candidates = [layout.headerRow ?? 1, ...Array.from({ length: Math.min(sheet.rows.length, HEADER_SEARCH_ROWS) }, (_, i) => i + 1)];
  for (const headerRow of candidates) {
    const names = headerNames(sheet, headerRow).map(key);
    if (names[identifierAt] !== wanted && !names.includes(wanted)) continue;
    const column = (index: number | undefined) => {
      if (index === undefined) return undefined;
      const name = key(layout.headers[index] ?? '');
      if (names[index] === name) return index;
      const found = names.indexOf(name);
      return found >= 0 ? found : undefined;
    };
    return { headerRow, column };
  }
  return null;
}

export function readReturnedWorkbook(sheets: readonly ImportSheet[], layouts: readonly ScalTabLayout[]): ReturnedWorkbook {
  const byName = new Map(sheets.map((s) => [s.name, s]));
  const rows: ReturnedRow[] = [];
  const warnings: ImportWarning[] = [];
  const missingSheets: string[] = [];
  for (const layout of layouts) {
    if (layout.columns?.identifier === undefined || !layout.answerColumns || Object.keys(layout.answerColumns).length === 0) continue;
    const sheet = byName.get(layout.name);
    const found = sheet ? locate(sheet, layout) : null;
    if (!sheet || !found) {
      missingSheets.push(layout.name);
      continue;
    }
    const identifierColumn = found.column(layout.columns.identifier)!;
    const answerColumns = Object.fromEntries(
      Object.entries(layout.answerColumns)
        .map(([column, index]) => [column, found.column(index)] as const)
        .filter(([, index]) => index !== undefined),
    ) as Partial<Record<ScalAnswerColumn, number>>;
    for (let row = found.headerRow + 1; row <= sheet.rows.length; row++) {
      const cells = sheet.rows[row - 1] ?? [];
      const identifier = (cells[identifierColumn] ?? '').trim();
      if (!identifier) continue;
      const answer = readAnswerCells(answerColumns, cells, sheet.name, row, warnings);
      if (answer) rows.push({ sheet: sheet.name, row, identifier, answer });
    }
  }
  return { rows, missingSheets, warnings };
}

export type ReviewedState = ScalRequirementState;

/** A field where the SCAL and the workbook disagree: the SCAL's answer is kept, the difference reported. */
export interface AnswerConflict {
  readonly identifier: string;
  readonly field: 'response' | 'justification';
  readonly scal: string;
  readonly workbook: string;
}

/**
 * What a returned workbook's row does to a requirement. NHS England's verdict is its word on the
 * requirement and always applies (satisfactory or not applicable: accepted; insufficient:
 * rejected, with the reviewer's comment as the reason; witness testing: with NHS England, awaiting
 * the test). The supplier's answers fill only what the SCAL has not answered: Pairline is where
 * answers are kept, so a stale copy never overwrites a newer answer; differences are reported.
 */
export function applyReturnedAnswer(current: ReviewedState, answer: ImportedAnswer): { next: ReviewedState; conflicts: AnswerConflict[] } {
  const conflicts: AnswerConflict[] = [];
  let response: ScalResponse | null = current.response;
  let justification = current.justification;
  if (answer.response) {
    if (!response) response = answer.response;
    else if (response !== answer.response) conflicts.push({ identifier: current.identifier, field: 'response', scal: response, workbook: answer.responseText ?? answer.response });
  }
  if (answer.justification) {
    if (!justification) justification = answer.justification;
    else if (justification.trim() !== answer.justification.trim()) conflicts.push({ identifier: current.identifier, field: 'justification', scal: justification, workbook: answer.justification });
  }
  let { status, rejectionReason } = current;
  let reviewVerdict = current.reviewVerdict ?? null;
  let reviewComment = current.reviewComment ?? null;
  if (answer.review) {
    reviewVerdict = answer.review;
    reviewComment = answer.reviewComment;
    status = statusForVerdict(answer.review);
    rejectionReason = rejectionReasonFor(answer.review, answer.reviewComment);
  } else if (answer.reviewComment) {
    reviewComment = answer.reviewComment;
  }
  if (status === 'not_started' && (response || justification)) status = 'in_progress';
  return { next: { ...current, response, justification, status, rejectionReason, reviewVerdict, reviewComment }, conflicts };
}

/** Requirements NHS England asked to see demonstrated: the SCAL's call for the witness-test route. */
export function witnessTestRequests(states: readonly { readonly identifier: string; readonly reviewVerdict?: ScalReviewVerdict | null }[]): string[] {
  return states.filter((s) => s.reviewVerdict === 'witness_testing').map((s) => s.identifier);
}
