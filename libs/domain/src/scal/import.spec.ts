import fc from 'fast-check';
import { DomainError, type DomainErrorKind } from '../errors/domain-error';
import type { ImportSheet } from '../imports/sheet-layout';
import { importScalRequirements, parseEnvironment, parseLevel, scalFieldForHeader, scalSheetHeaders, SCAL_FIELD_MAX_LENGTH, SCAL_IMPORT_MAX_ROWS, sectionKey, suggestMapping, type ColumnMapping } from './import';

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
const requirementsOf = (result: ReturnType<typeof run>) => {
  if (!result.ok) throw new Error(JSON.stringify(result.rejected));
  return result.sections.flatMap((s) => s.requirements);
};

/** A tab as NHS England lays one out: a title block, the header on row `headerRow`, lists below the table. */
function nhsTab(name: string, headerRow: number, headers: string[], body: string[][], below: string[][] = []): ImportSheet {
  const title = [['NHS England'], ['Supplier Conformance Assessment List'], [`${name} requirements`]];
  const rows: string[][] = [...title];
  while (rows.length < headerRow - 1) rows.push([]);
  rows.push(headers, ...body, [], [], ...below);
  return { name, rows };
}

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

describe('importScalRequirements on simple tables', () => {
  it('turns each sheet into a section of requirements, trimming cells and leaving blanks as null', () => {
    const result = run(
      sheet('Foundation', ['GPC-F-01', ' Use the PDS to trace patients ', 'Screenshots', 'INT (Provider)', 'Must', 'ignored note'], ['GPC-F-02', 'Log every request', '', '', 'SHOULD']),
      sheet('Cross Cap', ['GPC-X-01', 'Support TLS 1.2', 'Config', 'ENVNA', 'MAY']),
    );
    if (!result.ok) throw new Error('rejected');
    expect(result.layoutOnlySheets).toEqual([]);
    expect(result.sections.map((s) => ({ key: s.key, name: s.name, ids: s.requirements.map((r) => r.identifier) }))).toEqual([
      { key: 'foundation', name: 'Foundation', ids: ['GPC-F-01', 'GPC-F-02'] },
      { key: 'cross_cap', name: 'Cross Cap', ids: ['GPC-X-01'] },
    ]);
    expect(result.sections[0].requirements[0]).toEqual(
      expect.objectContaining({ identifier: 'GPC-F-01', sourceIdentifier: 'GPC-F-01', section: 'foundation', description: 'Use the PDS to trace patients', evidenceRequired: 'Screenshots', environment: 'INT(PROVIDER)', level: 'MUST', heading: null, sheet: 'Foundation', row: 2, answer: null }),
    );
    expect(result.sections[0].requirements[1]).toEqual(expect.objectContaining({ evidenceRequired: null, environment: null, level: 'SHOULD', row: 3 }));
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

  it('reports every bad row with its sheet, row number and reasons, and returns no requirements', () => {
    const result = run(
      sheet('One', ['A-1', 'Fine', '', 'INT', 'MUST'], ['', 'No id', '', '', 'MUST'], ['A-3', 'Odd level', '', '', 'Could'], ['A-1', 'Same id typed again', '', '', 'MUST']),
      sheet('Two', ['B-2', 'Odd environment', '', 'Production', 'SHOULD'], ['B-3', '', '', '', 'MUST']),
    );
    expect(result.ok).toBe(false);
    expect(rejectedOf(result)).toEqual([
      { sheet: 'One', row: 3, reason: 'Identifier is empty.' },
      { sheet: 'One', row: 4, reason: 'Unknown level "Could" (expected MUST, SHOULD or MAY).' },
      { sheet: 'One', row: 5, reason: 'Duplicate identifier "A-1" (first on row 2 of this tab).' },
      { sheet: 'Two', row: 2, reason: 'Unknown environment "Production" (expected Internet Facing, OpenTest, INT, INT(PROVIDER) or ENVNA).' },
      { sheet: 'Two', row: 3, reason: 'Description is empty.' },
    ]);
  });

  it('rejects over-long cells in mapped columns only', () => {
    const long = 'x'.repeat(SCAL_FIELD_MAX_LENGTH.identifier + 1);
    const result = run(sheet('S', [long, 'Desc', '', '', 'MUST', 'y'.repeat(100_000)]));
    expect(rejectedOf(result)).toEqual([{ sheet: 'S', row: 2, reason: `Identifier is longer than ${SCAL_FIELD_MAX_LENGTH.identifier} characters.` }]);
    expect(run(sheet('S', ['A-1', 'Desc', '', '', 'MUST', 'y'.repeat(100_000)])).ok).toBe(true);
  });

  it('rejects a tab whose header row lacks a required column or maps one field twice, naming the header row', () => {
    const noId: ImportSheet = { name: 'Bare', rows: [[], ['Description', 'Level'], ['x', 'MUST']] };
    const twice: ImportSheet = { name: 'Twice', rows: [['ID', 'Requirement ID', 'Description', 'Level'], ['A-1', 'A-1', 'x', 'MUST']] };
    const result = importScalRequirements({ sheets: [noId, twice], mapping: { ...MAPPING, ID: 'identifier', Level: 'level' }, sheetSettings: { Bare: { headerRow: 2 } } });
    expect(rejectedOf(result)).toEqual([
      { sheet: 'Bare', row: 2, reason: 'Header row 2: no column mapped to identifier.' },
      { sheet: 'Twice', row: 1, reason: 'Header row 1: more than one column mapped to identifier.' },
    ]);
  });

  it('keeps a tab that maps no column at all (a cover tab), or one left out, out of the requirements, naming it, and still refuses an empty import', () => {
    const cover: ImportSheet = { name: 'Instructions', rows: [['How to complete this SCAL'], ['Answer every MUST row.']] };
    const result = importScalRequirements({ sheets: [cover, sheet('S', ['A-1', 'One', 'Doc', 'INT', 'MUST', '']), sheet('Lists', ['L-1', 'x', '', '', 'MUST'])], mapping: MAPPING, sheetSettings: { Lists: { include: false } } });
    expect(result).toMatchObject({ ok: true, layoutOnlySheets: ['Instructions', 'Lists'], sections: [{ name: 'S', requirements: [expect.objectContaining({ identifier: 'A-1' })] }] });
    refusal(() => importScalRequirements({ sheets: [cover], mapping: MAPPING }), 'invalid', 'scal_import_empty');
  });

  it('refuses a mapping without identifier and description, or naming an unknown field', () => {
    const error = refusal(() => importScalRequirements({ sheets: [], mapping: { ID: 'identifier' } }), 'invalid', 'scal_mapping_incomplete');
    expect(error.message).toBe('Map a column to each of: description.');
    refusal(() => importScalRequirements({ sheets: [], mapping: { ...MAPPING, Notes: 'notes' as never } }), 'invalid', 'scal_mapping_unknown_field');
  });

  it('refuses a file with more rows than any real SCAL, counting every sheet', () => {
    const rows = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => [`${prefix}-${i}`, 'Desc', '', '', 'MUST']);
    const half = SCAL_IMPORT_MAX_ROWS / 2;
    expect(run(sheet('One', ...rows(half, 'A')), sheet('Two', ...rows(half, 'B'))).ok).toBe(true);
    refusal(() => run(sheet('One', ...rows(half, 'A')), sheet('Two', ...rows(half + 1, 'B'))), 'invalid', 'scal_import_too_large');
  });

  it('refuses a file with no requirement rows', () => {
    refusal(() => run(sheet('Empty'), sheet('Blank', ['', '', '', '', ''])), 'invalid', 'scal_import_empty');
  });

  it('is all or nothing: requirements only when no row is rejected, and then one per requirement row', () => {
    const good = fc.tuple(fc.constantFrom('A-1', 'A-2', 'A-3', 'A-4', 'B-1', 'B-2'), fc.constant('Text'), fc.constant(''), fc.constantFrom('', 'INT', 'N/A'), fc.constantFrom('MUST', 'may'));
    const bad = fc.tuple(fc.constantFrom('', 'C-1'), fc.constantFrom('', 'Other'), fc.constant(''), fc.constantFrom('', 'Live'), fc.constantFrom('', 'Could', 'MUST'));
    const row = fc.oneof({ weight: 4, arbitrary: good.map((t) => [...t]) }, { weight: 1, arbitrary: bad.map((t) => [...t]) });
    const sheets = fc.uniqueArray(fc.record({ name: fc.constantFrom('One', 'Two', 'Three'), rows: fc.array(row, { maxLength: 5 }) }), { minLength: 1, maxLength: 3, selector: (s) => s.name });
    fc.assert(
      fc.property(sheets, (raw) => {
        const input = raw.map((s) => sheet(s.name, ...s.rows));
        let result: ReturnType<typeof run>;
        try {
          result = run(...input);
        } catch (error) {
          expect(error).toBeInstanceOf(DomainError);
          return;
        }
        if (result.ok) {
          const requirements = result.sections.flatMap((s) => s.requirements);
          for (const s of input) {
            const ids = requirements.filter((r) => r.sheet === s.name).map((r) => r.sourceIdentifier.toUpperCase());
            expect(new Set(ids).size).toBe(ids.length);
          }
          expect(new Set(requirements.map((r) => r.identifier.toUpperCase())).size).toBe(requirements.length);
          for (const r of requirements) expect(r.level === 'MUST' || r.level === 'MAY').toBe(true);
        } else {
          expect(result.rejected.length).toBeGreaterThan(0);
          expect(result).not.toHaveProperty('sections');
        }
      }),
    );
  });
});

describe('importScalRequirements on NHS England workbooks', () => {
  const headers = ['Requirement ID', 'Requirement', 'Requirement Test Case', 'Evidence Required', 'Environment', 'Level', 'Supplier Response', 'Supplier Comments', 'NHS England Review'];
  const mapping = suggestMapping([headers, ['Requirement ID', 'Requirement', 'Requirement Test Cases', 'Evidence Required', 'Environment', 'Supplier Response']]);

  it('finds header rows below title blocks, on different rows per tab, and maps several spellings of one field', () => {
    const ig = nhsTab('Information Governance', 5, headers, [['IG-01', 'Hold a DSPT', 'TC1', 'DSPT', 'ENVNA', 'MUST']]);
    const html = nhsTab('HTML', 20, ['Requirement ID', 'Requirement', 'Requirement Test Cases', 'Evidence Required', 'Environment', 'Supplier Response'], [['HTML-01', 'Render the view', 'TC9', 'Screens', 'INT']]);
    expect(scalSheetHeaders(ig).suggestedHeaderRow).toBe(5);
    expect(scalSheetHeaders(html).suggestedHeaderRow).toBe(20);
    expect(mapping).toMatchObject({ 'Requirement Test Case': 'testCases', 'Requirement Test Cases': 'testCases', 'NHS England Review': 'review', 'Supplier Comments': 'justification' });
    const result = importScalRequirements({ sheets: [ig, html], mapping });
    const requirements = requirementsOf(result);
    expect(requirements.map((r) => [r.identifier, r.row, r.testCases, r.level])).toEqual([
      ['IG-01', 6, 'TC1', 'MUST'],
      // The HTML tab has no level column: its rows take the default, MUST.
      ['HTML-01', 21, 'TC9', 'MUST'],
    ]);
    if (!result.ok) throw new Error();
    expect(result.sheets.map((s) => [s.name, s.headerRow, s.defaultLevel])).toEqual([
      ['Information Governance', 5, null],
      ['HTML', 20, 'MUST'],
    ]);
  });

  it('takes the level the user chooses for a tab without a level column', () => {
    const tab = nhsTab('Optional extras', 5, ['Requirement ID', 'Requirement'], [['X-1', 'Nice to have']]);
    const result = importScalRequirements({ sheets: [tab], mapping, sheetSettings: { 'Optional extras': { defaultLevel: 'MAY' } } });
    expect(requirementsOf(result)[0].level).toBe('MAY');
  });

  it('keeps sub-heading rows as headings of the requirements under them, not as rows in error', () => {
    const tab = nhsTab('Clinical Safety', 5, headers, [
      ['1. Clinical risk management'],
      ['CS-01', 'Appoint a CSO', '', '', '', 'MUST'],
      ['', 'Hazard log', '', '', '', ''],
      ['CS-02', 'Keep a hazard log', '', '', '', 'MUST'],
    ]);
    const result = importScalRequirements({ sheets: [tab], mapping });
    expect(requirementsOf(result).map((r) => [r.identifier, r.heading])).toEqual([
      ['CS-01', '1. Clinical risk management'],
      ['CS-02', 'Hazard log'],
    ]);
    if (!result.ok) throw new Error();
    expect(result.sheets[0].headingRows).toBe(2);
  });

  it('ends the table at its last requirement: the dropdown-list rows below it are layout', () => {
    const tab = nhsTab('Connecting', 15, headers, [['CON-01', 'Sign the connection agreement', '', '', '', 'MUST']], [['', '', '', '', '', '', 'Compliant'], ['', '', '', '', '', '', 'Non-Compliant'], ['', '', '', '', '', '', 'Not Applicable'], ['', 'Lists used by this tab (do not edit)', 'MUST', 'SHOULD', 'MAY']]);
    const result = importScalRequirements({ sheets: [tab], mapping });
    expect(requirementsOf(result).map((r) => r.identifier)).toEqual(['CON-01']);
    if (!result.ok) throw new Error();
    expect(result.sheets[0].rowsBelowTable).toBe(4);
  });

  it('treats the same identifier on two tabs as two requirements, told apart by the tab', () => {
    const a = nhsTab('Foundation', 5, headers, [['GEN-01', 'Foundation rule', '', '', '', 'MUST'], ['F-02', 'Other', '', '', '', 'MUST']]);
    const b = nhsTab('Structured', 19, headers, [['GEN-01', 'Structured rule', '', '', '', 'SHOULD']]);
    const result = importScalRequirements({ sheets: [a, b], mapping });
    expect(requirementsOf(result).map((r) => [r.identifier, r.sourceIdentifier, r.sheet])).toEqual([
      ['GEN-01 (Foundation)', 'GEN-01', 'Foundation'],
      ['F-02', 'F-02', 'Foundation'],
      ['GEN-01 (Structured)', 'GEN-01', 'Structured'],
    ]);
    expect(result).toMatchObject({ reusedIdentifiers: ['GEN-01'] });
  });

  it('names duplicated headers by their merged group headings, and reads a returned workbook’s answers and verdicts', () => {
    const rows = [
      ['Title'],
      ['', '', '', 'Supplier', '', 'NHS England use only', ''],
      ['ID', 'Requirement', 'Level', 'Response', 'Comments', 'Review Status', 'Comments'],
      ['A-1', 'One', 'MUST', 'Compliant', 'Done', 'Evidence Satisfactory – No Further Action Required', ''],
      ['A-2', 'Two', 'MUST', 'Non-Compliant', 'Planned', 'Evidence Incomplete or Insufficient Evidence Provided', 'Send the pen test report'],
      ['A-3', 'Three', 'SHOULD', 'Yes - see pack', '', 'Evidence Demonstration Required - Witness Testing', ''],
      ['A-4', 'Four', 'MAY', 'N/A', '', 'Not Applicable', ''],
    ];
    const tab: ImportSheet = {
      name: 'Returned',
      rows,
      merges: [
        { top: 2, bottom: 2, left: 4, right: 5 },
        { top: 2, bottom: 2, left: 6, right: 7 },
      ],
    };
    const { headerRow, headers: names } = scalSheetHeaders(tab);
    expect(headerRow).toBe(3);
    expect(names).toEqual(['ID', 'Requirement', 'Level', 'Response', 'Supplier / Comments', 'Review Status', 'NHS England use only / Comments']);
    const suggested = suggestMapping([names]);
    expect(suggested).toEqual({ ID: 'identifier', Requirement: 'description', Level: 'level', Response: 'response', 'Supplier / Comments': 'justification', 'Review Status': 'review', 'NHS England use only / Comments': 'reviewComment' });
    const result = importScalRequirements({ sheets: [tab], mapping: suggested });
    expect(requirementsOf(result).map((r) => r.answer)).toEqual([
      { response: 'compliant', responseText: 'Compliant', justification: 'Done', evidence: null, status: null, review: 'satisfactory', reviewText: 'Evidence Satisfactory – No Further Action Required', reviewComment: null },
      { response: 'non_compliant', responseText: 'Non-Compliant', justification: 'Planned', evidence: null, status: null, review: 'insufficient', reviewText: 'Evidence Incomplete or Insufficient Evidence Provided', reviewComment: 'Send the pen test report' },
      { response: null, responseText: 'Yes - see pack', justification: null, evidence: null, status: null, review: 'witness_testing', reviewText: 'Evidence Demonstration Required - Witness Testing', reviewComment: null },
      { response: 'not_applicable', responseText: 'N/A', justification: null, evidence: null, status: null, review: 'not_applicable', reviewText: 'Not Applicable', reviewComment: null },
    ]);
    expect(result).toMatchObject({ warnings: [{ sheet: 'Returned', row: 6, message: expect.stringContaining('"Yes - see pack"') }], sheets: [{ answeredRows: 3, verdicts: { satisfactory: 1, insufficient: 1, witness_testing: 1, not_applicable: 1 } }] });
  });

  it('records the dropdown entries of the answer columns, for the export to write in the list’s own words', () => {
    const tab: ImportSheet = {
      name: 'IG',
      rows: [['ID', 'Requirement', 'Compliance'], ['A-1', 'One', '']],
      lists: [{ ranges: [{ top: 2, bottom: 200, left: 3, right: 3 }], values: ['Compliant', 'Non-Compliant', 'Not Applicable'] }],
    };
    const result = importScalRequirements({ sheets: [tab], mapping: suggestMapping([['ID', 'Requirement', 'Compliance']]) });
    expect(result).toMatchObject({ ok: true, sheets: [{ answerColumns: { response: 2 }, answerLists: { response: ['Compliant', 'Non-Compliant', 'Not Applicable'] } }] });
  });

  it('keeps a summary tab and a lists tab, whose headers happen to read as fields, as layout rather than refusing them', () => {
    const summary: ImportSheet = { name: 'Summary', rows: [['Tab', 'Requirements', 'Compliant', 'Non-Compliant'], ['Foundation', '28', '12', '3']] };
    const lists: ImportSheet = { name: 'Lists', rows: [['Supplier Response', '', 'Level'], ['Compliant', '', 'MUST'], ['Non-Compliant', '', 'SHOULD']] };
    const tab = sheet('Foundation', ['F-1', 'One', '', '', 'MUST']);
    const mapping = suggestMapping([summary.rows[0], lists.rows[0], HEADERS]);
    expect(importScalRequirements({ sheets: [summary, lists, tab], mapping })).toMatchObject({ ok: true, layoutOnlySheets: ['Summary', 'Lists'] });
  });

  it('finds an answer column’s dropdown below a sub-heading row that has none, and says how every row was read', () => {
    const tab: ImportSheet = {
      name: 'IG',
      rows: [['ID', 'Requirement', 'Compliance'], ['1. Governance'], ['A-1', 'One', ''], ['A-2', 'Two', ''], [], ['', '', 'Compliant']],
      lists: [{ ranges: [{ top: 3, bottom: 4, left: 3, right: 3 }], values: ['Compliant', 'Non-Compliant', 'Not Applicable'] }],
    };
    const result = importScalRequirements({ sheets: [tab], mapping: suggestMapping([['ID', 'Requirement', 'Compliance']]) });
    expect(result).toMatchObject({ ok: true, sheets: [{ answerLists: { response: ['Compliant', 'Non-Compliant', 'Not Applicable'] }, rowKinds: ['heading', 'requirement', 'requirement', 'blank', 'below'] }] });
  });

  it('lists hidden tabs with their state', () => {
    const hidden: ImportSheet = { ...sheet('Hidden', ['H-1', 'x', '', '', 'MUST']), state: 'hidden' };
    const result = importScalRequirements({ sheets: [hidden], mapping: MAPPING });
    expect(result).toMatchObject({ ok: true, sheets: [{ name: 'Hidden', state: 'hidden', requirementRows: 1 }] });
  });
});

describe('suggestMapping', () => {
  it('recognises common header spellings', () => {
    expect(
      suggestMapping([['Requirement ID', 'Use Case', 'Type', 'Link to Spec', 'Description', 'Test Case(s)', 'Evidence Required', 'Environment', 'MUST/SHOULD', 'Supplier Response']]),
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
    expect(suggestMapping([['identifier', 'REQUIREMENT', 'level', 'Test Cases', 'tab']])).toEqual({ identifier: 'identifier', REQUIREMENT: 'description', level: 'level', 'Test Cases': 'testCases', tab: 'section' });
  });

  it('tells our status column from NHS England’s review columns', () => {
    expect(scalFieldForHeader('Status')).toBe('status');
    expect(scalFieldForHeader('Review Status')).toBe('review');
    expect(scalFieldForHeader('NHS England Review')).toBe('review');
    expect(scalFieldForHeader('Assurance / Status')).toBe('review');
    expect(scalFieldForHeader('Reviewer comments')).toBe('reviewComment');
    expect(scalFieldForHeader('Supplier comments')).toBe('justification');
  });

  it('reads headers whose own words carry a slash or an explanation in brackets', () => {
    expect(scalFieldForHeader('Justification / Comments')).toBe('justification');
    expect(scalFieldForHeader('Supplier response (Compliant / Non-Compliant)')).toBe('response');
    expect(scalFieldForHeader('Test Case(s)')).toBe('testCases');
  });

  it('proposes each field for the first matching column of a tab only, and keeps one field per header across tabs', () => {
    expect(suggestMapping([['ID', 'Requirement ID', 'Description', 'Requirement']])).toEqual({ ID: 'identifier', 'Requirement ID': null, Description: 'description', Requirement: null });
    expect(suggestMapping([['ID', 'Description'], ['Requirement ID', 'Description']])).toEqual({ ID: 'identifier', Description: 'description', 'Requirement ID': 'identifier' });
  });

  it('gives a mapping the import accepts for a workbook with the usual headers', () => {
    const mapping = suggestMapping([HEADERS]);
    expect(importScalRequirements({ sheets: [sheet('S', ['A-1', 'One', 'Doc', 'INT', 'MUST', ''])], mapping }).ok).toBe(true);
  });
});
