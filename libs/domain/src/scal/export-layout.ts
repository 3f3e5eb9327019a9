import { columnName } from '../imports/columns';
import { DomainError } from '../errors/domain-error';
import { listEntryFor, listEntryForResponse } from './answers';
import type { ScalAnswerColumn } from './import';
import type { ScalEnvironment, ScalLevel, ScalRequirementStatus, ScalResponse } from './requirements';

/**
 * Where every answer of an exported SCAL goes. A SCAL imported from a workbook goes back as that
 * workbook, with only the answer cells written ({@link scalWorkbookWrites}: the caller edits the
 * original file). Without the original file (a CSV, the built-in baseline, a template imported
 * before files were kept) the export is a text layout: the source's sheets, headers and cells at
 * their own rows and columns, the answers in their mapped columns or appended after the widest
 * row; the baseline gets one sheet per section with fixed headers. File formats are the caller's
 * business: the same text layout feeds the xlsx and the CSV writers.
 */

export interface ScalExportSourceSheet {
  readonly name: string;
  readonly headers: readonly string[];
  /** The header row (1-based); 1 for templates imported before header rows were found. */
  readonly headerRow?: number;
  /** The tab's used width in columns; appended answer columns go after it. */
  readonly width?: number;
  readonly answerColumns?: Partial<Record<ScalAnswerColumn, number>>;
  /** The dropdown entries of an answer column, where the tab validates it with a list. */
  readonly answerLists?: Partial<Record<ScalAnswerColumn, readonly string[]>>;
  readonly otherRows?: readonly { readonly row: number; readonly cells: readonly string[] }[];
}

export interface ScalExportRow {
  readonly identifier: string;
  readonly section: string;
  readonly sectionName: string;
  readonly description: string;
  readonly useCase: string | null;
  readonly type: string | null;
  readonly link: string | null;
  readonly testCases: string | null;
  readonly evidenceRequired: string | null;
  readonly environment: ScalEnvironment | null;
  readonly level: ScalLevel;
  readonly source: { readonly sheet: string; readonly row: number; readonly cells: readonly string[] } | null;
  readonly response: ScalResponse | null;
  readonly justification: string | null;
  readonly status: ScalRequirementStatus;
  readonly rejectionReason: string | null;
  /** One line per evidence reference, already worded by the caller. */
  readonly evidence: readonly string[];
}

export interface ScalExportSheet {
  readonly name: string;
  /** Spreadsheet row numbers (1 = headers), ascending, with gaps where the source had empty rows. */
  readonly rows: Iterable<{ readonly row: number; readonly cells: readonly string[] }>;
}

export const SCAL_RESPONSE_LABELS: Readonly<Record<ScalResponse, string>> = { compliant: 'Compliant', non_compliant: 'Non-compliant', not_applicable: 'Not applicable' };

export const SCAL_STATUS_LABELS: Readonly<Record<ScalRequirementStatus, string>> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  ready_for_review: 'Ready for review',
  submitted: 'Submitted',
  accepted: 'Accepted by NHS England',
  rejected: 'Rejected',
};

type WrittenColumn = 'response' | 'justification' | 'evidence' | 'status';
const ANSWER_HEADERS: Readonly<Record<WrittenColumn, string>> = { response: 'Response', justification: 'Justification', evidence: 'Evidence', status: 'Status' };
const ANSWER_ORDER: readonly WrittenColumn[] = ['response', 'justification', 'evidence', 'status'];

export function answerCells(row: ScalExportRow): Record<WrittenColumn, string> {
  return {
    response: row.response ? SCAL_RESPONSE_LABELS[row.response] : '',
    justification: row.justification ?? '',
    evidence: row.evidence.join('\n'),
    status: row.status === 'rejected' && row.rejectionReason ? `${SCAL_STATUS_LABELS.rejected}: ${row.rejectionReason}` : SCAL_STATUS_LABELS[row.status],
  };
}

export const DEFAULT_EXPORT_HEADERS = ['Identifier', 'Section', 'Description', 'Use case', 'Type', 'Link to specification', 'Test cases', 'Evidence required', 'Environment', 'Level', 'Response', 'Justification', 'Evidence', 'Status'] as const;

function defaultCells(row: ScalExportRow): string[] {
  const answers = answerCells(row);
  return [row.identifier, row.sectionName, row.description, row.useCase ?? '', row.type ?? '', row.link ?? '', row.testCases ?? '', row.evidenceRequired ?? '', row.environment ?? '', row.level, answers.response, answers.justification, answers.evidence, answers.status];
}

/** Excel refuses sheet names over 31 characters, with []:*?/\ in them, or repeated (case-insensitively). */
export function worksheetName(wanted: string, taken: Set<string>): string {
  const base = (wanted.replace(/[[\]:*?/\\]/g, ' ').trim() || 'Sheet').slice(0, 31);
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 1)} ${n}`;
  taken.add(name.toLowerCase());
  return name;
}

function* defaultRows(rows: readonly ScalExportRow[]): Generator<{ row: number; cells: string[] }> {
  yield { row: 1, cells: [...DEFAULT_EXPORT_HEADERS] };
  let n = 1;
  for (const row of rows) yield { row: ++n, cells: defaultCells(row) };
}

/** One sheet per section, in the rows' order (the template's), for a SCAL with no source workbook. */
function defaultSheets(rows: readonly ScalExportRow[], taken: Set<string>): ScalExportSheet[] {
  const sections = new Map<string, { name: string; rows: ScalExportRow[] }>();
  for (const row of rows) {
    let section = sections.get(row.section);
    if (!section) sections.set(row.section, (section = { name: row.sectionName, rows: [] }));
    section.rows.push(row);
  }
  return [...sections.values()].map((s) => ({ name: worksheetName(s.name, taken), rows: defaultRows(s.rows) }));
}

function sourceSheet(sheet: ScalExportSourceSheet, rows: readonly ScalExportRow[]): ScalExportSheet {
  const mapped = sheet.answerColumns ?? {};
  // A sheet with no requirements (a cover or instructions tab) is written back exactly as it was.
  const missing = rows.length === 0 ? [] : ANSWER_ORDER.filter((c) => mapped[c] === undefined);
  const other = sheet.otherRows ?? [];
  // Appended after the widest row, not the header, so no source cell beyond the headers is overwritten.
  const width = [...rows.map((r) => r.source!.cells.length), ...other.map((r) => r.cells.length)].reduce((w, n) => Math.max(w, n), sheet.headers.length);
  const column = (c: WrittenColumn) => mapped[c] ?? width + missing.indexOf(c);
  const headers = [...sheet.headers];
  for (const c of missing) headers[column(c)] = ANSWER_HEADERS[c];
  const headerRow = sheet.headerRow ?? 1;
  const ordered = [...rows.map((r) => ({ row: r.source!.row, requirement: r as ScalExportRow | null, cells: r.source!.cells })), ...other.map((r) => ({ row: r.row, requirement: null, cells: r.cells }))]
    .filter((r) => r.row !== headerRow)
    .sort((a, b) => a.row - b.row);
  const before = ordered.filter((r) => r.row < headerRow);
  const after = ordered.filter((r) => r.row > headerRow);
  return {
    name: sheet.name,
    rows: (function* () {
      for (const entry of before) yield { row: entry.row, cells: fill(entry.cells) };
      yield { row: headerRow, cells: fill(headers) };
      for (const entry of after) {
        const cells = [...entry.cells];
        if (entry.requirement) {
          const answers = answerCells(entry.requirement);
          for (const c of ANSWER_ORDER) {
            // A mapped column keeps whatever the workbook said there until the SCAL has an answer to write.
            if (mapped[c] !== undefined && answers[c] === '') continue;
            cells[column(c)] = answers[c];
          }
        }
        yield { row: entry.row, cells: fill(cells) };
      }
    })(),
  };
}

const fill = (cells: readonly (string | undefined)[]): string[] => Array.from(cells, (c) => c ?? '');

/** Rows in template order. Rows with no source row (or whose sheet is unknown) go to a default-layout sheet. */
export function scalExportLayout(input: { readonly sourceSheets: readonly ScalExportSourceSheet[] | null; readonly rows: readonly ScalExportRow[] }): ScalExportSheet[] {
  const taken = new Set<string>();
  if (!input.sourceSheets || input.sourceSheets.length === 0) return defaultSheets(input.rows, taken);
  const bySheet = new Map(input.sourceSheets.map((s) => [s.name, [] as ScalExportRow[]]));
  const loose: ScalExportRow[] = [];
  for (const row of input.rows) {
    const list = row.source ? bySheet.get(row.source.sheet) : undefined;
    if (list) list.push(row);
    else loose.push(row);
  }
  for (const s of input.sourceSheets) taken.add(s.name.toLowerCase());
  const sheets = input.sourceSheets.map((s) => sourceSheet(s, bySheet.get(s.name)!));
  if (loose.length) sheets.push({ name: worksheetName('Other requirements', taken), rows: defaultRows(loose) });
  return sheets;
}

/**
 * The CSV is one table: a SCAL from a one-sheet source (a CSV, or a one-tab workbook) keeps that
 * layout; any other is written in the default layout, whose Section column says which tab a row
 * belongs to.
 */
export function scalCsvLayout(input: { readonly sourceSheets: readonly ScalExportSourceSheet[] | null; readonly rows: readonly ScalExportRow[] }): ScalExportSheet {
  if (input.sourceSheets?.length === 1 && input.rows.every((r) => r.source?.sheet === input.sourceSheets![0].name)) return sourceSheet(input.sourceSheets[0], input.rows);
  return { name: 'SCAL', rows: defaultRows(input.rows) };
}

/** One cell an export writes into the original workbook: 1-based, as the workbook numbers them. */
export interface ScalWorkbookWrite {
  readonly sheet: string;
  readonly row: number;
  readonly col: number;
  readonly value: string;
}

/**
 * The cells to write into a SCAL's original workbook: the supplier's answers at each requirement's
 * own row, in the columns the import mapped (response, justification and evidence appended after
 * the tab's used width, with a header, when it has no column for them; our status only where the
 * mapping has a column). NHS England's review columns are never written. A column with a dropdown
 * gets the list's own entry ("Non-Compliant"); an answer the list cannot say is refused, naming
 * the tab, the column and the list, rather than written as a value the workbook would reject.
 */
export function scalWorkbookWrites(input: { readonly sourceSheets: readonly ScalExportSourceSheet[]; readonly rows: readonly ScalExportRow[] }): ScalWorkbookWrite[] {
  const bySheet = new Map(input.sourceSheets.map((s) => [s.name, [] as ScalExportRow[]]));
  for (const row of input.rows) if (row.source) bySheet.get(row.source.sheet)?.push(row);
  const writes: ScalWorkbookWrite[] = [];
  const problems = new Map<string, string>();
  for (const sheet of input.sourceSheets) {
    const rows = bySheet.get(sheet.name)!;
    if (rows.length === 0) continue;
    const mapped = sheet.answerColumns ?? {};
    const headerRow = sheet.headerRow ?? 1;
    const width = sheet.width ?? Math.max(sheet.headers.length, ...rows.map((r) => r.source!.cells.length));
    const appended = (['response', 'justification', 'evidence'] as const).filter((c) => mapped[c] === undefined);
    const column = (c: WrittenColumn): number | undefined => (mapped[c] !== undefined ? mapped[c]! + 1 : appended.includes(c as never) ? width + 1 + appended.indexOf(c as never) : undefined);
    for (const c of appended) writes.push({ sheet: sheet.name, row: headerRow, col: column(c)!, value: ANSWER_HEADERS[c] });
    for (const row of rows) {
      const answers = answerCells(row);
      for (const c of ANSWER_ORDER) {
        const col = column(c);
        // An unanswered column keeps whatever the workbook said there.
        if (col === undefined || answers[c] === '') continue;
        const list = sheet.answerLists?.[c];
        let value = answers[c];
        if (list && list.length) {
          const entry = c === 'response' && row.response ? listEntryForResponse(row.response, list) : listEntryFor(c === 'status' ? SCAL_STATUS_LABELS[row.status] : value, list);
          if (entry === null) {
            const header = sheet.headers[col - 1] || ANSWER_HEADERS[c];
            problems.set(`${sheet.name}\u0000${col}\u0000${value}`, `tab "${sheet.name}", column ${columnName(col)} ("${header}") offers ${list.map((v) => `"${v}"`).join(', ')}, none of which says "${c === 'status' ? SCAL_STATUS_LABELS[row.status] : value}"`);
            continue;
          }
          value = entry;
        }
        writes.push({ sheet: sheet.name, row: row.source!.row, col, value });
      }
    }
  }
  if (problems.size) {
    throw new DomainError('unprocessable', 'scal_export_list_mismatch', `The workbook's own dropdowns cannot hold some answers: ${[...problems.values()].join('; ')}. Map those columns differently, or change the answers.`, {
      problems: [...problems.values()],
    });
  }
  return writes;
}
