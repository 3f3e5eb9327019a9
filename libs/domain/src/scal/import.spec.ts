import fc from 'fast-check';
import { DomainError, type DomainErrorKind } from '../errors/domain-error';
import { answerColumnsOf, importScalRequirements, parseEnvironment, parseLevel, SCAL_FIELD_MAX_LENGTH, SCAL_IMPORT_MAX_ROWS, sectionKey, suggestMapping, type ColumnMapping, type ImportSheet } from './import';

function refusal(run: () => unknown, kind: DomainErrorKind, code: string): DomainError {
  try {
    run();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    expect({ kind: error.kind, code: error.code }).toEqual({ kind, code });
    return error;
  }
  throw new Error(`expected a ${kind} DomainError "${code}"`);
}

const HEADERS = ['Requirement ID', 'Description', 'Evidence Required', 'Environment', 'MUST/SHOULD', 'Notes'];
const MAPPING: ColumnMapping = { 'Requirement ID': 'identifier', Description: 'description', 'Evidence Required': 'evidenceRequired', Environment: 'environment', 'MUST/SHOULD': 'level', Notes: null };

const sheet = (name: string, ...rows: string[][]): ImportSheet => ({ name, rows: [HEADERS, ...rows] });
const run = (...sheets: ImportSheet[]) => importScalRequirements({ sheets, mapping: MAPPING });
const rejectedOf = (result: ReturnType<typeof run>) => (result.ok ? [] : result.rejected);

describe('parseLevel', () => {
  it.each([
    ['MUST', 'MUST'],
    ['Must', 'MUST'],
    [' must ', 'MUST'],
    ['SHALL', 'MUST'],
    ['Mandatory', 'MUST'],
    ['should', 'SHOULD'],
    ['Recommended', 'SHOULD'],
    ['May', 'MAY'],
    ['Optional', 'MAY'],
  ])('reads %j as %s', (text, level) => expect(parseLevel(text)).toBe(level));

  it.each(['', 'Could', 'MUST NOT', 'M', 'High'])('does not guess %j', (text) => expect(parseLevel(text)).toBeNull());
});

describe('parseEnvironment', () => {
  it.each([
    ['Internet Facing', 'Internet Facing'],
    ['internet-facing', 'Internet Facing'],
    ['OpenTest', 'OpenTest'],
    ['Open Test', 'OpenTest'],
    ['int', 'INT'],
    ['INT(PROVIDER)', 'INT(PROVIDER)'],
    ['INT (Provider)', 'INT(PROVIDER)'],
    ['ENVNA', 'ENVNA'],
    ['Env NA', 'ENVNA'],
    ['N/A', 'ENVNA'],
    ['Not applicable', 'ENVNA'],
  ])('reads %j as %s', (text, environment) => expect(parseEnvironment(text)).toBe(environment));

  it.each(['Live', 'Production', 'INT2', 'Sandbox'])('does not guess %j', (text) => expect(parseEnvironment(text)).toBeNull());
});

describe('sectionKey', () => {
  it('derives a stable snake_case key from a sheet or section name', () => {
    expect(sectionKey('Cross Cap')).toBe('cross_cap');
    expect(sectionKey(' Send Document (ITK3) ')).toBe('send_document_itk3');
    expect(sectionKey('***')).toBe('section');
  });
});

describe('importScalRequirements', () => {
  it('turns each sheet into a section of requirements, trimming cells and leaving blanks as null', () => {
    const result = run(
      sheet('Foundation', ['GPC-F-01', ' Use the PDS to trace patients ', 'Screenshots', 'INT (Provider)', 'Must', 'ignored note'], ['GPC-F-02', 'Log every request', '', '', 'SHOULD']),
      sheet('Cross Cap', ['GPC-X-01', 'Support TLS 1.2', 'Config', 'ENVNA', 'MAY']),
    );
    expect(result).toEqual({
      ok: true,
      layoutOnlySheets: [],
      sections: [
        {
          key: 'foundation',
          name: 'Foundation',
          requirements: [
            { identifier: 'GPC-F-01', section: 'foundation', description: 'Use the PDS to trace patients', useCase: null, type: null, link: null, testCases: null, evidenceRequired: 'Screenshots', environment: 'INT(PROVIDER)', level: 'MUST' },
            { identifier: 'GPC-F-02', section: 'foundation', description: 'Log every request', useCase: null, type: null, link: null, testCases: null, evidenceRequired: null, environment: null, level: 'SHOULD' },
          ],
        },
        {
          key: 'cross_cap',
          name: 'Cross Cap',
          requirements: [{ identifier: 'GPC-X-01', section: 'cross_cap', description: 'Support TLS 1.2', useCase: null, type: null, link: null, testCases: null, evidenceRequired: 'Config', environment: 'ENVNA', level: 'MAY' }],
        },
      ],
    });
  });

  it('takes the section from a mapped column in a single CSV-like table, else from the table name', () => {
    const table: ImportSheet = {
      name: 'scal.csv',
      rows: [
        ['id', 'tab', 'requirement', 'level'],
        ['A-1', 'Foundation', 'First', 'MUST'],
        ['A-2', '', 'Second', 'MUST'],
        ['A-3', 'Foundation', 'Third', 'MAY'],
      ],
    };
    const result = importScalRequirements({ sheets: [table], mapping: { ID: 'identifier', Tab: 'section', Requirement: 'description', Level: 'level' } });
    if (!result.ok) throw new Error(JSON.stringify(result.rejected));
    expect(result.sections.map((s) => [s.key, s.requirements.map((r) => r.identifier)])).toEqual([
      ['foundation', ['A-1', 'A-3']],
      ['scal_csv', ['A-2']],
    ]);
  });

  it('skips blank rows but keeps spreadsheet row numbers for the rows after them', () => {
    const result = run(sheet('S', ['A-1', 'One', '', '', 'MUST'], ['', ' ', '', '', '', 'a note only'], ['A-1', 'Two', '', '', 'MUST']));
    expect(rejectedOf(result)).toEqual([{ sheet: 'S', row: 4, reason: 'Duplicate identifier "A-1" (first on S row 2).' }]);
  });

  it('reports every bad row with its sheet, row number and reasons, and returns no requirements', () => {
    const result = run(
      sheet('One', ['A-1', 'Fine', '', 'INT', 'MUST'], ['', 'No id', '', '', 'MUST'], ['A-3', 'Odd level', '', '', 'Could']),
      sheet('Two', ['a-1', 'Same id typed again', '', '', 'MUST'], ['B-2', 'Odd environment', '', 'Production', 'SHOULD'], ['B-3', '', '', '', '']),
    );
    expect(result.ok).toBe(false);
    expect(rejectedOf(result)).toEqual([
      { sheet: 'One', row: 3, reason: 'Identifier is empty.' },
      { sheet: 'One', row: 4, reason: 'Unknown level "Could" (expected MUST, SHOULD or MAY).' },
      { sheet: 'Two', row: 2, reason: 'Duplicate identifier "a-1" (first on One row 2).' },
      { sheet: 'Two', row: 3, reason: 'Unknown environment "Production" (expected Internet Facing, OpenTest, INT, INT(PROVIDER) or ENVNA).' },
      { sheet: 'Two', row: 4, reason: 'Description is empty; level is empty.' },
    ]);
  });

  it('rejects over-long cells in mapped columns only', () => {
    const long = 'x'.repeat(SCAL_FIELD_MAX_LENGTH.identifier + 1);
    const result = run(sheet('S', [long, 'Desc', '', '', 'MUST', 'y'.repeat(100_000)]));
    expect(rejectedOf(result)).toEqual([{ sheet: 'S', row: 2, reason: `Identifier is longer than ${SCAL_FIELD_MAX_LENGTH.identifier} characters.` }]);
    expect(run(sheet('S', ['A-1', 'Desc', '', '', 'MUST', 'y'.repeat(100_000)])).ok).toBe(true);
  });

  it('rejects a sheet whose header row lacks a required column, or maps one field twice', () => {
    const noLevel: ImportSheet = { name: 'Bare', rows: [['Requirement ID', 'Description'], ['A-1', 'x']] };
    const twice: ImportSheet = { name: 'Twice', rows: [['ID', 'Requirement ID', 'Description', 'Level'], ['A-1', 'A-1', 'x', 'MUST']] };
    const result = importScalRequirements({ sheets: [noLevel, twice], mapping: { ...MAPPING, ID: 'identifier', Level: 'level' } });
    expect(rejectedOf(result)).toEqual([
      { sheet: 'Bare', row: 1, reason: 'Header row: no column mapped to level.' },
      { sheet: 'Twice', row: 1, reason: 'Header row: more than one column mapped to identifier.' },
    ]);
  });

  it('keeps a sheet that maps no column at all (a cover tab) out of the requirements, naming it, and still refuses an empty import', () => {
    const cover: ImportSheet = { name: 'Instructions', rows: [['How to complete this SCAL'], ['Answer every MUST row.']] };
    const result = importScalRequirements({ sheets: [cover, sheet('S', ['A-1', 'One', 'Doc', 'INT', 'MUST', ''])], mapping: MAPPING });
    expect(result).toMatchObject({ ok: true, layoutOnlySheets: ['Instructions'], sections: [{ name: 'S', requirements: [expect.objectContaining({ identifier: 'A-1' })] }] });
    refusal(() => importScalRequirements({ sheets: [cover], mapping: MAPPING }), 'invalid', 'scal_import_empty');
  });

  it('refuses a mapping without identifier, description and level, or naming an unknown field', () => {
    const error = refusal(() => importScalRequirements({ sheets: [], mapping: { ID: 'identifier' } }), 'invalid', 'scal_mapping_incomplete');
    expect(error.message).toBe('Map a column to each of: description, level.');
    refusal(() => importScalRequirements({ sheets: [], mapping: { ...MAPPING, Notes: 'notes' as never } }), 'invalid', 'scal_mapping_unknown_field');
  });

  it('refuses a file with more rows than any real SCAL, counting every sheet', () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => [`A-${i}`, 'Desc', '', '', 'MUST']);
    const half = SCAL_IMPORT_MAX_ROWS / 2;
    expect(run(sheet('One', ...rows(half)), { name: 'Two', rows: [HEADERS, ...rows(half).map(([id, ...rest]) => [`B${id}`, ...rest])] }).ok).toBe(true);
    refusal(() => run(sheet('One', ...rows(half)), sheet('Two', ...rows(half + 1))), 'invalid', 'scal_import_too_large');
  });

  it('refuses a file with no requirement rows', () => {
    refusal(() => run(sheet('Empty'), sheet('Blank', ['', '', '', '', ''])), 'invalid', 'scal_import_empty');
  });

  it('is all or nothing: requirements only when no row is rejected, and then one per non-blank row', () => {
    const cell = fc.constantFrom('', 'A-1', 'A-2', 'b-1', 'Some text', 'MUST', 'Should', 'Could', 'INT', 'Live', 'N/A');
    // Mostly well-formed rows, so the accepted branch is explored and not only the rejected one.
    const good = fc.tuple(fc.constantFrom('A-1', 'A-2', 'A-3', 'A-4', 'B-1', 'B-2', 'B-3', 'B-4'), fc.constant('Text'), fc.constant(''), fc.constantFrom('', 'INT', 'N/A'), fc.constantFrom('MUST', 'may'));
    const row = fc.oneof({ weight: 1, arbitrary: fc.array(cell, { minLength: 0, maxLength: 6 }) }, { weight: 4, arbitrary: good.map((t) => [...t]) });
    const sheets = fc.array(fc.record({ name: fc.constantFrom('One', 'Two'), rows: fc.array(row, { maxLength: 4 }) }), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(sheets, (raw) => {
        const input = raw.map((s) => sheet(s.name, ...s.rows));
        const nonBlank = input.flatMap((s) => s.rows.slice(1)).filter((r) => r.slice(0, 5).some((c) => c.trim() !== '')).length;
        let result: ReturnType<typeof run>;
        try {
          result = run(...input);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          expect(nonBlank).toBe(0);
          return;
        }
        if (result.ok) {
          const requirements = result.sections.flatMap((s) => s.requirements);
          expect(requirements).toHaveLength(nonBlank);
          expect(new Set(requirements.map((r) => r.identifier.toUpperCase())).size).toBe(requirements.length);
        } else {
          expect(result.rejected.length).toBeGreaterThan(0);
          expect(result).not.toHaveProperty('sections');
          for (const r of result.rejected) expect(r.row).toBeGreaterThanOrEqual(2);
        }
      }),
    );
  });
});

describe('suggestMapping', () => {
  it('recognises common header spellings', () => {
    expect(
      suggestMapping(['Requirement ID', 'Use Case', 'Type', 'Link to Spec', 'Description', 'Test Case(s)', 'Evidence Required', 'Environment', 'MUST/SHOULD', 'Supplier Response']),
    ).toEqual({
      'Requirement ID': 'identifier',
      'Use Case': 'useCase',
      Type: 'type',
      'Link to Spec': 'link',
      Description: 'description',
      'Test Case(s)': 'testCases',
      'Evidence Required': 'evidenceRequired',
      Environment: 'environment',
      'MUST/SHOULD': 'level',
      'Supplier Response': 'response',
    });
    expect(suggestMapping(['identifier', 'REQUIREMENT', 'level', 'Test Cases', 'tab'])).toEqual({ identifier: 'identifier', REQUIREMENT: 'description', level: 'level', 'Test Cases': 'testCases', tab: 'section' });
  });

  it('proposes answer columns for the export and leaves them out of the requirements', () => {
    const headers = ['ID', 'Description', 'Level', 'Compliance', 'Justification', 'Evidence Reference', 'Review Status', 'Notes'];
    const mapping = suggestMapping(headers);
    expect(mapping).toEqual({ ID: 'identifier', Description: 'description', Level: 'level', Compliance: 'response', Justification: 'justification', 'Evidence Reference': 'evidence', 'Review Status': 'status', Notes: null });
    expect(answerColumnsOf(headers, mapping)).toEqual({ response: 3, justification: 4, evidence: 5, status: 6 });
    const result = importScalRequirements({ sheets: [{ name: 'S', rows: [headers, ['A-1', 'One', 'MUST', 'Yes', 'Because', 'EV-1', 'Accepted', '']] }], mapping });
    expect(result).toEqual({ ok: true, sections: [{ key: 's', name: 'S', requirements: [expect.objectContaining({ identifier: 'A-1', description: 'One', level: 'MUST' })] }], layoutOnlySheets: [] });
    refusal(() => importScalRequirements({ sheets: [], mapping: { ...mapping, Notes: 'comments' as never } }), 'invalid', 'scal_mapping_unknown_field');
  });

  it('proposes each field for the first matching column only', () => {
    expect(suggestMapping(['ID', 'Requirement ID', 'Description', 'Requirement'])).toEqual({ ID: 'identifier', 'Requirement ID': null, Description: 'description', Requirement: null });
  });

  it('gives a mapping the import accepts for a workbook with the usual headers', () => {
    const mapping = suggestMapping(HEADERS);
    expect(importScalRequirements({ sheets: [sheet('S', ['A-1', 'One', 'Doc', 'INT', 'MUST', ''])], mapping }).ok).toBe(true);
  });
});
