import { parseScalResponse, SCAL_REQUIREMENT_STATUSES, SCAL_RESPONSES, type ScalExportRow, type ScalRequirementStatus, type ScalResponse } from '@pairline/domain';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { readWorkbookParts } from '../documents/xlsx/package-parts';
import { ZipPackage } from '../documents/xlsx/zip-package';
import { exportScalWorkbook } from '../scals/scal-export.tasks';
import { SCAL_VARIANTS, type ScalFixture } from '../testing/scal-workbooks';
import { outsideCells, sheetCells } from '../testing/xlsx-compare';
import { prepareScalImport, previewScalImport, type PreparedScalImport } from './scal-workbook.tasks';

/**
 * The SCAL contract end to end on every fixture that reproduces NHS England's workbooks: the
 * import finds every requirement the layout says is there, and an export after answering any of
 * them changes the answer cells and nothing else of the package, writes each answer in the tab's
 * own dropdown words, never touches NHS England's review columns, and opens in LibreOffice.
 */

const VARIANTS = Object.entries(SCAL_VARIANTS).map(([name, build]) => ({ name, fixture: build() }));

const imported = new Map<string, PreparedScalImport>();
function importOf(name: string, fixture: ScalFixture): PreparedScalImport {
  if (!imported.has(name)) {
    const input = { bytes: fixture.bytes, filename: `${name}.xlsx`, kind: 'xlsx' as const };
    const preview = previewScalImport(input);
    imported.set(name, prepareScalImport({ ...input, mapping: preview.suggestedMapping }));
  }
  return imported.get(name)!;
}

interface Answer {
  response: ScalResponse | null;
  justification: string | null;
  status: ScalRequirementStatus;
  evidence: string[];
}

function rowsWith(prepared: PreparedScalImport, answers: ReadonlyMap<number, Answer>): ScalExportRow[] {
  let index = 0;
  return prepared.sections.flatMap((section) =>
    section.requirements.map((r) => {
      const answer = answers.get(index++);
      return {
        identifier: r.identifier,
        section: section.key,
        sectionName: section.name,
        description: r.description,
        useCase: r.useCase,
        type: r.type,
        link: r.link,
        testCases: r.testCases,
        evidenceRequired: r.evidenceRequired,
        environment: r.environment,
        level: r.level,
        source: { sheet: r.sheet, row: r.row, cells: [...r.cells] },
        response: answer?.response ?? null,
        justification: answer?.justification ?? null,
        status: answer?.status ?? 'not_started',
        rejectionReason: answer?.status === 'rejected' ? 'Needs the pen test report' : null,
        evidence: answer?.evidence ?? [],
      };
    }),
  );
}

describe('SCAL workbooks, imported and exported', () => {
  describe.each(VARIANTS)('$name', ({ name, fixture }) => {
    const prepared = importOf(name, fixture);
    const requirements = prepared.sections.flatMap((s) => s.requirements);

    it('imports every requirement the workbook has, from the row it is on, with its sub-heading', () => {
      const expected = fixture.layout.requirements.map((r) => `${r.sheet}!${r.row}:${r.identifier}`);
      expect(requirements.map((r) => `${r.sheet}!${r.row}:${r.sourceIdentifier}`).sort()).toEqual([...expected].sort());
      const layouts = new Map(fixture.layout.requirements.map((r) => [`${r.sheet}!${r.row}`, r]));
      for (const r of requirements) {
        const layout = layouts.get(`${r.sheet}!${r.row}`)!;
        expect({ id: r.sourceIdentifier, heading: r.heading }).toEqual({ id: layout.identifier, heading: layout.section });
        if (layout.level) expect(r.level).toBe(layout.level);
      }
    });

    it('changes only the answer cells of an export, in the dropdown’s own words, for any answers', () => {
      const answer = fc.record({
        response: fc.option(fc.constantFrom(...SCAL_RESPONSES), { nil: null }),
        justification: fc.option(fc.constantFrom('Compensating control in place', 'See the DSPT submission, & the "pen test"', 'Line one\nline two'), { nil: null }),
        status: fc.constantFrom(...SCAL_REQUIREMENT_STATUSES),
        evidence: fc.array(fc.constantFrom('EV-1 rev 2 (dspt.pdf sha256:ab12)', 'EXPIRED 2026-01-31: EV-4 rev 1'), { maxLength: 2 }),
      });
      const answers = fc.uniqueArray(fc.tuple(fc.nat({ max: requirements.length - 1 }), answer), { maxLength: 30, selector: ([i]) => i }).map((pairs) => new Map(pairs));
      const before = ZipPackage.open(fixture.bytes);
      const parts = readWorkbookParts(before);
      const sheetPart = new Map(parts.sheets.map((s) => [s.name, s.part]));
      fc.assert(
        fc.property(answers, (chosen) => {
          const rows = rowsWith(prepared, chosen);
          const out = Buffer.from(exportScalWorkbook({ bytes: fixture.bytes, sourceSheets: prepared.sourceSheets, rows }));
          const after = ZipPackage.open(out);
          expect(after.names()).toEqual(before.names());
          // The cells an answer may go to: each requirement's answer cells, and appended columns' headers.
          const ownedCells = new Set<string>();
          for (const sheet of prepared.sourceSheets) {
            const written = ['response', 'justification', 'evidence', 'status'] as const;
            const width = sheet.width ?? sheet.headers.length;
            const missing = (['response', 'justification', 'evidence'] as const).filter((c) => sheet.answerColumns?.[c] === undefined);
            const colOf = (c: (typeof written)[number]) => (sheet.answerColumns?.[c] !== undefined ? sheet.answerColumns[c]! + 1 : c === 'status' ? undefined : width + 1 + missing.indexOf(c as never));
            for (const r of requirements.filter((x) => x.sheet === sheet.name)) for (const c of written) if (colOf(c)) ownedCells.add(`${sheet.name}!${colOf(c)}:${r.row}`);
            for (const c of missing) ownedCells.add(`${sheet.name}!${colOf(c)}:${sheet.headerRow ?? 1}`);
          }
          const touched = new Set(rows.filter((r) => r.source).map((r) => sheetPart.get(r.source!.sheet)!));
          for (const part of before.names()) {
            if (touched.has(part)) continue;
            if (part === parts.workbookPart) {
              expect(after.text(part)!.replace(/ fullCalcOnLoad="1"/, '')).toBe(before.text(part));
              continue;
            }
            if (!after.read(part)!.equals(before.read(part)!)) throw new Error(`${part} changed although no answer goes there`);
          }
          const changed: string[] = [];
          for (const sheet of parts.sheets) {
            const [was, now] = [before.text(sheet.part)!, after.text(sheet.part)!];
            if (was === now) continue;
            expect(outsideCells(now)).toBe(outsideCells(was));
            const [old, fresh] = [sheetCells(was), sheetCells(now)];
            const colRow = (ref: string) => {
              const m = /^([A-Z]+)(\d+)$/.exec(ref)!;
              return `${[...m[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0)}:${m[2]}`;
            };
            for (const [ref, facts] of fresh) {
              const was = old.get(ref);
              const same = was && was.style === facts.style && was.type === facts.type && was.value === facts.value && was.formula === facts.formula;
              if (!same && !ownedCells.has(`${sheet.name}!${colRow(ref)}`)) changed.push(`${sheet.name}!${ref}`);
            }
            for (const ref of old.keys()) if (!fresh.has(ref)) changed.push(`${sheet.name}!${ref} (gone)`);
          }
          expect(changed).toEqual([]);
          // What was written reads back: each answer in the list's words, NHS England's verdicts as they were.
          const back = prepareScalImport({ bytes: out, filename: `${name}.xlsx`, kind: 'xlsx', mapping: previewScalImport({ bytes: fixture.bytes, filename: `${name}.xlsx`, kind: 'xlsx' }).suggestedMapping });
          const backRows = new Map(back.sections.flatMap((s) => s.requirements).map((r) => [`${r.sheet}!${r.row}`, r]));
          requirements.forEach((r, i) => {
            const now = backRows.get(`${r.sheet}!${r.row}`)!;
            expect(now.answer?.review ?? null).toBe(r.answer?.review ?? null);
            expect(now.answer?.reviewComment ?? null).toBe(r.answer?.reviewComment ?? null);
            const given = chosen.get(i);
            if (given?.response) expect(parseScalResponse(now.answer?.responseText ?? '')).toBe(given.response);
            else expect(now.answer?.responseText ?? null).toBe(r.answer?.responseText ?? null);
            if (given?.justification) expect(now.answer?.justification).toBe(given.justification);
          });
          const lists = new Map(prepared.sourceSheets.map((s) => [s.name, s.answerLists?.response]));
          for (const r of back.sections.flatMap((s) => s.requirements)) {
            const list = lists.get(r.sheet);
            if (list?.length && r.answer?.responseText) expect(list).toContain(r.answer.responseText);
          }
        }),
        { numRuns: name === 'blank' || name === 'returned' ? 8 : 15 },
      );
    });
  });

  it('exports that LibreOffice opens and converts without error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pairline-roundtrip-'));
    const profile = join(dir, 'profile');
    try {
      for (const { name, fixture } of VARIANTS) {
        const prepared = importOf(name, fixture);
        const answers = new Map<number, Answer>();
        prepared.sections.flatMap((s) => s.requirements).forEach((_, i) => answers.set(i, { response: SCAL_RESPONSES[i % 3], justification: `Answer ${i}`, status: 'in_progress', evidence: [`EV-${i} rev 1`] }));
        writeFileSync(join(dir, `${name}.xlsx`), exportScalWorkbook({ bytes: fixture.bytes, sourceSheets: prepared.sourceSheets, rows: rowsWith(prepared, answers) }));
      }
      const run = spawnSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', join(dir, 'pdf'), ...VARIANTS.map((v) => join(dir, `${v.name}.xlsx`))], { encoding: 'utf8', timeout: 240_000 });
      if (run.error && (run.error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('LibreOffice is not installed: install the Debian package libreoffice-calc to run this test.');
      expect({ status: run.status, stderr: run.stderr.replace(/^.*(javaldx|Warning: failed to launch).*$/gm, '').trim() }).toEqual({ status: 0, stderr: '' });
      const pdfs = readdirSync(join(dir, 'pdf'));
      expect(pdfs.sort()).toEqual(VARIANTS.map((v) => `${v.name}.pdf`).sort());
      for (const pdf of pdfs) expect(statSync(join(dir, 'pdf', pdf)).size).toBeGreaterThan(1_000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
