/**
 * A1-style references as SpreadsheetML writes them: columns are letters (A = 1 … XFD = 16,384),
 * rows 1-based, `$` marks absolute parts and means nothing to a reader.
 */

export interface CellAddress {
  readonly row: number;
  readonly col: number;
}

export interface CellRange {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

export const MAX_COLUMNS = 16_384;
export const MAX_ROWS = 1_048_576;

export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function columnLetters(col: number): string {
  let letters = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;

export function parseCell(ref: string): CellAddress | null {
  const match = CELL.exec(ref.trim());
  if (!match) return null;
  const col = columnNumber(match[1]);
  const row = Number(match[2]);
  return col >= 1 && col <= MAX_COLUMNS && row >= 1 && row <= MAX_ROWS ? { row, col } : null;
}

export const cellRef = (row: number, col: number): string => `${columnLetters(col)}${row}`;

/** `B2:D4`, a single cell `B2`, whole columns `B:D` or whole rows `2:4`. */
export function parseRange(ref: string): CellRange | null {
  const [from, to = from] = ref.trim().split(':');
  const whole = (a: string, b: string, pattern: RegExp) => pattern.test(a) && pattern.test(b);
  if (whole(from, to, /^\$?[A-Za-z]{1,3}$/)) {
    const left = columnNumber(from.replace(/\$/g, ''));
    const right = columnNumber(to.replace(/\$/g, ''));
    return { top: 1, bottom: MAX_ROWS, left: Math.min(left, right), right: Math.max(left, right) };
  }
  if (whole(from, to, /^\$?\d{1,7}$/)) {
    const top = Number(from.replace(/\$/g, ''));
    const bottom = Number(to.replace(/\$/g, ''));
    return { top: Math.min(top, bottom), bottom: Math.max(top, bottom), left: 1, right: MAX_COLUMNS };
  }
  const a = parseCell(from);
  const b = parseCell(to);
  if (!a || !b) return null;
  return { top: Math.min(a.row, b.row), bottom: Math.max(a.row, b.row), left: Math.min(a.col, b.col), right: Math.max(a.col, b.col) };
}

/** A space-separated list of ranges, as `sqref` attributes hold them. */
export function parseSqref(sqref: string): CellRange[] {
  return sqref
    .split(/\s+/)
    .filter(Boolean)
    .map(parseRange)
    .filter((r): r is CellRange => r !== null);
}

export const inRange = (range: CellRange, row: number, col: number): boolean => row >= range.top && row <= range.bottom && col >= range.left && col <= range.right;

export const rangeRef = (range: CellRange): string =>
  range.top === range.bottom && range.left === range.right ? cellRef(range.top, range.left) : `${cellRef(range.top, range.left)}:${cellRef(range.bottom, range.right)}`;
