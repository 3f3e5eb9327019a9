import { DomainError } from '@pairline/domain';
import type { SaxesTagPlain } from 'saxes';
import { cellRef, inRange, parseCell, parseRange, parseSqref, type CellRange } from './cell-ref';
import { attribute, decodeEscapes, localName, parseXml, readDateStyles, readRelationships, readSharedStrings, readWorkbookParts, type DefinedName, type SheetState } from './package-parts';
import { ZipPackage } from './zip-package';

/**
 * Reads what an import needs from a workbook: every sheet's cells as text, where its merges, list
 * validations, hyperlinks and notes are, and whether it is hidden. Straight from the package's
 * XML, in one pass per part: a sheet is as wide as its last non-empty column, whatever its
 * dimension or styled columns claim (real SCAL tabs style all 16,384 columns).
 */

export interface ListValidation {
  readonly ranges: readonly CellRange[];
  /** The list's entries, resolved from an inline list, a range or a defined name; null when they cannot be (e.g. INDIRECT). */
  readonly values: readonly string[] | null;
  readonly formula: string;
}

export interface CellLink {
  readonly row: number;
  readonly col: number;
  /** An external address (URL, mailto); null for a link within the workbook. */
  readonly target: string | null;
  /** A place in the workbook (`'Hazard Log'!A2`), when the link points there. */
  readonly location: string | null;
}

export interface CellNote {
  readonly row: number;
  readonly col: number;
  readonly text: string;
}

export interface SheetData {
  readonly name: string;
  readonly state: SheetState;
  readonly part: string;
  /** Cell text by row then column, both 0-based (rows[0][0] is A1), trimmed to the used range. */
  readonly rows: string[][];
  readonly merges: CellRange[];
  readonly lists: ListValidation[];
  readonly links: CellLink[];
  readonly notes: CellNote[];
  /** Cells holding a formula, as A1 references: the export never writes over one. */
  readonly formulas: string[];
  /** Has drawings (pictures, shapes, charts) or embedded objects: the export must keep them, an import ignores them. */
  readonly hasDrawing: boolean;
}

export interface WorkbookData {
  readonly sheets: SheetData[];
  readonly definedNames: readonly DefinedName[];
}

export interface ReadOptions {
  /** Most non-empty rows accepted over all sheets; more is refused before the rest is read. */
  readonly maxRows: number;
}

const MS_PER_DAY = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/** A serial date as text: `2026-11-01`, or `2026-11-01 14:30` when it has a time of day. */
export function serialDateText(serial: number, date1904: boolean): string {
  // Excel's 1900 system counts a 29 February 1900 that never was; serials before it are a day off.
  const days = date1904 ? serial : serial < 60 ? serial + 1 : serial;
  const ms = Math.round(((date1904 ? EPOCH_1904 : EPOCH_1900) + days * MS_PER_DAY) / 60_000) * 60_000;
  const iso = new Date(ms).toISOString();
  return ms % MS_PER_DAY === 0 ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** A number as a spreadsheet would show it in General format, without binary noise (0.1 + 0.2). */
export const numberText = (value: number): string => String(Number(value.toPrecision(15)));

const HYPERLINK_FORMULA = /^\s*HYPERLINK\s*\(\s*"((?:[^"]|"")*)"/i;

interface SheetContext {
  readonly strings: readonly string[];
  readonly dateStyles: readonly boolean[];
  readonly date1904: boolean;
  readonly budget: { rows: number };
  readonly maxRows: number;
}

function readSheet(pkg: ZipPackage, entry: { name: string; state: SheetState; part: string; index: number }, context: SheetContext): SheetData & { index: number; validations: { ranges: CellRange[]; formula: string }[] } {
  const xml = pkg.text(entry.part);
  if (xml === null) throw new DomainError('unprocessable', 'workbook_unreadable', `The workbook is damaged: the part of sheet "${entry.name}" is missing.`);
  const rels = readRelationships(pkg, entry.part);
  const relById = new Map(rels.map((r) => [r.id, r]));
  const rows: string[][] = [];
  const merges: CellRange[] = [];
  const validations: { ranges: CellRange[]; formula: string }[] = [];
  const links: CellLink[] = [];
  const formulas: string[] = [];
  let hasDrawing = rels.some((r) => /\/(drawing|oleObject|package|image|vmlDrawing|chart)$/.test(r.type));

  let rowNumber = 0;
  let colNumber = 0;
  let cell: { row: number; col: number; type: string; style: number; value: string; text: string; formula: string; hasFormula: boolean; inValue: boolean; inText: boolean; inFormula: boolean } | null = null;
  let phonetic = 0;
  let validation: { type: string; sqref: string; formula: string; inFormula: boolean; inSqref: boolean } | null = null;

  const put = (row: number, col: number, text: string) => {
    if (text === '') return;
    while (rows.length < row) rows.push([]);
    const cells = rows[row - 1];
    if (cells.length === 0) {
      if (++context.budget.rows > context.maxRows) {
        throw new DomainError('unprocessable', 'workbook_too_many_rows', `The workbook has more than ${context.maxRows} rows with content; at most ${context.maxRows} are read.`, { limit: context.maxRows });
      }
    }
    while (cells.length < col - 1) cells.push('');
    cells[col - 1] = text;
  };

  const cellText = (c: NonNullable<typeof cell>): string => {
    switch (c.type) {
      case 's':
        return c.value.trim() === '' ? '' : (context.strings[Number(c.value)] ?? '');
      case 'inlineStr':
        return decodeEscapes(c.text);
      case 'b':
        return c.value === '1' ? 'TRUE' : c.value === '0' ? 'FALSE' : c.value;
      case 'str':
        return decodeEscapes(c.value);
      case 'e':
      case 'd':
        return c.value;
      default: {
        if (c.value.trim() === '') return '';
        const number = Number(c.value);
        if (!Number.isFinite(number)) return c.value;
        return context.dateStyles[c.style] ? serialDateText(number, context.date1904) : numberText(number);
      }
    }
  };

  const open = (tag: SaxesTagPlain) => {
    const name = localName(tag.name);
    if (cell) {
      if (name === 'v') cell.inValue = true;
      else if (name === 'f') {
        // A filled-down formula's later cells carry an empty <f t="shared" si="…"/>: still a formula.
        cell.inFormula = true;
        cell.hasFormula = true;
      }
      else if (name === 'rPh') phonetic++;
      else if (name === 't' && phonetic === 0) cell.inText = true;
      return;
    }
    if (validation) {
      if (name === 'formula1' || (name === 'f' && validation.inFormula === false && validation.formula === '')) validation.inFormula = true;
      else if (name === 'sqref') validation.inSqref = true;
      return;
    }
    switch (name) {
      case 'row':
        rowNumber = Number(attribute(tag, 'r') ?? rowNumber + 1);
        colNumber = 0;
        break;
      case 'c': {
        const at = parseCell(attribute(tag, 'r') ?? '');
        colNumber = at ? at.col : colNumber + 1;
        cell = { row: at?.row ?? rowNumber, col: colNumber, type: attribute(tag, 't') ?? 'n', style: Number(attribute(tag, 's') ?? 0), value: '', text: '', formula: '', hasFormula: false, inValue: false, inText: false, inFormula: false };
        break;
      }
      case 'mergeCell': {
        const range = parseRange(attribute(tag, 'ref') ?? '');
        if (range) merges.push(range);
        break;
      }
      case 'dataValidation':
        validation = { type: attribute(tag, 'type') ?? '', sqref: attribute(tag, 'sqref') ?? '', formula: '', inFormula: false, inSqref: false };
        break;
      case 'hyperlink': {
        const range = parseRange(attribute(tag, 'ref') ?? '');
        if (!range) break;
        const rel = relById.get(attribute(tag, 'id') ?? '');
        links.push({ row: range.top, col: range.left, target: rel?.target ?? null, location: attribute(tag, 'location') ?? null });
        break;
      }
      case 'drawing':
      case 'legacyDrawing':
      case 'oleObject':
        hasDrawing = true;
        break;
    }
  };

  const text = (value: string) => {
    if (cell) {
      if (cell.inValue) cell.value += value;
      else if (cell.inText) cell.text += value;
      else if (cell.inFormula) cell.formula += value;
    } else if (validation) {
      if (validation.inFormula) validation.formula += value;
      else if (validation.inSqref) validation.sqref += (validation.sqref ? ' ' : '') + value;
    }
  };

  const close = (name: string) => {
    if (cell) {
      if (name === 'v') cell.inValue = false;
      else if (name === 'f') cell.inFormula = false;
      else if (name === 't') cell.inText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'c') {
        put(cell.row, cell.col, cellText(cell));
        if (cell.hasFormula) {
          formulas.push(cellRef(cell.row, cell.col));
          const link = HYPERLINK_FORMULA.exec(cell.formula);
          if (link) {
            // "#Sheet!A1" points into the workbook, as a hyperlink's location does.
            const address = link[1].replace(/""/g, '"');
            links.push(address.startsWith('#') ? { row: cell.row, col: cell.col, target: null, location: address.slice(1) } : { row: cell.row, col: cell.col, target: address, location: null });
          }
        }
        cell = null;
      }
      return;
    }
    if (validation) {
      if (name === 'formula1' || name === 'f') validation.inFormula = false;
      else if (name === 'sqref') validation.inSqref = false;
      else if (name === 'dataValidation') {
        if (validation.type === 'list') validations.push({ ranges: parseSqref(validation.sqref), formula: validation.formula.trim() });
        validation = null;
      }
    }
  };

  parseXml(xml, { open, text, close });
  const notes = readNotes(pkg, rels.find((r) => r.type.endsWith('/comments'))?.target ?? null);
  // Empty rows at the end were never pushed; trailing empty cells were never written.
  return { name: entry.name, state: entry.state, part: entry.part, index: entry.index, rows, merges, lists: [], validations, links, notes, formulas, hasDrawing };
}

function readNotes(pkg: ZipPackage, part: string | null): CellNote[] {
  const xml = part ? pkg.text(part) : null;
  if (!xml) return [];
  const notes: CellNote[] = [];
  let current: { row: number; col: number; text: string } | null = null;
  let inText = false;
  parseXml(xml, {
    open: (tag) => {
      const name = localName(tag.name);
      if (name === 'comment') {
        const at = parseCell(attribute(tag, 'ref') ?? '');
        current = at ? { ...at, text: '' } : null;
      } else if (name === 't') inText = true;
    },
    text: (value) => {
      if (current && inText) current.text += value;
    },
    close: (name) => {
      if (name === 't') inText = false;
      else if (name === 'comment' && current) {
        notes.push({ ...current, text: decodeEscapes(current.text) });
        current = null;
      }
    },
  });
  return notes;
}

/** `'My Sheet'!$A$1:$A$4` or `Lists!A1:A4` → the sheet's name and the range. */
function splitSheetRange(ref: string): { sheet: string | null; range: CellRange } | null {
  const match = /^(?:(?:'((?:[^']|'')+)'|([^'!]+))!)?(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)$/.exec(ref.trim());
  if (!match) return null;
  const range = parseRange(match[3]);
  if (!range) return null;
  const sheet = match[1] !== undefined ? match[1].replace(/''/g, "'") : (match[2] ?? null);
  return { sheet, range };
}

/** Each list validation's entries: an inline list, a range of this or another sheet, or a defined name for one. */
function resolveLists(sheets: ReturnType<typeof readSheet>[], definedNames: readonly DefinedName[]): void {
  const byName = new Map(sheets.map((s) => [s.name, s]));
  const valuesOf = (formula: string, sheetIndex: number, home: string, depth = 0): string[] | null => {
    const text = formula.trim().replace(/^=/, '');
    if (/^".*"$/s.test(text)) {
      return text
        .slice(1, -1)
        .replace(/""/g, '"')
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
    }
    const ref = splitSheetRange(text);
    if (ref) {
      const sheet = byName.get(ref.sheet ?? home);
      if (!sheet) return null;
      const values: string[] = [];
      // A list range is a column or a row of a few dozen cells; a whole-column reference stops at the used range.
      for (let r = ref.range.top; r <= Math.min(ref.range.bottom, sheet.rows.length); r++) {
        for (let c = ref.range.left; c <= Math.min(ref.range.right, 1_000); c++) {
          const value = (sheet.rows[r - 1]?.[c - 1] ?? '').trim();
          if (value) values.push(value);
        }
      }
      return values;
    }
    if (depth < 3 && /^[A-Za-z_\\][\w.]*$/.test(text)) {
      const name = definedNames.find((n) => n.name.toLowerCase() === text.toLowerCase() && n.localSheet === sheetIndex) ?? definedNames.find((n) => n.name.toLowerCase() === text.toLowerCase() && n.localSheet === null);
      return name ? valuesOf(name.ref, sheetIndex, home, depth + 1) : null;
    }
    return null;
  };
  for (const sheet of sheets) sheet.lists.push(...sheet.validations.map((v) => ({ ranges: v.ranges, formula: v.formula, values: valuesOf(v.formula, sheet.index, sheet.name) })));
}

export function readWorkbook(data: Uint8Array, options: ReadOptions): WorkbookData {
  const pkg = ZipPackage.open(data, 'workbook');
  const parts = readWorkbookParts(pkg);
  const context: SheetContext = {
    strings: readSharedStrings(pkg, parts.sharedStringsPart),
    dateStyles: readDateStyles(pkg, parts.stylesPart),
    date1904: parts.date1904,
    budget: { rows: 0 },
    maxRows: options.maxRows,
  };
  const sheets = parts.sheets.map((entry) => readSheet(pkg, entry, context));
  resolveLists(sheets, parts.definedNames);
  return { sheets: sheets.map(({ validations: _, index: __, ...sheet }) => sheet), definedNames: parts.definedNames };
}

/** The list validation that covers a cell, if any. */
export function listAt(sheet: Pick<SheetData, 'lists'>, row: number, col: number): ListValidation | null {
  return sheet.lists.find((l) => l.ranges.some((r) => inRange(r, row, col))) ?? null;
}
