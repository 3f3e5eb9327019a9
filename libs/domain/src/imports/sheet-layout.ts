/**
 * How a table sits on a real spreadsheet tab, as NHS England's workbooks lay them out: a title
 * block first, the header on row 5, 15 or 20, group headings merged over two or three header
 * rows, and lists or notes below the table. Shared by every import of a workbook (SCAL, hazard
 * log); nothing here knows what the columns mean.
 */

/** 1-based and inclusive, as a spreadsheet numbers its rows and columns. */
export interface GridRange {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

export type SheetVisibility = 'visible' | 'hidden' | 'veryHidden';

export interface ImportSheet {
  /** The tab's name; for a CSV, the file's name. */
  readonly name: string;
  /** Cell text; rows[0] is the sheet's first row, rows[r][c] the cell at row r + 1, column c + 1. */
  readonly rows: readonly (readonly string[])[];
  readonly state?: SheetVisibility;
  readonly merges?: readonly GridRange[];
  /** List validations (dropdowns) with their entries, where the workbook has them. */
  readonly lists?: readonly { readonly ranges: readonly GridRange[]; readonly values: readonly string[] | null }[];
}

/** How far down a tab its header row is looked for: NHS title blocks run to about twenty rows. */
export const HEADER_SEARCH_ROWS = 40;

/** Header text as a person reads it: line breaks and repeated spaces are layout, not meaning. */
export const tidyHeader = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Compared without case, spaces or punctuation: "MUST/SHOULD" and "Must / Should" are one header. */
export const compactText = (value: string): string => value.toUpperCase().replace(/[\s()_\-–—./\\:,;'"?*#&+]/g, '');

export const cellAt = (sheet: ImportSheet, row: number, col: number): string => sheet.rows[row - 1]?.[col - 1] ?? '';

export const sheetWidth = (sheet: ImportSheet): number => sheet.rows.reduce((w, r) => Math.max(w, r.length), 0);

const covers = (range: GridRange, row: number, col: number) => row >= range.top && row <= range.bottom && col >= range.left && col <= range.right;

/** The text a cell shows: its own, or that of the merge it lies under (a merged cell shows its first cell's text). */
export function shownText(sheet: ImportSheet, row: number, col: number): string {
  const own = cellAt(sheet, row, col);
  if (own.trim() !== '') return own;
  const merge = sheet.merges?.find((m) => covers(m, row, col));
  return merge ? cellAt(sheet, merge.top, merge.left) : '';
}

/** The merge a cell lies under, when it is not the merge's first cell. */
export function mergeOrigin(sheet: ImportSheet, row: number, col: number): GridRange | null {
  const merge = sheet.merges?.find((m) => covers(m, row, col));
  return merge && (merge.top !== row || merge.left !== col) ? merge : null;
}

/**
 * Each column's header name, given the header row. A column whose header cell is empty takes the
 * text of a merge over it (a heading merged down over several header rows). Where two columns
 * share a name ("Description" under both "HIT Design" and "User Training"), each is prefixed with
 * the group heading above it, one row at a time, until the names differ: so a name only grows when
 * it must, and the same column keeps the same name on every tab that has it.
 */
export function headerNames(sheet: ImportSheet, headerRow: number): string[] {
  const width = Math.max(sheetWidth(sheet), ...(sheet.merges ?? []).filter((m) => m.top <= headerRow && m.bottom >= headerRow).map((m) => m.right));
  const names = Array.from({ length: width }, (_, i) => tidyHeader(shownText(sheet, headerRow, i + 1)));
  const prefixes: string[][] = names.map(() => []);
  // Up to three group rows above: real workbooks stack at most a title, a group and a sub-group.
  for (let level = 1; level <= 3 && headerRow - level >= 1; level++) {
    const full = names.map((name, i) => [...prefixes[i], name].filter(Boolean).join(' / '));
    const counts = new Map<string, number>();
    for (const n of full) if (n) counts.set(n.toLowerCase(), (counts.get(n.toLowerCase()) ?? 0) + 1);
    const clashing = full.map((n) => n !== '' && (counts.get(n.toLowerCase()) ?? 0) > 1);
    if (!clashing.some(Boolean)) break;
    const row = headerRow - level;
    clashing.forEach((clash, i) => {
      if (!clash) return;
      const group = tidyHeader(shownText(sheet, row, i + 1));
      // A group is text above the column that is not the column's own header merged upwards.
      if (group && group.toLowerCase() !== names[i].toLowerCase() && !prefixes[i].some((p) => p.toLowerCase() === group.toLowerCase())) prefixes[i].unshift(group);
    });
  }
  return names.map((name, i) => [...prefixes[i], name].filter(Boolean).join(' / '));
}

/**
 * The row most likely to be the header: the one, among the first rows, with the most cells that
 * read as known headers (at least two, so a title that happens to say "Requirements" does not
 * win). Ties go to the earlier row. Null when no row qualifies; the user then picks one.
 */
export function suggestHeaderRow(sheet: ImportSheet, isKnownHeader: (name: string) => boolean): number | null {
  let best: { row: number; score: number } | null = null;
  const last = Math.min(sheet.rows.length, HEADER_SEARCH_ROWS);
  for (let row = 1; row <= last; row++) {
    // A name is judged by its own last part too: "Supplier Response / Compliance" is a known header.
    const known = headerNames(sheet, row).filter((n) => n !== '' && (isKnownHeader(n) || isKnownHeader(n.split(' / ').pop()!)));
    const score = new Set(known.map((n) => n.toLowerCase())).size;
    if (score >= 2 && (!best || score > best.score)) best = { row, score };
  }
  return best?.row ?? null;
}

/** The entries of the list validation (dropdown) covering a cell, when there is one with readable entries. */
export function listValuesAt(sheet: ImportSheet, row: number, col: number): readonly string[] | null {
  return sheet.lists?.find((l) => l.values && l.ranges.some((r) => covers(r, row, col)))?.values ?? null;
}
