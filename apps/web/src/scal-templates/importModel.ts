import { SCAL_ANSWER_COLUMNS, tidyHeader, type ScalAnswerColumn, type ScalMappingTarget } from '@pairline/domain';
import type { ColumnMapping, ScalImportPreviewDto, ScalImportSheetPreview, SheetSettings } from '../scals/scalsApi';

/**
 * What the import wizard works out from a preview: the distinct headers to map, the mapping to send,
 * and how each previewed row reads. The server decides what is imported; these only arrange its
 * answer for the screen.
 */

/** Headers are matched as the API matches them: tidied, any case. */
export const headerKey = (header: string) => tidyHeader(header).toLowerCase();

export const isAnswerColumn = (target: ScalMappingTarget): target is ScalAnswerColumn => (SCAL_ANSWER_COLUMNS as readonly string[]).includes(target);

export const included = (sheet: ScalImportSheetPreview, settings: SheetSettings) => settings[sheet.name]?.include !== false;

/** A tab that holds requirements, or one the user is settling (its header row set by hand). */
export const workedOn = (sheet: ScalImportSheetPreview, settings: SheetSettings) => sheet.requirements || settings[sheet.name]?.headerRow !== undefined;

export interface DistinctHeader {
  key: string;
  /** As the first tab that has it spells it. */
  header: string;
  tabs: string[];
  /** A value under it, to recognise the column by. */
  sample: string | null;
  /**
   * On a tab that holds requirements, or whose header row the user has set (a tab being worked on);
   * the other tabs' "headers" are mostly a title or a list.
   */
  onRequirementTab: boolean;
}

/** One entry per header across the included tabs, in the order the tabs and columns come. */
export function distinctHeaders(preview: ScalImportPreviewDto, settings: SheetSettings): DistinctHeader[] {
  const byKey = new Map<string, DistinctHeader>();
  for (const sheet of preview.sheets) {
    if (!included(sheet, settings)) continue;
    sheet.headers.forEach((header, column) => {
      const key = headerKey(header);
      if (!key) return;
      let entry = byKey.get(key);
      if (!entry) byKey.set(key, (entry = { key, header, tabs: [], sample: null, onRequirementTab: false }));
      if (!entry.tabs.includes(sheet.name)) entry.tabs.push(sheet.name);
      entry.onRequirementTab ||= workedOn(sheet, settings);
      // A sample from a row with more than one filled cell: a lone cell is a sub-heading or a note.
      entry.sample ??= sheet.rows.filter((r) => r.cells.filter((c) => c.trim() !== '').length > 1).map((r) => (r.cells[column] ?? '').trim()).find((v) => v !== '') ?? null;
    });
  }
  return [...byKey.values()];
}

/** The user's choices over the server's suggestion, for the headers there are now. */
export function effectiveMapping(headers: readonly DistinctHeader[], suggested: ColumnMapping, overrides: Readonly<Record<string, ScalMappingTarget | null>>): ColumnMapping {
  const suggestion = new Map(Object.entries(suggested).map(([h, t]) => [headerKey(h), t]));
  return Object.fromEntries(headers.map((h) => [h.header, h.key in overrides ? overrides[h.key] : (suggestion.get(h.key) ?? null)]));
}

/** Column index per target on one tab: the first column whose header maps to it. */
export function mappedColumns(sheet: ScalImportSheetPreview, mapping: ColumnMapping): { target: ScalMappingTarget; column: number; header: string }[] {
  const byKey = new Map(Object.entries(mapping).map(([h, t]) => [headerKey(h), t]));
  const seen = new Set<ScalMappingTarget>();
  const result: { target: ScalMappingTarget; column: number; header: string }[] = [];
  sheet.headers.forEach((header, column) => {
    const target = byKey.get(headerKey(header));
    if (!target || seen.has(target)) return;
    seen.add(target);
    result.push({ target, column, header });
  });
  return result;
}

export type PreviewRowKind = { kind: 'requirement' } | { kind: 'heading'; text: string } | { kind: 'rejected'; reason: string } | { kind: 'layout' } | { kind: 'unread' };

/** How the import reads each previewed row, as the server says (its rules, not a copy of them). */
export function rowKinds(sheet: ScalImportSheetPreview): PreviewRowKind[] {
  return sheet.rows.map((row) => {
    switch (row.kind) {
      case 'heading':
        return { kind: 'heading', text: row.text };
      case 'rejected':
        return { kind: 'rejected', reason: row.reason };
      case 'below':
        return { kind: 'layout' };
      default:
        return { kind: row.kind };
    }
  });
}

export const baseName = (filename: string) => filename.replace(/\.[^.]+$/, '');

/** A template key from a file name: lower-case letters, digits and dashes, as the API accepts. */
export const keyFrom = (filename: string) =>
  baseName(filename)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100) || 'scal';

export const plural = (n: number, word: string, many = `${word}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? word : many}`;
