import type { JourneyDetailDto, ScalRequirementAnswerDto } from '@pairline/contracts';
import ExcelJS from 'exceljs';
import { readWorkbook } from '../documents/xlsx/workbook-reader';
import { createOrganisation, signIn, type SignedIn, type TestOrganisation } from '../testing/identity-fixtures';
import { uploadTo } from '../testing/scal-fixtures';
import { ownerQuery, startTestApp, type TestApp } from '../testing/test-app';

const RESPONSES = '"Compliant,Non-Compliant,Not Applicable"';
const VERDICTS = ['Evidence Satisfactory – No Further Action Required', 'Evidence Demonstration Required – Witness Testing', 'Evidence Incomplete or Insufficient Evidence Provided', 'Not Applicable'];

interface Row {
  id: string;
  text: string;
  level?: string;
  response?: string;
  comments?: string;
  review?: string;
  reviewComments?: string;
}

/**
 * A SCAL tab as NHS England sends it: a title block, a group row over the supplier's and NHS
 * England's columns, the header on row 6, dropdowns on the answer columns, and (when `returned`)
 * answers and verdicts filled in.
 */
async function scalWorkbook(rows: Row[], options: { extraTopRows?: number } = {}): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Information Governance');
  const top = options.extraTopRows ?? 0;
  sheet.getCell('A1').value = 'Supplier Conformance Assessment List';
  sheet.mergeCells('A1:H1');
  sheet.getCell('A2').value = 'Information governance';
  const group = 5 + top;
  const header = 6 + top;
  sheet.getCell(group, 4).value = 'Supplier';
  sheet.mergeCells(group, 4, group, 5);
  sheet.getCell(group, 6).value = 'NHS England use only';
  sheet.mergeCells(group, 6, group, 7);
  sheet.getRow(header).values = ['Requirement ID', 'Requirement', 'Level', 'Response', 'Comments', 'Review Status', 'Comments'];
  rows.forEach((r, i) => {
    const row = sheet.getRow(header + 1 + i);
    row.values = [r.id, r.text, r.level ?? 'MUST', r.response ?? null, r.comments ?? null, r.review ?? null, r.reviewComments ?? null] as ExcelJS.CellValue[];
    row.getCell(4).dataValidation = { type: 'list', allowBlank: true, formulae: [RESPONSES] };
    row.getCell(6).dataValidation = { type: 'list', allowBlank: true, formulae: [`"${VERDICTS.join(',')}"`] };
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

const TEMPLATE: Row[] = [
  { id: 'IG-01', text: 'Hold a DSPT at Standards Met' },
  { id: 'IG-02', text: 'Name a Caldicott guardian' },
  { id: 'IG-03', text: 'Keep a record of processing' },
  { id: 'IG-04', text: 'Publish a privacy notice', level: 'SHOULD' },
  { id: 'IG-05', text: 'Complete a DPIA' },
];

describe('SCAL workbooks returned and exported', () => {
  let app: TestApp;
  let org: TestOrganisation;
  let lead: SignedIn;
  let executive: SignedIn;

  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL: undefined });
    org = await createOrganisation(app);
    [lead, executive] = await Promise.all([signIn(app, org.members.compliance_lead.email), signIn(app, org.members.executive.email)]);
  });
  afterAll(() => app.close());

  const importTemplate = async (bytes: Buffer, key: string) => {
    const uploaded = await uploadTo(app, lead, '/api/scal-templates/files', `${key}.xlsx`, bytes);
    expect(uploaded.statusCode).toBe(201);
    const preview = uploaded.json();
    const imported = await app.inject({ method: 'POST', url: '/api/scal-templates/import', headers: lead.headers, payload: { fileId: preview.file.id, mapping: preview.suggestedMapping, name: key, key } });
    expect(imported.statusCode).toBe(201);
    return { preview, template: imported.json() };
  };
  let products = 0;
  /** A journey of a product of its own (one active journey per product, mechanism and provider), with a SCAL. */
  const newScal = async (templateId: string, provider: string) => {
    const productId = (await app.inject({ method: 'POST', url: '/api/products', headers: lead.headers, payload: { name: `Returned ${++products}`, useCase: 'x', intendedUsers: 'y', medicalDeviceStatus: 'not_a_medical_device' } })).json().id;
    const journey = await app.inject({ method: 'POST', url: '/api/journeys', headers: lead.headers, payload: { productId, mechanismId: 'im1_transaction', providerSupplierId: provider } });
    expect(journey.statusCode).toBe(201);
    const scal = await app.inject({ method: 'POST', url: '/api/scals', headers: lead.headers, payload: { templateId, journeyIds: [journey.json().id] } });
    expect(scal.statusCode).toBe(201);
    return { scalId: scal.json().id as string, journeyId: journey.json().id as string };
  };
  const requirements = async (scalId: string): Promise<ScalRequirementAnswerDto[]> => (await app.inject({ method: 'GET', url: `/api/scals/${scalId}/requirements`, headers: { cookie: lead.cookie } })).json();
  const put = (scalId: string, identifier: string, payload: object) => app.inject({ method: 'PUT', url: `/api/scals/${scalId}/requirements/${encodeURIComponent(identifier)}`, headers: lead.headers, payload });
  const exported = async (scalId: string) => {
    const response = await app.inject({ method: 'GET', url: `/api/scals/${scalId}/export`, headers: { cookie: lead.cookie } });
    expect(response.statusCode).toBe(200);
    return readWorkbook(response.rawPayload, { maxRows: 10_000 }).sheets[0].rows;
  };

  it('recognises the supplier and NHS England columns under their group headings, and writes answers in the dropdown’s own words, never into the review columns', async () => {
    const { preview, template } = await importTemplate(await scalWorkbook(TEMPLATE), 'ig');
    expect(preview.suggestedMapping).toMatchObject({ Response: 'response', 'Supplier / Comments': 'justification', 'Review Status': 'review', 'NHS England use only / Comments': 'reviewComment' });
    expect(preview.sheets[0]).toMatchObject({ headerRow: 6, answerLists: { response: ['Compliant', 'Non-Compliant', 'Not Applicable'], review: VERDICTS } });
    const { scalId } = await newScal(template.id, 'optum');
    expect((await put(scalId, 'IG-01', { response: 'non_compliant', justification: 'Renewal due 30 June', version: 0 })).statusCode).toBe(200);
    expect((await put(scalId, 'IG-02', { response: 'not_applicable', justification: 'Not processing', version: 0 })).statusCode).toBe(200);
    const rows = await exported(scalId);
    expect(rows[6].slice(0, 7)).toEqual(['IG-01', 'Hold a DSPT at Standards Met', 'MUST', 'Non-Compliant', 'Renewal due 30 June']);
    expect(rows[7].slice(3, 5)).toEqual(['Not Applicable', 'Not processing']);
    // Nothing was written into NHS England's columns, nor under them.
    for (const row of rows.slice(6)) expect([row[5] ?? '', row[6] ?? '']).toEqual(['', '']);
  });

  it('refuses an export whose answer the workbook’s dropdown cannot say, naming the tab, column and list, and records nothing', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Yes No');
    sheet.getRow(1).values = ['Requirement ID', 'Requirement', 'Level', 'Compliance'];
    sheet.getRow(2).values = ['YN-1', 'Only yes or no', 'MUST'];
    sheet.getCell('D2').dataValidation = { type: 'list', formulae: ['"Yes,No"'] };
    const { template } = await importTemplate(Buffer.from(await book.xlsx.writeBuffer()), 'yes-no');
    const { scalId } = await newScal(template.id, 'tpp');
    expect((await put(scalId, 'YN-1', { response: 'not_applicable', justification: 'n/a', version: 0 })).statusCode).toBe(200);
    const before = await ownerQuery(app, `SELECT count(*)::int AS n FROM audit_event WHERE organisation_id = $1 AND action = 'scal.exported'`, [org.id]);
    const refused = await app.inject({ method: 'GET', url: `/api/scals/${scalId}/export`, headers: { cookie: lead.cookie } });
    expect(refused.json()).toMatchObject({ statusCode: 422, code: 'scal_export_list_mismatch', message: expect.stringMatching(/tab "Yes No", column D \("Compliance"\) offers "Yes", "No", none of which says "Not applicable"/) });
    expect(await ownerQuery(app, `SELECT count(*)::int AS n FROM audit_event WHERE organisation_id = $1 AND action = 'scal.exported'`, [org.id])).toEqual(before);
    // Yes and No can be said.
    expect((await put(scalId, 'YN-1', { response: 'compliant', version: 1 })).statusCode).toBe(200);
    expect((await exported(scalId))[1][3]).toBe('Yes');
  });

  it('reads a returned workbook: verdicts move statuses, answers fill gaps, conflicts are kept and reported, witness testing is advised on the assurance stage, and exports write into the returned workbook', async () => {
    const { template } = await importTemplate(await scalWorkbook(TEMPLATE), 'ig-returned');
    const { scalId, journeyId } = await newScal(template.id, 'medicus');
    expect((await put(scalId, 'IG-03', { response: 'compliant', version: 0 })).statusCode).toBe(200);
    // NHS England's copy: two rows inserted above the table, verdicts and comments filled in, and a stale answer on IG-03.
    const returned = await scalWorkbook(
      [
        { id: 'IG-01', text: 'Hold a DSPT at Standards Met', response: 'Compliant', comments: 'See DSPT', review: VERDICTS[0] },
        { id: 'IG-02', text: 'Name a Caldicott guardian', response: 'Compliant', review: VERDICTS[2], reviewComments: 'Name the guardian' },
        { id: 'IG-03', text: 'Keep a record of processing', response: 'Non-Compliant', review: VERDICTS[1] },
        { id: 'IG-04', text: 'Publish a privacy notice', level: 'SHOULD', review: VERDICTS[3] },
        { id: 'IG-99', text: 'Not in the template', response: 'Compliant' },
      ],
      { extraTopRows: 2 },
    );
    const refusedForViewer = await uploadTo(app, executive, `/api/scals/${scalId}/workbook`, 'returned.xlsx', returned);
    expect(refusedForViewer.statusCode).toBe(403);
    const result = await uploadTo(app, lead, `/api/scals/${scalId}/workbook`, 'returned.xlsx', returned);
    expect(result.statusCode).toBe(200);
    expect(result.json()).toMatchObject({
      matched: 4,
      updated: 4,
      verdicts: { satisfactory: 1, insufficient: 1, witness_testing: 1, not_applicable: 1 },
      answersFilled: 2,
      conflicts: [{ identifier: 'IG-03', field: 'response', scal: 'compliant', workbook: 'Non-Compliant' }],
      unmatched: [{ sheet: 'Information Governance', row: 13, identifier: 'IG-99' }],
      missingSheets: [],
      exportsIntoThisWorkbook: true,
    });
    const byId = new Map((await requirements(scalId)).map((r) => [r.identifier, r]));
    expect(byId.get('IG-01')).toMatchObject({ response: 'compliant', justification: 'See DSPT', status: 'accepted', reviewVerdict: 'satisfactory' });
    expect(byId.get('IG-02')).toMatchObject({ status: 'rejected', reviewVerdict: 'insufficient', reviewComment: 'Name the guardian', rejectionReason: 'Evidence Incomplete or Insufficient Evidence Provided: Name the guardian' });
    expect(byId.get('IG-03')).toMatchObject({ response: 'compliant', status: 'submitted', reviewVerdict: 'witness_testing' });
    expect(byId.get('IG-04')).toMatchObject({ status: 'accepted', reviewVerdict: 'not_applicable' });
    expect(byId.get('IG-05')).toMatchObject({ status: 'not_started', reviewVerdict: null });
    const events = await ownerQuery<{ action: string }>(app, `SELECT action FROM audit_event WHERE organisation_id = $1 AND action IN ('scal.requirement_reviewed', 'scal.workbook_imported') ORDER BY seq`, [org.id]);
    expect(events.map((e) => e.action)).toEqual(['scal.requirement_reviewed', 'scal.requirement_reviewed', 'scal.requirement_reviewed', 'scal.requirement_reviewed', 'scal.workbook_imported']);

    const journey: JourneyDetailDto = (await app.inject({ method: 'GET', url: `/api/journeys/${journeyId}`, headers: { cookie: lead.cookie } })).json();
    const assurance = journey.stages.find((s) => s.key === 'assurance')!;
    expect(assurance.routeAdvice).toEqual({ route: 'witness_test', reason: 'NHS England asks for witness testing on 1 SCAL requirement(s): IG-03.' });
    expect(journey.stages.filter((s) => s.routeAdvice)).toHaveLength(1);

    // The export now writes into NHS England's copy: its verdicts and its extra rows come back untouched.
    const rows = await exported(scalId);
    expect(rows[8].slice(0, 7)).toEqual(['IG-01', 'Hold a DSPT at Standards Met', 'MUST', 'Compliant', 'See DSPT', VERDICTS[0]]);
    expect(rows[9][6]).toBe('Name the guardian');
    expect(rows[12][0]).toBe('IG-99');
  });

  it('starts a SCAL made from a returned workbook from its answers and verdicts, audited as one event', async () => {
    const { template } = await importTemplate(
      await scalWorkbook([
        { id: 'R-1', text: 'One', response: 'Compliant', review: VERDICTS[0] },
        { id: 'R-2', text: 'Two', response: 'Non-Compliant', comments: 'Planned for Q3' },
        { id: 'R-3', text: 'Three' },
      ]),
      'returned-template',
    );
    const { scalId } = await newScal(template.id, 'optum');
    expect((await requirements(scalId)).map((r) => [r.identifier, r.response, r.justification, r.status, r.reviewVerdict])).toEqual([
      ['R-1', 'compliant', null, 'accepted', 'satisfactory'],
      ['R-2', 'non_compliant', 'Planned for Q3', 'in_progress', null],
      ['R-3', null, null, 'not_started', null],
    ]);
    const [event] = await ownerQuery<{ changes: { answers: { after: unknown[] } } }>(app, `SELECT changes FROM audit_event WHERE organisation_id = $1 AND action = 'scal.answers_imported' AND entity_id = $2`, [org.id, scalId]);
    expect(event.changes.answers.after).toHaveLength(2);
  });

  it('refuses a workbook that matches nothing of the SCAL, and one for a SCAL without a workbook layout, storing nothing', async () => {
    const { template } = await importTemplate(await scalWorkbook(TEMPLATE), 'ig-other');
    const { scalId } = await newScal(template.id, 'tpp');
    const files = async () => (await ownerQuery<{ n: number }>(app, `SELECT count(*)::int AS n FROM document_file WHERE organisation_id = $1`, [org.id]))[0].n;
    const before = await files();
    const unrelated = await scalWorkbook([{ id: 'ZZ-1', text: 'Nothing to do with it', response: 'Compliant' }]);
    expect((await uploadTo(app, lead, `/api/scals/${scalId}/workbook`, 'other.xlsx', unrelated)).json()).toMatchObject({ statusCode: 422, code: 'scal_workbook_no_match' });
    const baseline = (await app.inject({ method: 'POST', url: '/api/scal-templates/baseline', headers: lead.headers, payload: {} })).json();
    const { scalId: baselineScal } = await newScal(baseline.id, 'medicus');
    expect((await uploadTo(app, lead, `/api/scals/${baselineScal}/workbook`, 'returned.xlsx', unrelated)).json()).toMatchObject({ statusCode: 422, code: 'scal_template_without_workbook' });
    expect(await files()).toBe(before);
  });
});
