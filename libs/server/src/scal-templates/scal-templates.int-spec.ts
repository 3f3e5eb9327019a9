import { BASELINE_SCAL_TEMPLATE, SCAL_IMPORT_MAX_ROWS, templateRequirements } from '@pairline/domain';
import ExcelJS from 'exceljs';
import { createOrganisation, signIn, type SignedIn, type TestOrganisation } from '../testing/identity-fixtures';
import { filePart, uploadTo } from '../testing/scal-fixtures';
import { ownerQuery, startTestApp, type TestApp } from '../testing/test-app';

/** A workbook laid out as NHS England's are: a title block, the header lower down, lists below the table. */
async function nhsWorkbook(tabs: Record<string, { headerRow: number; headers: string[]; rows: (string | number)[][]; below?: string[][]; hidden?: boolean }>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const [name, tab] of Object.entries(tabs)) {
    const sheet = book.addWorksheet(name, { state: tab.hidden ? 'hidden' : 'visible' });
    sheet.getCell('A1').value = 'Supplier Conformance Assessment List';
    sheet.mergeCells(1, 1, 1, Math.max(tab.headers.length, 2));
    sheet.getCell('A2').value = `${name}: complete every MUST requirement`;
    sheet.getRow(tab.headerRow).values = tab.headers;
    tab.rows.forEach((row, i) => (sheet.getRow(tab.headerRow + 1 + i).values = row));
    (tab.below ?? []).forEach((row, i) => (sheet.getRow(tab.headerRow + tab.rows.length + 3 + i).values = row));
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

const HEADERS = ['Requirement ID', 'Description', 'Evidence Required', 'Environment', 'MUST/SHOULD', 'Supplier Response'];

describe('SCAL templates', () => {
  let app: TestApp;
  let org: TestOrganisation;
  let other: TestOrganisation;
  let lead: SignedIn;
  let executive: SignedIn;
  let outsider: SignedIn;

  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL: undefined, IMPORT_FILE_MAX_BYTES: String(2 * 1024 * 1024) });
    [org, other] = [await createOrganisation(app), await createOrganisation(app)];
    [lead, executive, outsider] = await Promise.all([signIn(app, org.members.compliance_lead.email), signIn(app, org.members.executive.email), signIn(app, other.members.org_admin.email)]);
  });
  afterAll(() => app.close());

  const counts = async () =>
    (await ownerQuery<{ t: number; r: number; f: number; a: number }>(
      app,
      `SELECT (SELECT count(*) FROM scal_template WHERE organisation_id = $1)::int AS t, (SELECT count(*) FROM scal_requirement WHERE organisation_id = $1)::int AS r,
        (SELECT count(*) FROM document_file WHERE organisation_id = $1)::int AS f, (SELECT count(*) FROM audit_event WHERE organisation_id = $1)::int AS a`,
      [org.id],
    ))[0];
  const post = (url: string, payload: object, as = lead) => app.inject({ method: 'POST', url: `/api/scal-templates${url}`, headers: as.headers, payload });
  const get = (url: string, as = lead) => app.inject({ method: 'GET', url: `/api/scal-templates${url}`, headers: { cookie: as.cookie } });
  const upload = (filename: string, content: Buffer | string, as = lead) => uploadTo(app, as, '/api/scal-templates/files', filename, content);

  it('copies the built-in baseline in as a new version each time, marked baseline and audited', async () => {
    const first = await post('/baseline', {});
    expect(first.statusCode).toBe(201);
    const requirements = templateRequirements(BASELINE_SCAL_TEMPLATE);
    expect(first.json()).toMatchObject({ key: 'baseline', version: 1, baseline: true, sourceNote: BASELINE_SCAL_TEMPLATE.note, requirementCount: requirements.length, sourceFileId: null, sheets: [] });
    expect(first.json().sections).toEqual(BASELINE_SCAL_TEMPLATE.sections.map((s) => ({ key: s.key, name: s.name, requirementCount: s.requirements.length })));
    expect((await post('/baseline', {})).json()).toMatchObject({ key: 'baseline', version: 2 });
    const events = await ownerQuery(app, `SELECT action, entity_id FROM audit_event WHERE organisation_id = $1 AND entity_type = 'scal_template' ORDER BY seq`, [org.id]);
    expect(events).toEqual([
      { action: 'scal_template.baseline_copied', entity_id: first.json().id },
      { action: 'scal_template.baseline_copied', entity_id: expect.any(String) },
    ]);
    expect((await post('/baseline', {}, executive)).statusCode).toBe(403);
  });

  it('lists templates and filters and searches requirements', async () => {
    const list = await get('');
    expect(list.statusCode).toBe(200);
    expect(list.json().map((t: { version: number }) => t.version)).toEqual([2, 1]);
    const baselineCount = templateRequirements(BASELINE_SCAL_TEMPLATE).length;
    expect(list.json().map((t: { requirementCount: number }) => t.requirementCount)).toEqual([baselineCount, baselineCount]);
    const id = list.json()[1].id;
    const all = await get(`/${id}/requirements`, executive);
    expect(all.statusCode).toBe(200);
    expect(all.json().map((r: { identifier: string }) => r.identifier)).toEqual(templateRequirements(BASELINE_SCAL_TEMPLATE).map((r) => r.identifier));
    const filter = (f: object) => get(`/${id}/requirements?filter=${encodeURIComponent(JSON.stringify(f))}`);
    expect((await filter({ section: 'clinical_safety', level: 'SHOULD' })).json().map((r: { identifier: string }) => r.identifier)).toEqual(['BASE-CS-05']);
    expect((await filter({ environment: 'INT(PROVIDER)' })).json().map((r: { identifier: string }) => r.identifier)).toEqual(['BASE-SEC-03']);
    expect((await filter({ q: 'dcb0129' })).json().map((r: { identifier: string }) => r.identifier)).toEqual(['BASE-CS-02']);
    expect((await filter({ q: 'base-sd' })).json()).toHaveLength(2);
  });

  it('uploads a pipe-separated CSV as multipart and previews it: headers, suggested mapping, first rows and rejected rows', async () => {
    const rows = ['Requirement ID|Description|Evidence Required|Environment|MUST/SHOULD', ...Array.from({ length: 25 }, (_, i) => `CSV-${i + 1}|Do thing ${i + 1}, carefully|Screenshot|INT|MUST`), 'CSV-3|Typed again||INT|MUST'];
    const before = await counts();
    const uploaded = await upload('scal.csv', rows.join('\n'));
    expect(uploaded.statusCode).toBe(201);
    const body = uploaded.json();
    expect(body.file).toMatchObject({ filename: 'scal.csv', kind: 'csv', sizeBytes: Buffer.byteLength(rows.join('\n')), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(body.sheets).toHaveLength(1);
    expect(body.sheets[0]).toMatchObject({ name: 'scal.csv', headerRow: 1, suggestedHeaderRow: 1, headers: ['Requirement ID', 'Description', 'Evidence Required', 'Environment', 'MUST/SHOULD'], rowCount: 26 });
    expect(body.sheets[0].rows).toHaveLength(20);
    expect(body.sheets[0].rows[0]).toEqual({ row: 2, cells: ['CSV-1', 'Do thing 1, carefully', 'Screenshot', 'INT', 'MUST'], kind: 'requirement' });
    expect(body.suggestedMapping).toEqual({ 'Requirement ID': 'identifier', Description: 'description', 'Evidence Required': 'evidenceRequired', Environment: 'environment', 'MUST/SHOULD': 'level' });
    expect(body.rejected).toEqual([{ sheet: 'scal.csv', row: 27, reason: 'Duplicate identifier "CSV-3" (first on row 4 of this tab).' }]);
    // The same bytes again are the same file, kept once.
    expect((await upload('again.csv', rows.join('\n'))).json().file.id).toBe(body.file.id);
    const unusable = await post(`/files/${body.file.id}/preview`, { mapping: { 'Requirement ID': 'identifier' } });
    expect(unusable.statusCode).toBe(200);
    expect(unusable.json()).toMatchObject({ mappingProblem: 'Map a column to each of: description.', rejected: [] });
    expect(await counts()).toEqual({ ...before, f: before.f + 1 });
  });

  it('refuses an import with any rejected row with 422, every rejection, and nothing stored', async () => {
    const csv = ['id,requirement,level', 'A-1,First,MUST', 'A-2,Second,Could', 'a-1,Again,MUST', 'A-4,,MAY'].join('\r\n');
    const file = (await upload('bad.csv', csv)).json().file;
    const before = await counts();
    const refused = await post('/import', { fileId: file.id, mapping: { id: 'identifier', requirement: 'description', level: 'level' }, name: 'Bad', key: 'bad' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'scal_import_rejected' });
    expect(refused.json().details.rejected).toEqual([
      { sheet: 'bad.csv', row: 3, reason: 'Unknown level "Could" (expected MUST, SHOULD or MAY).' },
      { sheet: 'bad.csv', row: 4, reason: 'Duplicate identifier "a-1" (first on row 2 of this tab).' },
      { sheet: 'bad.csv', row: 5, reason: 'Description is empty.' },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('imports a comma-separated CSV with a section column, keeping each source row', async () => {
    const csv = ['Ref,Tab,Requirement,Level,Notes', 'C-1,Foundation,"Trace patients, with PDS",MUST,n1', 'C-2,Cross Cap,Use TLS,SHOULD,n2'].join('\n');
    const file = (await upload('comma.csv', csv)).json().file;
    const created = await post('/import', { fileId: file.id, mapping: { Ref: 'identifier', Tab: 'section', Requirement: 'description', Level: 'level', Notes: null }, name: 'Comma SCAL', key: 'comma' });
    expect(created.statusCode).toBe(201);
    expect(created.json().sections).toEqual([
      { key: 'foundation', name: 'Foundation', requirementCount: 1 },
      { key: 'cross_cap', name: 'Cross Cap', requirementCount: 1 },
    ]);
    const stored = await ownerQuery(app, `SELECT identifier, description, source FROM scal_requirement WHERE template_id = $1 ORDER BY position`, [created.json().id]);
    expect(stored).toEqual([
      { identifier: 'C-1', description: 'Trace patients, with PDS', source: { sheet: 'comma.csv', row: 2, cells: ['C-1', 'Foundation', 'Trace patients, with PDS', 'MUST', 'n1'] } },
      { identifier: 'C-2', description: 'Use TLS', source: { sheet: 'comma.csv', row: 3, cells: ['C-2', 'Cross Cap', 'Use TLS', 'SHOULD', 'n2'] } },
    ]);
  });

  it('imports a workbook laid out as NHS England lays one out: header rows found per tab, tabs without a level, lists below, reused identifiers, hidden tabs', async () => {
    const file = await nhsWorkbook({
      Instructions: { headerRow: 4, headers: ['How to complete this SCAL'], rows: [['Answer every row.']] },
      Foundation: {
        headerRow: 15,
        headers: HEADERS,
        rows: [['1. Patient tracing'], ['GPC-F-01', 'Use the PDS', 'Screenshots', 'INT (Provider)', 'Must', ''], ['GEN-01', 'Log every request', '', '', 'SHOULD', '']],
        below: [['', '', '', '', '', 'Compliant'], ['', '', '', '', '', 'Non-Compliant']],
      },
      HTML: { headerRow: 20, headers: ['Requirement ID', 'Description', 'Requirement Test Cases', 'Supplier Response'], rows: [['GEN-01', 'Render the HTML view', 'TC-7', '']] },
      Lists: { headerRow: 1, headers: ['Compliant', 'Non-Compliant', 'Not Applicable'], rows: [], hidden: true },
    });
    const uploaded = await upload('GPC.xlsx', file);
    expect(uploaded.statusCode).toBe(201);
    const preview = uploaded.json();
    expect(preview.sheets.map((s: { name: string; state: string; headerRow: number; requirements: boolean }) => [s.name, s.state, s.headerRow, s.requirements])).toEqual([
      // No row of the instructions tab reads as a header: the first is offered, and nothing is mapped there.
      ['Instructions', 'visible', 1, false],
      ['Foundation', 'visible', 15, true],
      ['HTML', 'visible', 20, true],
      ['Lists', 'hidden', 1, false],
    ]);
    expect(preview).toMatchObject({ rejected: [], requirementCount: 3, reusedIdentifiers: ['GEN-01'], layoutOnlySheets: ['Instructions', 'Lists'], mappingProblem: null });
    expect(preview.sheets[1]).toMatchObject({ headingRows: 1, rowsBelowTable: 2, defaultLevel: null });
    expect(preview.sheets[1].rows.map((r: { kind: string }) => r.kind)).toEqual(['heading', 'requirement', 'requirement', 'below', 'below']);
    expect(preview.sheets[1].rows[0]).toMatchObject({ kind: 'heading', text: '1. Patient tracing' });
    expect(preview.sheets[2]).toMatchObject({ defaultLevel: 'MUST', headers: ['Requirement ID', 'Description', 'Requirement Test Cases', 'Supplier Response'] });
    // The preview is as wide as the used range, however wide the tab's styled columns.
    for (const sheet of preview.sheets) for (const row of sheet.rows) expect(row.cells.length).toBeLessThanOrEqual(6);
    const payload = { fileId: preview.file.id, mapping: preview.suggestedMapping, sheets: { HTML: { defaultLevel: 'SHOULD' } }, name: 'GP Connect SCAL', key: 'gpc' };
    const first = await post('/import', payload);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ key: 'gpc', version: 1, baseline: false, name: 'GP Connect SCAL', requirementCount: 3, sourceNote: 'Imported from GPC.xlsx', sourceFileId: preview.file.id });
    expect(first.json().sheets).toEqual([
      { name: 'Instructions', state: 'visible', headerRow: 1 },
      { name: 'Foundation', state: 'visible', headerRow: 15 },
      { name: 'HTML', state: 'visible', headerRow: 20 },
      { name: 'Lists', state: 'hidden', headerRow: 1 },
    ]);
    const second = await post('/import', payload);
    expect(second.json()).toMatchObject({ key: 'gpc', version: 2 });
    const listed = (await get(`?filter=${encodeURIComponent(JSON.stringify({ key: 'gpc' }))}`)).json();
    expect(listed.map((t: { version: number; requirementCount: number }) => [t.version, t.requirementCount])).toEqual([
      [2, 3],
      [1, 3],
    ]);
    const requirements = (await get(`/${first.json().id}/requirements`)).json();
    expect(requirements.map((r: { identifier: string; heading: string | null; level: string; testCases: string | null }) => [r.identifier, r.heading, r.level, r.testCases])).toEqual([
      ['GPC-F-01', '1. Patient tracing', 'MUST', null],
      ['GEN-01 (Foundation)', '1. Patient tracing', 'SHOULD', null],
      ['GEN-01 (HTML)', null, 'SHOULD', 'TC-7'],
    ]);
    const [event] = await ownerQuery<{ action: string; changes: Record<string, { after: unknown }> }>(app, `SELECT action, changes FROM audit_event WHERE entity_id = $1`, [first.json().id]);
    expect(event.action).toBe('scal_template.imported');
    expect(event.changes).toMatchObject({ rows: { after: 3 }, fileSha256: { after: preview.file.sha256 } });
    const [pinned] = await ownerQuery<{ pinned: boolean }>(app, `SELECT pinned_at IS NOT NULL AS pinned FROM document_file WHERE id = $1`, [preview.file.id]);
    expect(pinned.pinned).toBe(true);
  });

  it('refuses hostile and wrong files with a clear 4xx and stores nothing', async () => {
    const before = await counts();
    const lying = await upload('scal.xlsx', 'Requirement ID,Description\nA-1,x');
    expect(lying.json()).toMatchObject({ statusCode: 415, message: expect.stringMatching(/not an xlsx workbook/) });
    expect((await upload('scal.csv', Buffer.from([0xff, 0xfe, 0x00, 0x41, 0xc3, 0x28]))).statusCode).toBe(415);
    expect((await upload('scal.pdf', '%PDF-1.7')).statusCode).toBe(415);
    expect((await upload('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]))).json()).toMatchObject({ statusCode: 415, code: 'import_file_legacy_excel' });
    const file = await nhsWorkbook({ S: { headerRow: 1, headers: HEADERS, rows: [['A-1', 'x', '', '', 'MUST', '']] } });
    const truncated = await upload('scal.xlsx', file.subarray(0, Math.floor(file.length / 2)));
    expect(truncated.json()).toMatchObject({ statusCode: 422, code: 'workbook_unreadable', message: expect.stringMatching(/truncated or damaged/) });
    expect((await upload('scal.xlsx', file.subarray(0, 100))).statusCode).toBe(422);
    // A zip bomb named .xlsx: a workbook whose directory declares an entry of 2 GB. Refused before inflating.
    const bomb = Buffer.from(file);
    bomb.writeUInt32LE(0x7fffffff, bomb.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 24);
    expect((await upload('scal.xlsx', bomb)).json()).toMatchObject({ statusCode: 422, code: 'workbook_too_large_uncompressed', message: expect.stringMatching(/zip bomb/) });
    // The import's own limit (2 MB in this test), named in the refusal with the setting that raises it.
    const huge = await upload('scal.csv', Buffer.alloc(2 * 1024 * 1024 + 1, 'a'));
    expect(huge.json()).toMatchObject({ statusCode: 413, code: 'import_file_too_large', message: expect.stringMatching(/2 MB limit.*IMPORT_FILE_MAX_BYTES/) });
    const tooManyRows = ['Requirement ID,Description,MUST/SHOULD', ...Array.from({ length: SCAL_IMPORT_MAX_ROWS + 1 }, (_, i) => `R-${i},d,MUST`)].join('\n');
    expect((await upload('rows.csv', tooManyRows)).json()).toMatchObject({ statusCode: 422, code: 'scal_import_too_large' });
    // Not multipart, no file part, a stray field: each named.
    expect((await post('/files', { filename: 'x.csv' })).json()).toMatchObject({ statusCode: 415, code: 'multipart_required' });
    const stray = filePart('x.csv', 'a,b');
    const field = Buffer.from(stray.payload.toString('latin1').replace('name="file"', 'name="other"'), 'latin1');
    expect((await app.inject({ method: 'POST', url: '/api/scal-templates/files', headers: { ...lead.headers, ...stray.headers }, payload: field })).json()).toMatchObject({ statusCode: 400, message: expect.stringMatching(/other/) });
    expect(await counts()).toEqual(before);
  });

  it('refuses bad import settings naming the field, and an unknown file', async () => {
    const file = (await upload('ok.csv', 'Requirement ID,Description\nA-1,x')).json().file;
    const bad = await post(`/files/${file.id}/preview`, { sheets: { 'ok.csv': { headerRow: 0 } } });
    expect(bad.json()).toMatchObject({ statusCode: 400, message: 'sheets.ok.csv.headerRow: must be a row number from 1.' });
    expect((await post(`/files/${file.id}/preview`, { sheets: { 'ok.csv': { defaultLevel: 'COULD' } } })).statusCode).toBe(400);
    expect((await post(`/files/${file.id}/preview`, { sheets: [] })).statusCode).toBe(400);
    expect((await post('/import', { fileId: '00000000-0000-4000-8000-000000000000', mapping: {}, name: 'x', key: 'x' })).json()).toMatchObject({ statusCode: 404, code: 'document_file_not_found' });
    // Another organisation's upload is not found either.
    expect((await post(`/files/${file.id}/preview`, {}, outsider)).statusCode).toBe(404);
  });

  it("answers 404 to another organisation's templates and never lists them", async () => {
    const [theirs] = await Promise.all([post('/baseline', {}, outsider)]);
    expect(theirs.statusCode).toBe(201);
    expect((await get(`/${theirs.json().id}`)).statusCode).toBe(404);
    expect((await get(`/${theirs.json().id}/requirements`)).statusCode).toBe(404);
    expect((await get('')).json().map((t: { id: string }) => t.id)).not.toContain(theirs.json().id);
    expect((await get(`/${theirs.json().id}`, outsider)).statusCode).toBe(200);
  });
});
