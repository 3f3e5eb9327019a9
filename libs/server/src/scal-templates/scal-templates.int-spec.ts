import { BASELINE_SCAL_TEMPLATE, SCAL_IMPORT_MAX_ROWS, templateRequirements } from '@pairline/domain';
import ExcelJS from 'exceljs';
import { createOrganisation, signIn, type SignedIn, type TestOrganisation } from '../testing/identity-fixtures';
import { ownerQuery, startTestApp, type TestApp } from '../testing/test-app';
import { SCAL_IMPORT_MAX_BYTES } from './scal-files';

const b64 = (content: string | Buffer) => Buffer.from(content).toString('base64');

async function workbook(sheets: Record<string, string[][]>): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) book.addWorksheet(name).addRows(rows);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const HEADERS = ['Requirement ID', 'Description', 'Evidence Required', 'Environment', 'MUST/SHOULD', 'Supplier Response'];
const MAPPING = { 'Requirement ID': 'identifier', Description: 'description', 'Evidence Required': 'evidenceRequired', Environment: 'environment', 'MUST/SHOULD': 'level', 'Supplier Response': null };

describe('SCAL templates', () => {
  let app: TestApp;
  let org: TestOrganisation;
  let other: TestOrganisation;
  let lead: SignedIn;
  let executive: SignedIn;
  let outsider: SignedIn;

  beforeAll(async () => {
    // Room for the over-limit file to reach the import's own size check.
    app = await startTestApp({ REDIS_URL: undefined, HTTP_BODY_LIMIT_BYTES: String(10 * 1024 * 1024) });
    [org, other] = [await createOrganisation(app), await createOrganisation(app)];
    [lead, executive, outsider] = await Promise.all([signIn(app, org.members.compliance_lead.email), signIn(app, org.members.executive.email), signIn(app, other.members.org_admin.email)]);
  });
  afterAll(() => app.close());

  const counts = async () =>
    (await ownerQuery<{ t: number; r: number; a: number }>(
      app,
      `SELECT (SELECT count(*) FROM scal_template WHERE organisation_id = $1)::int AS t, (SELECT count(*) FROM scal_requirement WHERE organisation_id = $1)::int AS r, (SELECT count(*) FROM audit_event WHERE organisation_id = $1)::int AS a`,
      [org.id],
    ))[0];
  const post = (url: string, payload: object, as = lead) => app.inject({ method: 'POST', url: `/api/scal-templates${url}`, headers: as.headers, payload });
  const get = (url: string, as = lead) => app.inject({ method: 'GET', url: `/api/scal-templates${url}`, headers: { cookie: as.cookie } });

  it('copies the built-in baseline in as a new version each time, marked baseline and audited', async () => {
    const first = await post('/baseline', {});
    expect(first.statusCode).toBe(201);
    const requirements = templateRequirements(BASELINE_SCAL_TEMPLATE);
    expect(first.json()).toMatchObject({ key: 'baseline', version: 1, baseline: true, sourceNote: BASELINE_SCAL_TEMPLATE.note, requirementCount: requirements.length });
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

  it('previews a pipe-separated CSV: headers, suggested mapping, first rows and rejected rows', async () => {
    const rows = ['Requirement ID|Description|Evidence Required|Environment|MUST/SHOULD', ...Array.from({ length: 25 }, (_, i) => `CSV-${i + 1}|Do thing ${i + 1}, carefully|Screenshot|INT|MUST`), 'CSV-3|Typed again||INT|MUST'];
    const before = await counts();
    const preview = await post('/import/preview', { filename: 'scal.csv', contentBase64: b64(rows.join('\n')) });
    expect(preview.statusCode).toBe(200);
    const body = preview.json();
    expect(body.sheets).toHaveLength(1);
    expect(body.sheets[0]).toMatchObject({ name: 'scal.csv', headers: ['Requirement ID', 'Description', 'Evidence Required', 'Environment', 'MUST/SHOULD'], rowCount: 26 });
    expect(body.sheets[0].rows).toHaveLength(20);
    expect(body.sheets[0].rows[0]).toEqual(['CSV-1', 'Do thing 1, carefully', 'Screenshot', 'INT', 'MUST']);
    expect(body.suggestedMapping).toEqual({ 'Requirement ID': 'identifier', Description: 'description', 'Evidence Required': 'evidenceRequired', Environment: 'environment', 'MUST/SHOULD': 'level' });
    expect(body.rejected).toEqual([{ sheet: 'scal.csv', row: 27, reason: 'Duplicate identifier "CSV-3" (first on scal.csv row 4).' }]);
    const unusable = await post('/import/preview', { filename: 'scal.csv', contentBase64: b64(rows.join('\n')), mapping: { 'Requirement ID': 'identifier' } });
    expect(unusable.json()).toMatchObject({ mappingProblem: 'Map a column to each of: description, level.', rejected: [] });
    expect(await counts()).toEqual(before);
  });

  it('refuses an import with any rejected row with 422, every rejection, and nothing stored', async () => {
    const csv = ['id,requirement,level', 'A-1,First,MUST', 'A-2,Second,Could', 'a-1,Again,MUST', 'A-4,,MAY'].join('\r\n');
    const before = await counts();
    const refused = await post('/import', { filename: 'bad.csv', contentBase64: b64(csv), mapping: { id: 'identifier', requirement: 'description', level: 'level' }, name: 'Bad', key: 'bad' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'scal_import_rejected' });
    expect(refused.json().details.rejected).toEqual([
      { sheet: 'bad.csv', row: 3, reason: 'Unknown level "Could" (expected MUST, SHOULD or MAY).' },
      { sheet: 'bad.csv', row: 4, reason: 'Duplicate identifier "a-1" (first on bad.csv row 2).' },
      { sheet: 'bad.csv', row: 5, reason: 'Description is empty.' },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('imports a comma-separated CSV with a section column, keeping each source row', async () => {
    const csv = ['Ref,Tab,Requirement,Level,Notes', 'C-1,Foundation,"Trace patients, with PDS",MUST,n1', 'C-2,Cross Cap,Use TLS,SHOULD,n2'].join('\n');
    const created = await post('/import', { filename: 'comma.csv', contentBase64: b64(csv), mapping: { Ref: 'identifier', Tab: 'section', Requirement: 'description', Level: 'level', Notes: null }, name: 'Comma SCAL', key: 'comma' });
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

  it('imports an xlsx workbook, one section per sheet, as the next version of its key, audited with the row count', async () => {
    const file = await workbook({
      Foundation: [HEADERS, ['GPC-F-01', 'Use the PDS', 'Screenshots', 'INT (Provider)', 'Must', 'ignored'], ['GPC-F-02', 'Log every request', '', '', 'SHOULD', '']],
      'Cross Cap': [HEADERS, ['GPC-X-01', 'Support TLS 1.2', 'Config', 'ENVNA', 'MAY', '']],
    });
    const preview = await post('/import/preview', { filename: 'GPC.xlsx', contentBase64: b64(file) });
    expect(preview.json()).toMatchObject({ sheets: [{ name: 'Foundation', headers: HEADERS, rowCount: 2 }, { name: 'Cross Cap', rowCount: 1 }], rejected: [], requirementCount: 3, mappingProblem: null });
    const payload = { filename: 'GPC.xlsx', contentBase64: b64(file), mapping: MAPPING, name: 'GP Connect SCAL', key: 'gpc' };
    const first = await post('/import', payload);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ key: 'gpc', version: 1, baseline: false, name: 'GP Connect SCAL', requirementCount: 3, sourceNote: 'Imported from GPC.xlsx' });
    expect(first.json().sections.map((s: { key: string }) => s.key)).toEqual(['foundation', 'cross_cap']);
    const second = await post('/import', payload);
    expect(second.json()).toMatchObject({ key: 'gpc', version: 2 });
    // The list counts each version's requirements (one grouped query for the page).
    const listed = (await get(`?filter=${encodeURIComponent(JSON.stringify({ key: 'gpc' }))}`)).json();
    expect(listed.map((t: { version: number; requirementCount: number }) => [t.version, t.requirementCount])).toEqual([[2, 3], [1, 3]]);
    const requirements = (await get(`/${first.json().id}/requirements`)).json();
    expect(requirements[0]).toMatchObject({ identifier: 'GPC-F-01', section: 'foundation', sectionName: 'Foundation', environment: 'INT(PROVIDER)', level: 'MUST', evidenceRequired: 'Screenshots' });
    const [event] = await ownerQuery<{ action: string; changes: Record<string, { after: unknown }> }>(app, `SELECT action, changes FROM audit_event WHERE entity_id = $1`, [first.json().id]);
    expect(event.action).toBe('scal_template.imported');
    expect(event.changes.rows.after).toBe(3);
    const [sheets] = await ownerQuery(app, `SELECT source_sheets FROM scal_template WHERE id = $1`, [first.json().id]);
    expect(sheets).toEqual({ source_sheets: [{ name: 'Foundation', headers: HEADERS, answerColumns: {}, otherRows: [] }, { name: 'Cross Cap', headers: HEADERS, answerColumns: {}, otherRows: [] }] });
  });

  it('refuses hostile and wrong files with a clear 4xx and stores nothing', async () => {
    const before = await counts();
    const attempt = (filename: string, content: Buffer | string) => post('/import', { filename, contentBase64: b64(content), mapping: MAPPING, name: 'Hostile', key: 'hostile' });
    const lying = await attempt('scal.xlsx', 'Requirement ID,Description\nA-1,x');
    expect(lying.json()).toMatchObject({ statusCode: 415, message: expect.stringMatching(/not an xlsx workbook/) });
    expect((await attempt('scal.csv', Buffer.from([0xff, 0xfe, 0x00, 0x41, 0xc3, 0x28]))).statusCode).toBe(415);
    expect((await attempt('scal.pdf', '%PDF-1.7')).statusCode).toBe(415);
    const file = await workbook({ S: [HEADERS, ['A-1', 'x', '', '', 'MUST', '']] });
    const truncated = await attempt('scal.xlsx', file.subarray(0, Math.floor(file.length / 2)));
    expect(truncated.json()).toMatchObject({ statusCode: 422, code: 'scal_workbook_unreadable', message: expect.stringMatching(/truncated or damaged/) });
    expect((await post('/import/preview', { filename: 'scal.xlsx', contentBase64: b64(file.subarray(0, 100)) })).statusCode).toBe(422);
    // A zip bomb named .xlsx: a workbook whose directory declares an entry of 2 GB. Refused before inflating.
    const bomb = Buffer.from(file);
    bomb.writeUInt32LE(0x7fffffff, bomb.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 24);
    expect((await attempt('scal.xlsx', bomb)).json()).toMatchObject({ statusCode: 422, code: 'workbook_too_large_uncompressed', message: expect.stringMatching(/zip bomb/) });
    const huge = await attempt('scal.csv', Buffer.alloc(SCAL_IMPORT_MAX_BYTES + 1, 'a'));
    expect(huge.statusCode).toBe(413);
    const tooManyRows = ['Requirement ID,Description,MUST/SHOULD', ...Array.from({ length: SCAL_IMPORT_MAX_ROWS + 1 }, (_, i) => `R-${i},d,MUST`)].join('\n');
    expect((await attempt('rows.csv', tooManyRows)).json()).toMatchObject({ statusCode: 422, code: 'scal_import_too_large' });
    expect(await counts()).toEqual(before);
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
