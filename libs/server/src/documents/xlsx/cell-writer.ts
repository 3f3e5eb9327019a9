import { DomainError } from '@pairline/domain';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { cellRef, columnLetters, parseCell, parseRange } from './cell-ref';
import { attribute, localName, readWorkbookParts } from './package-parts';
import { unreadablePackage, ZipPackage } from './zip-package';

/**
 * Writes values into chosen cells of an existing workbook and changes nothing else: the sheet XML
 * is edited in place (the cell's element replaced, or a new one inserted in column order), so
 * every other byte of the part, and every other part of the package, stays as it came. A written
 * cell keeps its style (`s`), so the workbook's fonts, fills, borders and wrapping still apply.
 */

export type CellValue = string | number | boolean;

export interface CellWrite {
  /** The sheet's name as the workbook shows it. */
  readonly sheet: string;
  readonly row: number;
  readonly col: number;
  readonly value: CellValue;
}

interface CellSpan {
  readonly col: number;
  readonly start: number;
  readonly end: number;
  readonly tag: string;
  readonly hasFormula: boolean;
}

interface RowSpan {
  readonly row: number;
  readonly start: number;
  /** Where the opening tag ends (`<row …>`), and the whole element ends. */
  readonly openEnd: number;
  end: number;
  readonly selfClosing: boolean;
  readonly tag: string;
  readonly cells: CellSpan[];
}

const escapeXml = (text: string) =>
  text
    // A literal "_x000D_" would read back as a carriage return: protected the way Excel does it.
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
    // A carriage return would be folded by any XML reader; kept as Excel keeps it.
    .replace(/\r/g, '_x000D_')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    // Characters XML 1.0 cannot hold at all; a value never needs them.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');

const escapeAttribute = (text: string) => escapeXml(text).replace(/"/g, '&quot;');

/** The attributes of an opening tag, in their order, without `t` (and `vm`/`cm`, which describe the old value). */
function keptAttributes(tag: string): string {
  const attributes = [...tag.matchAll(/([\w:.-]+)\s*=\s*("[^"]*"|'[^']*')/g)].filter(([, name]) => !['t', 'vm', 'cm', 'r'].includes(localName(name)));
  return attributes.map(([, name, value]) => ` ${name}=${value}`).join('');
}

function cellMarkup(prefix: string, ref: string, attributes: string, value: CellValue): string {
  if (typeof value === 'number') return `<${prefix}c r="${ref}"${attributes}><${prefix}v>${String(value)}</${prefix}v></${prefix}c>`;
  if (typeof value === 'boolean') return `<${prefix}c r="${ref}"${attributes} t="b"><${prefix}v>${value ? 1 : 0}</${prefix}v></${prefix}c>`;
  // Inline strings: the shared-strings part stays exactly as it was.
  return `<${prefix}c r="${ref}"${attributes} t="inlineStr"><${prefix}is><${prefix}t xml:space="preserve">${escapeXml(value)}</${prefix}t></${prefix}is></${prefix}c>`;
}

/** Rows and cells of a sheet part with where each starts and ends in the text, found by a real XML parser. */
function locate(xml: string, wantedRows: ReadonlySet<number>): { rows: RowSpan[]; sheetData: { start: number; openEnd: number; end: number; selfClosing: boolean } | null; prefix: string; dimension: { start: number; end: number; ref: string } | null; colStyles: Map<number, string> } {
  const parser = new SaxesParser({ position: true });
  const rows: RowSpan[] = [];
  const colStyles = new Map<number, string>();
  let sheetData: { start: number; openEnd: number; end: number; selfClosing: boolean } | null = null;
  let dimension: { start: number; end: number; ref: string } | null = null;
  let prefix = '';
  let row: RowSpan | null = null;
  let cell: { col: number; start: number; tag: string; hasFormula: boolean } | null = null;
  let lastRow = 0;
  let lastCol = 0;
  const tagStart = (end: number) => xml.lastIndexOf('<', end - 1);
  parser.on('opentag', (t) => {
    const tag = t as SaxesTagPlain;
    const name = localName(tag.name);
    const end = parser.position;
    if (name === 'sheetData') {
      prefix = tag.name.includes(':') ? tag.name.slice(0, tag.name.indexOf(':') + 1) : '';
      sheetData = { start: tagStart(end), openEnd: end, end, selfClosing: tag.isSelfClosing };
    } else if (name === 'dimension') {
      dimension = { start: tagStart(end), end, ref: attribute(tag, 'ref') ?? '' };
    } else if (name === 'col') {
      const style = attribute(tag, 'style');
      if (style) for (let c = Number(attribute(tag, 'min')); c <= Math.min(Number(attribute(tag, 'max')), 16_384); c++) colStyles.set(c, style);
    } else if (name === 'row') {
      lastRow = Number(attribute(tag, 'r') ?? lastRow + 1);
      lastCol = 0;
      const start = tagStart(end);
      // Every row's place is kept (a new row goes before the next one); only wanted rows keep their cells.
      row = { row: lastRow, start, openEnd: end, end, selfClosing: tag.isSelfClosing, tag: wantedRows.has(lastRow) ? xml.slice(start, end) : '', cells: [] };
      rows.push(row);
    } else if (name === 'c' && row) {
      const at = parseCell(attribute(tag, 'r') ?? '');
      lastCol = at ? at.col : lastCol + 1;
      if (!wantedRows.has(row.row)) return;
      const start = tagStart(end);
      cell = { col: lastCol, start, tag: xml.slice(start, end), hasFormula: false };
      if (tag.isSelfClosing) {
        row.cells.push({ ...cell, end });
        cell = null;
      }
    } else if (name === 'f' && cell) {
      cell.hasFormula = true;
    }
  });
  parser.on('closetag', (t) => {
    const name = localName(t.name);
    if (name === 'c' && cell && row) {
      row.cells.push({ ...cell, end: parser.position });
      cell = null;
    } else if (name === 'row' && row) {
      row.end = parser.position;
      row = null;
    } else if (name === 'sheetData' && sheetData) {
      sheetData.end = parser.position;
    }
  });
  try {
    parser.write(xml).close();
  } catch {
    throw unreadablePackage('workbook');
  }
  return { rows, sheetData, prefix, dimension, colStyles };
}

/** Widens a `spans="1:16"` hint (or a dimension) so it still covers a written column. */
const widenSpans = (tag: string, col: number) =>
  tag.replace(/\sspans="(\d+):(\d+)"/, (whole, from: string, to: string) => (col >= Number(from) && col <= Number(to) ? whole : ` spans="${Math.min(Number(from), col)}:${Math.max(Number(to), col)}"`));

function editSheet(xml: string, sheetName: string, writes: readonly CellWrite[]): string {
  const wanted = new Set(writes.map((w) => w.row));
  const { rows, sheetData, prefix, dimension, colStyles } = locate(xml, wanted);
  if (!sheetData) throw unreadablePackage('workbook');
  const data: { start: number; openEnd: number; end: number; selfClosing: boolean } = sheetData;
  const byRow = new Map(rows.map((r) => [r.row, r]));
  const edits: { start: number; end: number; text: string }[] = [];
  const writesByRow = new Map<number, CellWrite[]>();
  for (const w of writes) writesByRow.set(w.row, [...(writesByRow.get(w.row) ?? []), w]);
  const newRows: { row: number; text: string }[] = [];

  for (const [rowNumber, rowWrites] of writesByRow) {
    const sorted = [...rowWrites].sort((a, b) => a.col - b.col);
    const row = byRow.get(rowNumber);
    const styleOf = (col: number) => (colStyles.has(col) ? ` s="${colStyles.get(col)}"` : '');
    if (!row) {
      const cells = sorted.map((w) => cellMarkup(prefix, cellRef(w.row, w.col), styleOf(w.col), w.value)).join('');
      newRows.push({ row: rowNumber, text: `<${prefix}row r="${rowNumber}">${cells}</${prefix}row>` });
      continue;
    }
    // New cells go before the first existing cell to their right, or at the end of the row.
    const atEnd: string[] = [];
    for (const w of sorted) {
      const markupAt = (attributes: string) => cellMarkup(prefix, cellRef(w.row, w.col), attributes, w.value);
      const existing = row.cells.find((c) => c.col === w.col);
      if (existing?.hasFormula) {
        throw new DomainError('unprocessable', 'workbook_answer_cell_has_formula', `Sheet "${sheetName}" cell ${cellRef(w.row, w.col)} holds a formula; the export never writes over a formula. Map that answer to another column.`, {
          sheet: sheetName,
          cell: cellRef(w.row, w.col),
        });
      }
      if (existing) {
        edits.push({ start: existing.start, end: existing.end, text: markupAt(keptAttributes(existing.tag)) });
        continue;
      }
      const next = row.cells.find((c) => c.col > w.col);
      if (next) edits.push({ start: next.start, end: next.start, text: markupAt(styleOf(w.col)) });
      else atEnd.push(markupAt(styleOf(w.col)));
    }
    const openTag = widenSpans(row.tag, sorted[sorted.length - 1].col);
    if (row.selfClosing) {
      edits.push({ start: row.start, end: row.end, text: `${openTag.replace(/\s*\/>$/, '>')}${atEnd.join('')}</${prefix}row>` });
      continue;
    }
    if (openTag !== row.tag) edits.push({ start: row.start, end: row.openEnd, text: openTag });
    const close = row.end - `</${prefix}row>`.length;
    if (atEnd.length) edits.push({ start: close, end: close, text: atEnd.join('') });
  }

  if (newRows.length) {
    newRows.sort((a, b) => a.row - b.row);
    if (data.selfClosing) {
      edits.push({ start: data.start, end: data.end, text: `<${prefix}sheetData>${newRows.map((r) => r.text).join('')}</${prefix}sheetData>` });
    } else {
      for (const added of newRows) {
        const next = rows.find((r) => r.row > added.row);
        const at = next ? next.start : data.end - `</${prefix}sheetData>`.length;
        edits.push({ start: at, end: at, text: added.text });
      }
    }
  }

  if (dimension) {
    const range = parseRange(dimension.ref);
    const bottom = Math.max(...writes.map((w) => w.row));
    const right = Math.max(...writes.map((w) => w.col));
    if (range && (bottom > range.bottom || right > range.right)) {
      const ref = `${columnLetters(range.left)}${range.top}:${columnLetters(Math.max(range.right, right))}${Math.max(range.bottom, bottom)}`;
      edits.push({ start: dimension.start, end: dimension.end, text: xml.slice(dimension.start, dimension.end).replace(/ref="[^"]*"/, `ref="${escapeAttribute(ref)}"`) });
    }
  }

  // Ordered as if applied from the end (earlier offsets stay valid; insertions at one offset keep
  // the order they were made in), then stitched together in one pass over the text.
  const ordered = edits
    .map((edit, index) => ({ ...edit, index }))
    .sort((a, b) => b.start - a.start || b.end - a.end || b.index - a.index)
    .reverse();
  const pieces: string[] = [];
  let cursor = 0;
  for (const edit of ordered) {
    pieces.push(xml.slice(cursor, edit.start), edit.text);
    cursor = Math.max(cursor, edit.end);
  }
  pieces.push(xml.slice(cursor));
  return pieces.join('');
}

/**
 * Formulas that depend on a written cell (a count of compliant answers, say) still hold their old
 * results; asking the spreadsheet program to recalculate on opening is the one change made
 * outside the written sheets, and only when the workbook has formulas.
 */
function recalculateOnLoad(xml: string): string {
  const calcPr = /<((?:\w+:)?calcPr)\b[^>]*>/.exec(xml);
  if (calcPr) {
    const tag = calcPr[0];
    const updated = /\sfullCalcOnLoad="[^"]*"/.test(tag) ? tag.replace(/\sfullCalcOnLoad="[^"]*"/, ' fullCalcOnLoad="1"') : tag.replace(/^<((?:\w+:)?calcPr)\b/, '<$1 fullCalcOnLoad="1"');
    return xml.slice(0, calcPr.index) + updated + xml.slice(calcPr.index + tag.length);
  }
  const close = /<\/((?:\w+:)?)workbook>\s*$/.exec(xml);
  if (!close) return xml;
  // calcPr comes after definedNames and before oleSize, customWorkbookViews, … extLst (ECMA-376 §18.2.28).
  const later = /<(?:\w+:)?(oleSize|customWorkbookViews|pivotCaches|smartTagPr|smartTagTypes|webPublishing|fileRecoveryPr|webPublishObjects|extLst)\b/.exec(xml);
  const at = later ? later.index : close.index;
  return `${xml.slice(0, at)}<${close[1]}calcPr fullCalcOnLoad="1"/>${xml.slice(at)}`;
}

export function writeCells(data: Uint8Array, writes: readonly CellWrite[]): Buffer {
  const pkg = ZipPackage.open(data, 'workbook');
  const parts = readWorkbookParts(pkg);
  const bySheet = new Map<string, CellWrite[]>();
  for (const w of writes) bySheet.set(w.sheet, [...(bySheet.get(w.sheet) ?? []), w]);
  const replacements = new Map<string, string>();
  let hasFormulas = false;
  for (const [name, sheetWrites] of bySheet) {
    const entry = parts.sheets.find((s) => s.name === name);
    if (!entry) throw new DomainError('unprocessable', 'workbook_sheet_missing', `The workbook has no sheet "${name}".`, { sheet: name });
    const xml = pkg.text(entry.part);
    if (xml === null) throw unreadablePackage('workbook');
    replacements.set(entry.part, editSheet(xml, name, sheetWrites));
  }
  for (const entry of parts.sheets) {
    const xml = replacements.get(entry.part) ?? pkg.text(entry.part) ?? '';
    if (/<(\w+:)?f[\s>]/.test(xml)) hasFormulas = true;
  }
  if (hasFormulas && replacements.size) {
    const workbook = pkg.text(parts.workbookPart);
    if (workbook !== null) {
      const updated = recalculateOnLoad(workbook);
      if (updated !== workbook) replacements.set(parts.workbookPart, updated);
    }
  }
  return replacements.size ? pkg.save(replacements) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
