import { DEFAULT_EXPORT_HEADERS, scalCsvLayout, scalExportLayout, worksheetName, type ScalExportRow } from './export-layout';

const row = (identifier: string, patch: Partial<ScalExportRow> = {}): ScalExportRow => ({
  identifier,
  section: 'ig',
  sectionName: 'Information governance',
  description: `${identifier} description`,
  useCase: null,
  type: null,
  link: null,
  testCases: null,
  evidenceRequired: null,
  environment: null,
  level: 'MUST',
  source: null,
  response: null,
  justification: null,
  status: 'not_started',
  rejectionReason: null,
  evidence: [],
  ...patch,
});
const materialise = (sheets: ReturnType<typeof scalExportLayout>) => sheets.map((s) => ({ name: s.name, rows: [...s.rows] }));

describe('SCAL export layout', () => {
  it('puts answers into the mapped columns, appends the others after the widest row, and keeps every source cell and row number', () => {
    const sheets = materialise(
      scalExportLayout({
        sourceSheets: [{ name: 'IG', headers: ['Level', 'Ref', 'Text', 'Compliance'], answerColumns: { response: 3 }, otherRows: [{ row: 3, cells: ['', '', 'Sub-heading'] }] }],
        rows: [
          row('IG-2', { source: { sheet: 'IG', row: 5, cells: ['MUST', 'IG-2', 'Two', 'was here'] } }),
          row('IG-1', { source: { sheet: 'IG', row: 2, cells: ['MUST', 'IG-1', 'One', '', 'stray note'] }, response: 'non_compliant', justification: 'Mitigated', status: 'rejected', rejectionReason: 'Need proof', evidence: ['EV-1 rev 2'] }),
        ],
      }),
    );
    expect(sheets).toEqual([
      {
        name: 'IG',
        rows: [
          { row: 1, cells: ['Level', 'Ref', 'Text', 'Compliance', '', 'Justification', 'Evidence', 'Status'] },
          { row: 2, cells: ['MUST', 'IG-1', 'One', 'Non-compliant', 'stray note', 'Mitigated', 'EV-1 rev 2', 'Rejected: Need proof'] },
          { row: 3, cells: ['', '', 'Sub-heading'] },
          // Unanswered: the mapped column keeps the workbook's own text.
          { row: 5, cells: ['MUST', 'IG-2', 'Two', 'was here', '', '', '', 'Not started'] },
        ],
      },
    ]);
  });

  it('writes a sheet without requirements (a cover tab) back as it was, with no answer columns', () => {
    const [cover] = materialise(scalExportLayout({ sourceSheets: [{ name: 'Cover', headers: ['How to complete'], otherRows: [{ row: 2, cells: ['Answer every MUST'] }] }], rows: [] }));
    expect(cover).toEqual({ name: 'Cover', rows: [{ row: 1, cells: ['How to complete'] }, { row: 2, cells: ['Answer every MUST'] }] });
  });

  it('gives the baseline one sheet per section with the default headers, and rows without a source sheet a sheet of their own', () => {
    const baseline = materialise(scalExportLayout({ sourceSheets: null, rows: [row('A-1'), row('B-1', { section: 'sd', sectionName: 'Service desk', response: 'compliant', status: 'accepted' })] }));
    expect(baseline.map((s) => s.name)).toEqual(['Information governance', 'Service desk']);
    expect(baseline[1].rows).toEqual([
      { row: 1, cells: [...DEFAULT_EXPORT_HEADERS] },
      { row: 2, cells: ['B-1', 'Service desk', 'B-1 description', '', '', '', '', '', '', 'MUST', 'Compliant', '', '', 'Accepted by NHS England'] },
    ]);
    const mixed = materialise(scalExportLayout({ sourceSheets: [{ name: 'IG', headers: ['ID'] }], rows: [row('A-1', { source: { sheet: 'IG', row: 2, cells: ['A-1'] } }), row('X-1')] }));
    expect(mixed.map((s) => s.name)).toEqual(['IG', 'Other requirements']);
  });

  it('writes one CSV table: the source layout for a one-sheet source, else the default layout', () => {
    const one = scalCsvLayout({ sourceSheets: [{ name: 'scal.csv', headers: ['ID', 'Text'] }], rows: [row('A-1', { source: { sheet: 'scal.csv', row: 2, cells: ['A-1', 'One'] } })] });
    expect([...one.rows][0].cells).toEqual(['ID', 'Text', 'Response', 'Justification', 'Evidence', 'Status']);
    const two = scalCsvLayout({ sourceSheets: [{ name: 'A', headers: ['ID'] }, { name: 'B', headers: ['ID'] }], rows: [row('A-1', { source: { sheet: 'A', row: 2, cells: ['A-1'] } })] });
    expect([...two.rows][0].cells).toEqual([...DEFAULT_EXPORT_HEADERS]);
  });

  it('makes names Excel accepts', () => {
    const taken = new Set<string>();
    expect(worksheetName('Clinical safety: DCB0129 / DCB0160 [draft] and more words', taken)).toBe('Clinical safety  DCB0129   DCB0');
    expect(worksheetName('Sheet', taken)).toBe('Sheet');
    expect(worksheetName('sheet', taken)).toBe('sheet 2');
  });
});
