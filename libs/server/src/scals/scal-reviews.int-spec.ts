import type { ScalCommentThreadDto, ScalSnapshotDetailDto, ScalSnapshotDto } from '@pairline/contracts';
import { BASELINE_SCAL_TEMPLATE, canonicalJson, templateRequirements } from '@pairline/domain';
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { createOrganisation, signIn, type SignedIn, type TestOrganisation } from '../testing/identity-fixtures';
import { uploadTo } from '../testing/scal-fixtures';
import { ownerQuery, startTestApp, type TestApp } from '../testing/test-app';
import { ScalEvidenceReferences } from './scal-evidence-references';

const REQUIREMENTS = templateRequirements(BASELINE_SCAL_TEMPLATE);
const MUSTS = REQUIREMENTS.filter((r) => r.level === 'MUST');

/** A SCAL workbook as suppliers receive them: several tabs, columns in no common order, extra columns, notes between rows. */
const SOURCE: Record<string, (string | number | null)[][]> = {
  Instructions: [['How to complete this SCAL'], ['Answer every MUST row; justify anything not compliant.'], [null], ['Return it to NHS England by email.']],
  'Cross Cap': [
    ['Notes', 'Level', 'Requirement ID', 'Extra A', 'Description', 'Supplier Response'],
    ['Read first', 'MUST', 'XC-01', '  padded  ', 'Use the NHS number as the patient identifier.', null],
    [null, null, null, null, null, null],
    ['Sub-heading: consent', null, null, null, null, null],
    [42, 'SHOULD', 'XC-02', '=1+1', 'Record consent, with "quotes", commas, and\na line break.', null],
    ['', 'MUST', 'XC-03', 'Ünïcödé — ✓', 'Audit every access.', null],
  ],
  'Spine Int': [
    ['Requirement ID', 'Description', 'Environment', 'MUST/SHOULD', 'Evidence Required', 'Comments'],
    ['SP-01', 'Authenticate with the spine.', 'INT', 'MUST', 'Test log', 'Reviewer note'],
    ['SP-02', 'Handle spine outages.', 'N/A', 'MAY', null, null],
  ],
  Foundation: [
    ['Description', 'Justification', 'Ref', 'Level', 'Status', 'Test Cases', 'Owner (theirs)'],
    ['Retrieve a patient record.', null, 'FD-01', 'MUST', null, 'TC-1, TC-2', 'Ops'],
    ['Show an error when the record is unavailable.', null, 'FD-02', 'SHOULD', null, 'TC-3', null],
  ],
};
const MAPPING = {
  'Requirement ID': 'identifier',
  Ref: 'identifier',
  Description: 'description',
  Level: 'level',
  'MUST/SHOULD': 'level',
  'Supplier Response': 'response',
  Environment: 'environment',
  'Evidence Required': 'evidenceRequired',
  Justification: 'justification',
  Status: 'status',
  'Test Cases': 'testCases',
  Notes: null,
  'Extra A': null,
  Comments: null,
  'Owner (theirs)': null,
};

async function sourceWorkbook(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(SOURCE)) {
    const sheet = workbook.addWorksheet(name);
    rows.forEach((cells, r) => cells.forEach((value, c) => value !== null && (sheet.getCell(r + 1, c + 1).value = value)));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

async function readWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

const text = (sheet: ExcelJS.Worksheet, row: number, column: number) => sheet.getRow(row).getCell(column).text;

describe('SCAL review: comments, stages with snapshots, export', () => {
  let app: TestApp;
  let org: TestOrganisation;
  let lead: SignedIn;
  let executive: SignedIn;
  let cso: SignedIn;
  let auditor: SignedIn;
  let productId: string;

  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL: undefined });
    org = await createOrganisation(app);
    [lead, executive, cso, auditor] = await Promise.all([
      signIn(app, org.members.compliance_lead.email),
      signIn(app, org.members.executive.email),
      signIn(app, org.members.clinical_safety_officer.email),
      signIn(app, org.members.auditor.email),
    ]);
    productId = (await app.inject({ method: 'POST', url: '/api/products', headers: lead.headers, payload: { name: 'CarePlan', useCase: 'x', intendedUsers: 'y', medicalDeviceStatus: 'not_a_medical_device' } })).json().id;
  });
  afterAll(() => app.close());

  const newScal = async (mechanismId: string, providerSupplierId: string | null, templateId?: string): Promise<string> => {
    const journey = await app.inject({ method: 'POST', url: '/api/journeys', headers: lead.headers, payload: { productId, mechanismId, providerSupplierId } });
    expect(journey.statusCode).toBe(201);
    const template = templateId ?? (await app.inject({ method: 'POST', url: '/api/scal-templates/baseline', headers: lead.headers, payload: {} })).json().id;
    const scal = await app.inject({ method: 'POST', url: '/api/scals', headers: lead.headers, payload: { templateId: template, journeyIds: [journey.json().id] } });
    expect(scal.statusCode).toBe(201);
    return scal.json().id;
  };
  const put = (scal: string, identifier: string, payload: object) => app.inject({ method: 'PUT', url: `/api/scals/${scal}/requirements/${encodeURIComponent(identifier)}`, headers: lead.headers, payload });
  const comment = (scal: string, identifier: string, payload: object, as = lead) => app.inject({ method: 'POST', url: `/api/scals/${scal}/requirements/${encodeURIComponent(identifier)}/comments`, headers: as.headers, payload });
  const threads = async (scal: string, identifier: string): Promise<ScalCommentThreadDto[]> => (await app.inject({ method: 'GET', url: `/api/scals/${scal}/requirements/${encodeURIComponent(identifier)}/comments`, headers: { cookie: auditor.cookie } })).json();
  const record = (scal: string, stage: string, payload: object = {}, as = lead) => app.inject({ method: 'POST', url: `/api/scals/${scal}/stages/${stage}`, headers: as.headers, payload });
  const counts = async () =>
    (await ownerQuery<{ comments: number; snapshots: number; audit: number }>(
      app,
      `SELECT (SELECT count(*) FROM scal_comment WHERE organisation_id = $1)::int AS comments, (SELECT count(*) FROM scal_snapshot WHERE organisation_id = $1)::int AS snapshots, (SELECT count(*) FROM audit_event WHERE organisation_id = $1)::int AS audit`,
      [org.id],
    ))[0];
  const actions = async (action: string) => (await ownerQuery<{ changes: Record<string, { after?: unknown }> }>(app, `SELECT changes FROM audit_event WHERE organisation_id = $1 AND action = $2 ORDER BY seq`, [org.id, action])).map((e) => e.changes);

  it('threads reviewer comments per requirement, counts open threads in the read model, resolves and reopens them, and audits each', async () => {
    const scal = await newScal('im1_patient', 'optum');
    const [first, second] = REQUIREMENTS;
    // Reviewers need not be writers: the executive and the CSO comment, the auditor only reads.
    const opened = await comment(scal, first.identifier, { body: '  Which ODS code is this?  ' }, executive);
    expect(opened.statusCode).toBe(201);
    expect(opened.json()).toMatchObject({ identifier: first.identifier, parentId: null, body: 'Which ODS code is this?', authorUserId: org.members.executive.userId, authorName: expect.any(String), resolvedAt: null });
    const reply = await comment(scal, first.identifier, { body: 'The trading one.', parentId: opened.json().id });
    expect(reply.json()).toMatchObject({ parentId: opened.json().id });
    // A reply to a reply joins the same thread.
    expect((await comment(scal, first.identifier, { body: 'Thanks', parentId: reply.json().id }, cso)).json()).toMatchObject({ parentId: opened.json().id });
    const other = (await comment(scal, first.identifier, { body: 'Second thread' }, cso)).json();
    await comment(scal, second.identifier, { body: 'On another row' });

    const before = await counts();
    expect((await comment(scal, first.identifier, { body: 'no' }, auditor)).statusCode).toBe(403);
    expect((await comment(scal, first.identifier, { body: '   ' })).json()).toMatchObject({ statusCode: 400, details: [expect.objectContaining({ field: 'body' })] });
    expect((await comment(scal, first.identifier, { body: 'x', extra: 1 })).statusCode).toBe(400);
    expect((await comment(scal, first.identifier, { body: 'x', parentId: 'nope' })).json()).toMatchObject({ statusCode: 400, details: [expect.objectContaining({ field: 'parentId' })] });
    // A parent on another requirement is not a parent of this one.
    expect((await comment(scal, second.identifier, { body: 'x', parentId: opened.json().id })).json()).toMatchObject({ statusCode: 422, code: 'scal_comment_parent_not_found' });
    expect((await comment(scal, 'NOPE-1', { body: 'x' })).json()).toMatchObject({ statusCode: 404, code: 'scal_requirement_not_found' });
    expect(await counts()).toEqual(before);

    const listed = await threads(scal, first.identifier);
    expect(listed.map((t) => [t.body, t.replies.map((r) => r.body)])).toEqual([
      ['Which ODS code is this?', ['The trading one.', 'Thanks']],
      ['Second thread', []],
    ]);
    const row = async () => (await app.inject({ method: 'GET', url: `/api/scals/${scal}/requirements?filter=${encodeURIComponent(JSON.stringify({ identifier: first.identifier }))}`, headers: { cookie: lead.cookie } })).json()[0];
    expect(await row()).toMatchObject({ commentCount: 4, openThreads: 2 });
    const detail = async () => (await app.inject({ method: 'GET', url: `/api/scals/${scal}`, headers: { cookie: lead.cookie } })).json();
    expect((await detail()).openThreads).toBe(3);

    // Resolving through a reply resolves its thread; asking twice changes nothing.
    const resolved = await app.inject({ method: 'POST', url: `/api/scals/${scal}/comments/${reply.json().id}/resolve`, headers: cso.headers, payload: {} });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({ id: opened.json().id, resolvedAt: expect.any(String), resolvedByUserId: org.members.clinical_safety_officer.userId, replies: [expect.anything(), expect.anything()] });
    expect((await app.inject({ method: 'POST', url: `/api/scals/${scal}/comments/${opened.json().id}/resolve`, headers: lead.headers, payload: {} })).statusCode).toBe(200);
    expect(await row()).toMatchObject({ commentCount: 4, openThreads: 1 });
    expect((await app.inject({ method: 'POST', url: `/api/scals/${scal}/comments/${opened.json().id}/resolve`, headers: auditor.headers, payload: {} })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: `/api/scals/${scal}/comments/00000000-0000-4000-8000-000000000000/resolve`, headers: lead.headers, payload: {} })).statusCode).toBe(404);
    const reopened = await app.inject({ method: 'POST', url: `/api/scals/${scal}/comments/${opened.json().id}/unresolve`, headers: lead.headers, payload: {} });
    expect(reopened.json()).toMatchObject({ resolvedAt: null, resolvedByUserId: null });
    expect((await detail()).openThreads).toBe(3);
    expect(other.parentId).toBeNull();

    expect(await actions('scal.comment_added')).toHaveLength(5);
    expect((await actions('scal.thread_resolved')).map((c) => c.resolved)).toEqual([{ before: false, after: true }]);
    expect(await actions('scal.thread_reopened')).toHaveLength(1);
  });

  it('records SCAL stages only when their rules hold, each as an immutable numbered snapshot of every row', async () => {
    const scal = await newScal('im1_transaction', 'tpp');
    const [must] = MUSTS;
    expect((await put(scal, must.identifier, { response: 'non_compliant', justification: 'Compensating control', version: 0 })).statusCode).toBe(200);
    await comment(scal, must.identifier, { body: 'Is the control documented?' }, executive);

    const stageOne = await record(scal, 'stage_one', { note: 'Sent to NHS England onboarding' });
    expect(stageOne.statusCode).toBe(201);
    expect(stageOne.json()).toMatchObject({ number: 1, stage: 'stage_one', stageLabel: 'Stage-one SCAL', note: 'Sent to NHS England onboarding', rowCount: REQUIREMENTS.length, takenByUserId: org.members.compliance_lead.userId });

    const before = await counts();
    const refused = await record(scal, 'fully_completed');
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'scal_stage_not_reached', details: { stage: 'fully_completed' } });
    expect(refused.json().details.shortfalls).toHaveLength(MUSTS.length - 1);
    expect(refused.json().details.shortfalls[0]).toEqual({ identifier: MUSTS[1].identifier, reason: 'unanswered', message: `${MUSTS[1].identifier} has no response.` });
    expect((await record(scal, 'assured')).json().details.shortfalls[0]).toMatchObject({ reason: 'not_agreed_yet' });
    expect((await record(scal, 'approved')).json()).toMatchObject({ statusCode: 400, code: 'scal_unknown_stage' });
    expect((await record(scal, 'stage_one', {}, executive)).statusCode).toBe(403);
    expect((await record(scal, 'stage_one', { note: 7 })).statusCode).toBe(400);
    expect(await counts()).toEqual(before);

    for (const r of MUSTS.slice(1)) expect((await put(scal, r.identifier, { response: 'compliant', version: 0 })).statusCode).toBe(200);
    const completed = await record(scal, 'fully_completed');
    expect(completed.json()).toMatchObject({ number: 2, stage: 'fully_completed' });
    expect((await record(scal, 'agreed')).json()).toMatchObject({ statusCode: 422, code: 'scal_stage_not_reached' });
    for (const r of REQUIREMENTS.filter((x) => x.level !== 'MUST')) expect((await put(scal, r.identifier, { response: 'not_applicable', justification: 'Not offered', version: 0 })).statusCode).toBe(200);
    for (const status of ['ready_for_review', 'submitted', 'accepted']) expect((await app.inject({ method: 'POST', url: `/api/scals/${scal}/requirements/bulk`, headers: lead.headers, payload: { filter: {}, set: { status } } })).statusCode).toBe(200);
    expect((await record(scal, 'agreed')).json()).toMatchObject({ number: 3, stage: 'agreed', byStatus: { accepted: REQUIREMENTS.length } });
    expect((await record(scal, 'assured')).json()).toMatchObject({ number: 4, stage: 'assured' });
    expect((await app.inject({ method: 'GET', url: `/api/scals/${scal}`, headers: { cookie: lead.cookie } })).json().stage).toMatchObject({ stage: 'assured', number: 4, label: 'Assured SCAL' });

    const list: ScalSnapshotDto[] = (await app.inject({ method: 'GET', url: `/api/scals/${scal}/snapshots`, headers: { cookie: auditor.cookie } })).json();
    expect(list.map((s) => [s.number, s.stage])).toEqual([
      [4, 'assured'],
      [3, 'agreed'],
      [2, 'fully_completed'],
      [1, 'stage_one'],
    ]);
    expect(list[0]).not.toHaveProperty('rows');

    // The stage-one snapshot still says what was sent then, whatever happened since.
    const first: ScalSnapshotDetailDto = (await app.inject({ method: 'GET', url: `/api/scals/${scal}/snapshots/${stageOne.json().id}`, headers: { cookie: auditor.cookie } })).json();
    expect(first.rows).toHaveLength(REQUIREMENTS.length);
    expect(first.rows.map((r) => r.identifier)).toEqual(REQUIREMENTS.map((r) => r.identifier));
    expect(first.rows[0]).toMatchObject({ identifier: must.identifier, description: must.description, response: 'non_compliant', justification: 'Compensating control', status: 'in_progress', commentCount: 1, openThreads: 1, evidence: [] });
    expect(first.rows.filter((r) => r.response !== null)).toHaveLength(1);
    expect(createHash('sha256').update(canonicalJson(first.rows)).digest('hex')).toBe(first.rowsSha256);
    expect(first.template).toMatchObject({ key: 'baseline', baseline: true });

    await expect(ownerQuery(app, `UPDATE scal_snapshot SET stage = 'assured' WHERE id = $1`, [stageOne.json().id])).rejects.toThrow(/append-only/);
    await expect(ownerQuery(app, `DELETE FROM scal_snapshot WHERE id = $1`, [stageOne.json().id])).rejects.toThrow(/append-only/);
    expect((await actions('scal.stage_recorded')).filter((c) => c.scalId.after === scal).map((c) => [c.stage.after, c.number.after])).toEqual([
      ['stage_one', 1],
      ['fully_completed', 2],
      ['agreed', 3],
      ['assured', 4],
    ]);
    expect((await app.inject({ method: 'GET', url: `/api/scals/${scal}/snapshots/00000000-0000-4000-8000-000000000000`, headers: { cookie: lead.cookie } })).statusCode).toBe(404);
  });

  it('exports an imported SCAL as its own workbook: every source cell kept, answers in the mapped columns or appended ones; a snapshot exports as it was', async () => {
    const uploaded = await uploadTo(app, lead, '/api/scal-templates/files', 'gp-connect.xlsx', await sourceWorkbook());
    expect(uploaded.statusCode).toBe(201);
    const fileId = uploaded.json().file.id;
    const preview = await app.inject({ method: 'POST', url: `/api/scal-templates/files/${fileId}/preview`, headers: lead.headers, payload: { mapping: MAPPING } });
    expect(preview.json()).toMatchObject({ requirementCount: 7, rejected: [], mappingProblem: null, layoutOnlySheets: ['Instructions'] });
    const imported = await app.inject({ method: 'POST', url: '/api/scal-templates/import', headers: lead.headers, payload: { fileId, mapping: MAPPING, name: 'GP Connect SCAL', key: 'gpc' } });
    expect(imported.statusCode).toBe(201);
    const scal = await newScal('gpc_access_record_html', null, imported.json().id);
    expect((await put(scal, 'XC-01', { response: 'compliant', version: 0 })).statusCode).toBe(200);
    expect((await put(scal, 'SP-01', { response: 'non_compliant', justification: 'Uses the\nfallback route', version: 0 })).statusCode).toBe(200);
    expect((await put(scal, 'FD-01', { response: 'not_applicable', justification: 'No records', status: 'ready_for_review', version: 0 })).statusCode).toBe(200);
    expect((await put(scal, 'FD-01', { status: 'submitted', version: 1 })).statusCode).toBe(200);
    // Evidence comes from the evidence feature through its registered loader.
    app.app.get(ScalEvidenceReferences).register(async () => new Map([['XC-01', [{ evidenceItemId: 'e1', revisionId: 'r1', label: 'EV-7 rev 2', files: [{ name: 'nhs-number.pdf', sha256: 'ab'.repeat(32) }] }]]]));
    const snapshot = (await record(scal, 'stage_one')).json();
    const exportedLive = await app.inject({ method: 'GET', url: `/api/scals/${scal}/export?format=xlsx`, headers: { cookie: auditor.cookie } });
    expect(exportedLive.statusCode).toBe(200);
    expect(exportedLive.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(exportedLive.headers['content-disposition']).toMatch(/^attachment; filename="gpc-v1-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    // Answers after the snapshot change the live export, not the snapshot's.
    expect((await put(scal, 'XC-03', { response: 'compliant', version: 0 })).statusCode).toBe(200);
    app.app.get(ScalEvidenceReferences).register(async () => new Map());
    const exportedSnapshot = await app.inject({ method: 'GET', url: `/api/scals/${scal}/snapshots/${snapshot.id}/export`, headers: { cookie: auditor.cookie } });
    expect(exportedSnapshot.statusCode).toBe(200);

    for (const exported of [exportedLive, exportedSnapshot]) {
      const workbook = await readWorkbook(exported.rawPayload);
      expect(workbook.worksheets.map((s) => s.name)).toEqual(Object.keys(SOURCE));
      // Every text cell of the source, headers included, at its own row and column, exactly.
      for (const [name, rows] of Object.entries(SOURCE)) {
        const sheet = workbook.getWorksheet(name)!;
        rows.forEach((cells, r) =>
          cells.forEach((value, c) => {
            if (value !== null && value !== '') expect({ name, r, c, text: text(sheet, r + 1, c + 1) }).toEqual({ name, r, c, text: String(value) });
          }),
        );
      }
      // The cover tab comes back as it was, with no answer columns.
      expect(workbook.getWorksheet('Instructions')!.columnCount).toBe(1);
      const crossCap = workbook.getWorksheet('Cross Cap')!;
      // The mapped response column gets the answer; justification and evidence, which have no column here, are appended; our status is not (the tab has no column for it).
      expect(crossCap.getRow(1).values).toEqual([undefined, 'Notes', 'Level', 'Requirement ID', 'Extra A', 'Description', 'Supplier Response', 'Justification', 'Evidence']);
      expect([2, 6, 7, 8].map((c) => text(crossCap, 2, c))).toEqual(['MUST', 'Compliant', '', 'EV-7 rev 2 (nhs-number.pdf sha256:' + 'ab'.repeat(32) + ')']);
      expect(text(crossCap, 2, 9)).toBe('');
      expect(text(crossCap, 4, 1)).toBe('Sub-heading: consent');
      const spine = workbook.getWorksheet('Spine Int')!;
      expect(spine.getRow(1).values).toEqual([undefined, 'Requirement ID', 'Description', 'Environment', 'MUST/SHOULD', 'Evidence Required', 'Comments', 'Response', 'Justification', 'Evidence']);
      expect([6, 7, 8].map((c) => text(spine, 2, c))).toEqual(['Reviewer note', 'Non-compliant', 'Uses the\nfallback route']);
      const foundation = workbook.getWorksheet('Foundation')!;
      // Justification and status have columns of their own in this tab; response and evidence are appended.
      expect(foundation.getRow(1).values).toEqual([undefined, 'Description', 'Justification', 'Ref', 'Level', 'Status', 'Test Cases', 'Owner (theirs)', 'Response', 'Evidence']);
      expect([2, 5, 8].map((c) => text(foundation, 2, c))).toEqual(['No records', 'Submitted', 'Not applicable']);
    }
    const live = await readWorkbook(exportedLive.rawPayload);
    const frozen = await readWorkbook(exportedSnapshot.rawPayload);
    expect(text(frozen.getWorksheet('Cross Cap')!, 6, 6)).toBe('');
    expect(text(frozen.getWorksheet('Cross Cap')!, 2, 8)).toMatch(/^EV-7 rev 2/);
    expect(text(live.getWorksheet('Cross Cap')!, 2, 8)).toMatch(/^EV-7 rev 2/);

    const csv = await app.inject({ method: 'GET', url: `/api/scals/${scal}/export?format=csv`, headers: { cookie: lead.cookie } });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.body.split('\r\n');
    expect(lines[0]).toBe('Identifier,Section,Description,Use case,Type,Link to specification,Test cases,Evidence required,Environment,Level,Response,Justification,Evidence,Status');
    expect(lines.find((l) => l.startsWith('XC-03,'))).toMatch(/,Compliant,,,In progress$/);
    expect(csv.body).toContain('"Uses the\nfallback route"');
    expect((await app.inject({ method: 'GET', url: `/api/scals/${scal}/export?format=pdf`, headers: { cookie: lead.cookie } })).json()).toMatchObject({ statusCode: 400, details: [expect.objectContaining({ field: 'format' })] });

    expect((await actions('scal.exported')).filter((c) => c.scalId.after === scal).map((c) => [c.format.after, c.rows.after])).toEqual([
      ['xlsx', 7],
      ['xlsx', 7],
      ['csv', 7],
    ]);
  });

  it('exports a SCAL imported from a pipe-separated CSV back in that CSV’s columns, with the answers appended', async () => {
    const source = ['Ref|Requirement|Level|Owner notes', 'CSV-1|"Keep an audit log, with commas, and ""quotes"""|MUST|ask ops', 'CSV-2|Rotate keys|SHOULD|'].join('\n');
    const fileId = (await uploadTo(app, lead, '/api/scal-templates/files', 'baseline.csv', source)).json().file.id;
    const imported = await app.inject({
      method: 'POST',
      url: '/api/scal-templates/import',
      headers: lead.headers,
      payload: { fileId, mapping: { Ref: 'identifier', Requirement: 'description', Level: 'level', 'Owner notes': null }, name: 'CSV SCAL', key: 'csv-scal' },
    });
    expect(imported.json()).toMatchObject({ requirementCount: 2 });
    const scal = await newScal('gpc_send_document', null, imported.json().id);
    expect((await put(scal, 'CSV-2', { response: 'non_compliant', justification: 'Yearly, not monthly', version: 0 })).statusCode).toBe(200);
    const csv = await app.inject({ method: 'GET', url: `/api/scals/${scal}/export?format=csv`, headers: { cookie: lead.cookie } });
    expect(csv.headers['content-disposition']).toMatch(/filename="csv-scal-v1-.*\.csv"/);
    expect(csv.body.split('\r\n')).toEqual([
      'Ref,Requirement,Level,Owner notes,Response,Justification,Evidence,Status',
      'CSV-1,"Keep an audit log, with commas, and ""quotes""",MUST,ask ops,,,,Not started',
      'CSV-2,Rotate keys,SHOULD,,Non-compliant,"Yearly, not monthly",,In progress',
      '',
    ]);
  });

  it('exports the baseline, which has no workbook, one sheet per section', async () => {
    const scal = await newScal('im1_bulk', 'optum');
    expect((await put(scal, REQUIREMENTS[0].identifier, { response: 'compliant', version: 0 })).statusCode).toBe(200);
    const exported = await app.inject({ method: 'GET', url: `/api/scals/${scal}/export`, headers: { cookie: lead.cookie } });
    const workbook = await readWorkbook(exported.rawPayload);
    // Excel allows 31 characters in a sheet name.
    expect(workbook.worksheets.map((s) => s.name)).toEqual(BASELINE_SCAL_TEMPLATE.sections.map((s) => s.name.slice(0, 31)));
    const first = workbook.worksheets[0];
    expect(first.rowCount).toBe(BASELINE_SCAL_TEMPLATE.sections[0].requirements.length + 1);
    expect([1, 3, 11, 14].map((c) => text(first, 2, c))).toEqual([REQUIREMENTS[0].identifier, REQUIREMENTS[0].description, 'Compliant', 'In progress']);
    expect(exported.headers['x-row-count']).toBe(String(REQUIREMENTS.length));
  });

  it('hides another organisation’s comments, snapshots and exports', async () => {
    const scal = await newScal('im1_patient', 'tpp');
    const c = (await comment(scal, REQUIREMENTS[0].identifier, { body: 'Mine' })).json();
    const s = (await record(scal, 'stage_one')).json();
    const other = await createOrganisation(app);
    const outsider = await signIn(app, other.members.org_admin.email);
    const before = await counts();
    for (const attempt of [
      { method: 'GET', url: `/api/scals/${scal}/requirements/${REQUIREMENTS[0].identifier}/comments` },
      { method: 'POST', url: `/api/scals/${scal}/requirements/${REQUIREMENTS[0].identifier}/comments`, payload: { body: 'theirs' } },
      { method: 'POST', url: `/api/scals/${scal}/comments/${c.id}/resolve`, payload: {} },
      { method: 'POST', url: `/api/scals/${scal}/stages/stage_one`, payload: {} },
      { method: 'GET', url: `/api/scals/${scal}/snapshots` },
      { method: 'GET', url: `/api/scals/${scal}/snapshots/${s.id}` },
      { method: 'GET', url: `/api/scals/${scal}/export` },
      { method: 'GET', url: `/api/scals/${scal}/snapshots/${s.id}/export?format=csv` },
    ] as const) {
      expect({ ...attempt, status: (await app.inject({ ...attempt, headers: outsider.headers })).statusCode }).toEqual({ ...attempt, status: 404 });
    }
    expect(await counts()).toEqual(before);
  });
});
