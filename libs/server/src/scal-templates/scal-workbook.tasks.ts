import type { ScalImportPreviewDto, ScalImportSheetPreview } from '@pairline/contracts';
import {
  DomainError,
  importScalRequirements,
  readReturnedWorkbook,
  scalSheetHeaders,
  SCAL_IMPORT_MAX_ROWS,
  sheetWidth,
  suggestMapping,
  tidyHeader,
  type ColumnMapping,
  type ImportedSection,
  type ImportSheet,
  type ImportWarning,
  type RejectedRow,
  type ReturnedWorkbook,
  type ScalTabLayout,
  type ScalSheetLayout,
  type ScalSheetSettings,
  type ScalWorkbookWrite,
} from '@pairline/domain';
import { parse } from 'csv-parse/sync';
import { writeCells } from '../documents/xlsx/cell-writer';
import { readWorkbook } from '../documents/xlsx/workbook-reader';
import type { ScalSourceSheet } from './scal-template.entity';

/**
 * The SCAL workbook work done on the document threads: reading an upload into tabs, previewing
 * and checking an import, writing answers back into the original workbook. Plain data in and out
 * (no Nest, no database): a thread loads this and nothing more.
 */

export interface ScalFileInput {
  readonly bytes: Uint8Array;
  readonly filename: string;
  readonly kind: 'xlsx' | 'csv';
}

export interface ScalImportOptions {
  readonly mapping?: ColumnMapping;
  readonly sheets?: Readonly<Record<string, ScalSheetSettings>>;
}

/** How many rows of each tab a preview shows below its header: enough to check a mapping by eye. */
export const PREVIEW_ROWS = 20;

export function readScalSheets(input: ScalFileInput): ImportSheet[] {
  if (input.kind === 'csv') return [readCsv(input.filename, Buffer.from(input.bytes))];
  // One row more than an import takes, so an oversized file is refused before the rest is read.
  return readWorkbook(input.bytes, { maxRows: SCAL_IMPORT_MAX_ROWS + 1_000 }).sheets.map((s) => ({ name: s.name, rows: s.rows, state: s.state, merges: s.merges, lists: s.lists.map((l) => ({ ranges: l.ranges, values: l.values })) }));
}

function readCsv(filename: string, bytes: Buffer): ImportSheet {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DomainError('unsupported_media', 'import_csv_not_utf8', `${filename} is named .csv but is not UTF-8 text; save it as "CSV UTF-8" and upload it again.`);
  }
  if (text.includes('\u0000')) throw new DomainError('unsupported_media', 'import_csv_not_text', `${filename} is named .csv but is not text.`);
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  // Some SCALs are exported pipe-separated because their descriptions are full of commas.
  const count = (char: string) => header.split(char).length - 1;
  const delimiter = count('|') > count(',') ? '|' : ',';
  let records: string[][];
  try {
    // Stops one record past the limit, so a million-row file is not read to the end to be refused.
    records = parse(text, { delimiter, bom: true, relax_column_count: true, skip_empty_lines: false, to: SCAL_IMPORT_MAX_ROWS + 2 });
  } catch (error) {
    throw new DomainError('unprocessable', 'scal_csv_malformed', `The CSV could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (records.length - 1 > SCAL_IMPORT_MAX_ROWS) {
    throw new DomainError('unprocessable', 'scal_import_too_large', `The file has more than ${SCAL_IMPORT_MAX_ROWS} rows; a SCAL import takes at most ${SCAL_IMPORT_MAX_ROWS}.`, { limit: SCAL_IMPORT_MAX_ROWS });
  }
  // Trailing empty cells are layout, as in a workbook's used range.
  return { name: filename.trim(), rows: records.map((r) => trimRow(r)) };
}

function trimRow(cells: readonly string[]): string[] {
  let end = cells.length;
  while (end > 0 && (cells[end - 1] ?? '').trim() === '') end--;
  return cells.slice(0, end);
}

/** The mapping to read with: the caller's, else one suggested from every tab's header row. */
function mappingFor(sheets: readonly ImportSheet[], options: ScalImportOptions): { suggested: Record<string, ColumnMapping[string]>; mapping: ColumnMapping } {
  const suggested = suggestMapping(sheets.filter((s) => options.sheets?.[s.name]?.include !== false).map((s) => scalSheetHeaders(s, options.sheets?.[s.name]?.headerRow).headers));
  return { suggested, mapping: options.mapping ?? suggested };
}

function sheetPreview(sheet: ImportSheet, layout: ScalSheetLayout | undefined, settings: ScalSheetSettings | undefined, rejected: readonly RejectedRow[]): ScalImportSheetPreview {
  const { suggestedHeaderRow, headerRow, headers } = layout ?? scalSheetHeaders(sheet, settings?.headerRow);
  const width = Math.max(headers.length, 1);
  const rows: ScalImportSheetPreview['rows'] = [];
  const headingText = (cells: readonly string[]) => tidyHeader(Object.values(layout?.columns ?? {}).map((i) => (cells[i] ?? '').trim()).find((v) => v !== '') ?? '');
  let rowCount = 0;
  for (let row = headerRow + 1; row <= sheet.rows.length; row++) {
    const cells = sheet.rows[row - 1] ?? [];
    if (cells.every((c) => c.trim() === '')) continue;
    rowCount++;
    if (rows.length >= PREVIEW_ROWS) continue;
    const shown = Array.from({ length: Math.min(Math.max(width, cells.length), sheetWidth(sheet)) }, (_, i) => cells[i] ?? '');
    const kind = layout?.requirements ? layout.rowKinds[row - headerRow - 1] : undefined;
    const reason = rejected.find((r) => r.sheet === sheet.name && r.row === row)?.reason;
    if (reason) rows.push({ row, cells: shown, kind: 'rejected', reason });
    else if (kind === 'heading') rows.push({ row, cells: shown, kind, text: headingText(cells) });
    else rows.push({ row, cells: shown, kind: kind === 'requirement' || kind === 'below' ? kind : 'unread' });
  }
  return {
    name: sheet.name,
    state: sheet.state ?? 'visible',
    suggestedHeaderRow: layout?.suggestedHeaderRow ?? suggestedHeaderRow,
    headerRow,
    headers: [...headers],
    rowCount,
    rows,
    requirements: layout?.requirements ?? false,
    requirementRows: layout?.requirementRows ?? 0,
    headingRows: layout?.headingRows ?? 0,
    rowsBelowTable: layout?.rowsBelowTable ?? 0,
    answeredRows: layout?.answeredRows ?? 0,
    verdicts: { ...(layout?.verdicts ?? {}) },
    defaultLevel: layout?.defaultLevel ?? null,
    answerColumns: { ...(layout?.answerColumns ?? {}) },
    answerLists: Object.fromEntries(Object.entries(layout?.answerLists ?? {}).map(([k, v]) => [k, [...(v ?? [])]])),
  };
}

/** Reads the file and the mapping as the import would, refusing nothing the user can correct in the wizard. */
export function previewScalImport(input: ScalFileInput & ScalImportOptions): Omit<ScalImportPreviewDto, 'file'> {
  const sheets = readScalSheets(input);
  const { suggested, mapping } = mappingFor(sheets, input);
  let layouts: ScalSheetLayout[] = [];
  let rejected: ScalImportPreviewDto['rejected'] = [];
  let warnings: ImportWarning[] = [];
  let mappingProblem: string | null = null;
  let requirementCount = 0;
  let reusedIdentifiers: string[] = [];
  try {
    const result = importScalRequirements({ sheets, mapping, sheetSettings: input.sheets });
    layouts = result.sheets;
    if (result.ok) {
      requirementCount = result.sections.reduce((n, s) => n + s.requirements.length, 0);
      warnings = result.warnings;
      reusedIdentifiers = result.reusedIdentifiers;
    } else rejected = result.rejected;
  } catch (error) {
    // A preview exists to show what is wrong, so an unusable mapping is reported, not refused.
    if (!(error instanceof DomainError)) throw error;
    mappingProblem = error.message;
  }
  const byName = new Map(layouts.map((l) => [l.name, l]));
  return {
    sheets: sheets.map((s) => sheetPreview(s, byName.get(s.name), input.sheets?.[s.name], rejected)),
    suggestedMapping: suggested,
    mapping: { ...mapping },
    mappingProblem,
    rejected,
    warnings,
    requirementCount,
    layoutOnlySheets: layouts.filter((l) => !l.requirements).map((l) => l.name),
    reusedIdentifiers,
  };
}

export interface PreparedScalImport {
  readonly sections: ImportedSection[];
  readonly sourceSheets: ScalSourceSheet[];
  readonly rowCount: number;
  readonly warnings: ImportWarning[];
  readonly answeredRows: number;
}

/** Reads and checks an import for storing: any refusal (mapping, rejected rows) happens here, before a write. */
export function prepareScalImport(input: ScalFileInput & ScalImportOptions & { mapping: ColumnMapping }): PreparedScalImport {
  const sheets = readScalSheets(input);
  const result = importScalRequirements({ sheets, mapping: input.mapping, sheetSettings: input.sheets });
  if (!result.ok) {
    throw new DomainError('unprocessable', 'scal_import_rejected', `${result.rejected.length} row(s) cannot be imported; nothing was stored. Fix them and import again.`, { rejected: result.rejected });
  }
  const used = new Set(result.sections.flatMap((s) => s.requirements.map((r) => `${r.sheet}\u0000${r.row}`)));
  const byName = new Map(result.sheets.map((l) => [l.name, l]));
  const sourceSheets: ScalSourceSheet[] = sheets.map((sheet) => {
    const layout = byName.get(sheet.name)!;
    const otherRows: { row: number; cells: string[] }[] = [];
    sheet.rows.forEach((cells, index) => {
      const row = index + 1;
      if (row !== layout.headerRow && !used.has(`${sheet.name}\u0000${row}`) && cells.some((c) => (c ?? '').trim() !== '')) otherRows.push({ row, cells: [...cells] });
    });
    return {
      name: sheet.name,
      state: layout.state,
      headerRow: layout.headerRow,
      headers: [...layout.headers],
      width: Math.max(sheetWidth(sheet), layout.headers.length),
      columns: { ...layout.columns },
      answerColumns: { ...layout.answerColumns },
      answerLists: Object.fromEntries(Object.entries(layout.answerLists).map(([k, v]) => [k, [...(v ?? [])]])),
      otherRows,
    };
  });
  return {
    sections: result.sections,
    sourceSheets,
    rowCount: result.sections.reduce((n, s) => n + s.requirements.length, 0),
    warnings: result.warnings,
    answeredRows: result.sheets.reduce((n, s) => n + s.answeredRows, 0),
  };
}

/** The answers and verdicts of a workbook coming back for a SCAL, read by the tabs' layout at import. */
export function readReturnedScal(input: ScalFileInput & { readonly layouts: readonly ScalTabLayout[] }): ReturnedWorkbook {
  return readReturnedWorkbook(readScalSheets(input), input.layouts);
}

/** The original workbook with the answer cells written, every other part as it came. */
export function writeScalAnswers(input: { readonly bytes: Uint8Array; readonly writes: readonly ScalWorkbookWrite[] }): Uint8Array {
  return writeCells(input.bytes, input.writes);
}

/** What a document thread can be asked to do with SCAL workbooks. */
declare module '../documents/document-workers' {
  interface DocumentTaskRegistry {
    scalPreview: typeof previewScalImport;
    scalPrepare: typeof prepareScalImport;
    scalWriteAnswers: typeof writeScalAnswers;
    scalReadReturned: typeof readReturnedScal;
  }
}
