import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cellRef } from './cell-ref';
import { writeCells, type CellWrite } from './cell-writer';
import { decodeEscapes, readWorkbookParts } from './package-parts';
import { readWorkbook } from './workbook-reader';
import { ZipPackage } from './zip-package';
import { sheetCells as cells, outsideCells, type CellFacts } from '../../testing/xlsx-compare';

/**
 * Writing cells into a real workbook changes those cells and nothing else. Checked on NHS
 * England's own workbooks (the hazard log template v3.6 and the GP Connect consumer hazard log:
 * drawings, images, external links, printer settings, defined names, list validations,
 * conditional formatting, merges, frozen panes, hyperlinks, custom XML) for any set of writes.
 */

const FIXTURES = join(__dirname, '..', '..', 'clinical-safety', 'fixtures');
const WORKBOOKS = ['NHS_clinical_safety_hazard_log_template_v3.6.xlsx', 'GP_Connect_Hazard_Log_Consumers_v2.0.xlsx'].map((name) => ({ name, bytes: readFileSync(join(FIXTURES, name)) }));

function checkWrite(bytes: Buffer, writes: CellWrite[]): void {
  const before = ZipPackage.open(bytes);
  const out = writeCells(bytes, writes);
  const after = ZipPackage.open(out);
  const parts = readWorkbookParts(before);
  const written = new Set(writes.map((w) => parts.sheets.find((s) => s.name === w.sheet)!.part));
  // The same parts in the same order; every part not written is byte for byte what it was.
  expect(after.names()).toEqual(before.names());
  for (const name of before.names()) {
    if (written.has(name)) continue;
    if (name === parts.workbookPart) {
      // Only the recalculation flag may change, and only when the workbook has formulas.
      expect(after.text(name)!.replace(/ fullCalcOnLoad="1"/, '')).toBe(before.text(name));
      continue;
    }
    if (!after.read(name)!.equals(before.read(name)!)) throw new Error(`${name} changed although nothing was written there`);
  }
  const wanted = new Map(writes.map((w) => [`${w.sheet}!${cellRef(w.row, w.col)}`, w]));
  for (const sheet of parts.sheets) {
    if (!written.has(sheet.part)) continue;
    const [was, now] = [before.text(sheet.part)!, after.text(sheet.part)!];
    expect(outsideCells(now)).toBe(outsideCells(was));
    const [oldCells, newCells] = [cells(was), cells(now)];
    // Collected, then compared once: thirteen thousand expectations one by one would take minutes.
    const changed: string[] = [];
    const same = (a: CellFacts | undefined, b: CellFacts) => a !== undefined && a.style === b.style && a.type === b.type && a.value === b.value && a.formula === b.formula;
    for (const [ref, facts] of oldCells) {
      const write = wanted.get(`${sheet.name}!${ref}`);
      // A written cell keeps its style; its value and type are the new ones.
      if (write ? newCells.get(ref)?.style !== facts.style : !same(newCells.get(ref), facts)) changed.push(ref);
    }
    expect(changed).toEqual([]);
    for (const [key, write] of wanted) {
      if (!key.startsWith(`${sheet.name}!`)) continue;
      const facts = newCells.get(cellRef(write.row, write.col))!;
      expect(facts.formula).toBe('');
      if (typeof write.value === 'string') expect({ type: facts.type, value: decodeEscapes(facts.value) }).toEqual({ type: 'inlineStr', value: write.value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '') });
      else if (typeof write.value === 'number') expect(Number(facts.value)).toBe(write.value);
      else expect(facts).toMatchObject({ type: 'b', value: write.value ? '1' : '0' });
    }
    // Nothing appears that was not there or written.
    expect([...newCells.keys()].filter((ref) => !oldCells.has(ref) && !wanted.has(`${sheet.name}!${ref}`))).toEqual([]);
  }
  // And a reader sees the new values where they were written.
  const read = readWorkbook(out, { maxRows: 100_000 });
  for (const w of writes) {
    if (typeof w.value !== 'string' || w.value.trim() === '') continue;
    expect(read.sheets.find((s) => s.name === w.sheet)!.rows[w.row - 1]?.[w.col - 1]).toBe(w.value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, ''));
  }
}

describe('writeCells', () => {
  for (const { name, bytes } of WORKBOOKS) {
    const parts = readWorkbookParts(ZipPackage.open(bytes));
    const data = readWorkbook(bytes, { maxRows: 100_000 });
    const formulaCells = new Set(data.sheets.flatMap((s) => s.formulas.map((f) => `${s.name}!${f}`)));

    it(`changes only the written cells of ${name}, for any writes`, () => {
      const text = fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('Non-Compliant', 'a & b < c > "d"', '  leading and trailing  ', 'line one\nline two', 'Ünïcödé ✓ 😀', '=SUM(A1:A3)', 'a literal _x000D_ stays literal', 'windows\r\nline end', ''));
      const value = fc.oneof({ weight: 4, arbitrary: text }, { weight: 1, arbitrary: fc.integer({ min: -1e6, max: 1e6 }) }, { weight: 1, arbitrary: fc.boolean() });
      const write = fc
        .record({ sheet: fc.constantFrom(...parts.sheets.map((s) => s.name)), row: fc.integer({ min: 1, max: 600 }), col: fc.integer({ min: 1, max: 30 }), value })
        .filter((w) => !formulaCells.has(`${w.sheet}!${cellRef(w.row, w.col)}`));
      const writes = fc.uniqueArray(write, { minLength: 1, maxLength: 25, selector: (w) => `${w.sheet}!${w.row}:${w.col}` });
      fc.assert(
        fc.property(writes, (ws) => checkWrite(bytes, ws)),
        { numRuns: 15 },
      );
    });
  }

  it('refuses to write over a formula, naming the cell, and writes nothing', () => {
    const { bytes } = WORKBOOKS[0];
    const data = readWorkbook(bytes, { maxRows: 100_000 });
    const sheet = data.sheets.find((s) => s.formulas.length)!;
    const [ref] = sheet.formulas;
    const at = /^([A-Z]+)(\d+)$/.exec(ref)!;
    const col = [...at[1]].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
    expect(() => writeCells(bytes, [{ sheet: sheet.name, row: Number(at[2]), col, value: 'x' }])).toThrow(new RegExp(`cell ${ref} holds a formula`));
  });

  it('asks for recalculation on opening only when the workbook has formulas', () => {
    const [withFormulas, without] = WORKBOOKS;
    const written = (bytes: Buffer) => ZipPackage.open(writeCells(bytes, [{ sheet: 'Hazard Log', row: 700, col: 2, value: 'x' }]));
    expect(written(withFormulas.bytes).text('xl/workbook.xml')).toMatch(/<calcPr fullCalcOnLoad="1" calcId="191029"\/>/);
    expect(written(without.bytes).text('xl/workbook.xml')).toBe(ZipPackage.open(without.bytes).text('xl/workbook.xml'));
  });

  it('copies every untouched entry exactly as stored, compressed bytes included', () => {
    const { bytes } = WORKBOOKS[1];
    const out = writeCells(bytes, [{ sheet: 'Hazard Log', row: 3, col: 9, value: 'Compliant' }]);
    // The image parts are stored deflated by Excel; copied raw, their compressed bytes appear unchanged in the new file.
    const png = ZipPackage.open(bytes).read('xl/media/image2.png')!;
    expect(ZipPackage.open(out).read('xl/media/image2.png')!.equals(png)).toBe(true);
    const raw = (file: Buffer, name: string) => {
      const at = file.indexOf(Buffer.from(name));
      return file.subarray(at, at + 200);
    };
    expect(raw(out, 'xl/media/image2.png').equals(raw(bytes, 'xl/media/image2.png'))).toBe(true);
  });
});
