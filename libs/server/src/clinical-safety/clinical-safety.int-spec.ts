import type { HazardDto, HazardLogVersionDetailDto, JourneyDetailDto, ProductDto } from '@pairline/contracts';
import { DCB0129_RISK_MATRIX, LIKELIHOODS, SEVERITIES } from '@pairline/domain';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createOrganisation, signIn, TEST_PASSWORD, type SignedIn, type TestOrganisation } from '../testing/identity-fixtures';
import { pdfPages } from '../testing/pdf-text';
import { ownerQuery, startTestApp, type TestApp } from '../testing/test-app';

const NHS_WORKBOOK = join(__dirname, 'fixtures', 'GP_Connect_Hazard_Log_Consumers_v2.0.xlsx');

/** The NHS workbook read independently of the importer: every numbered row of the "Hazard Log" sheet. */
async function nhsHazards(): Promise<{ number: string; name: string; description: string }[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(readFileSync(NHS_WORKBOOK) as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('Hazard Log')!;
  const out: { number: string; name: string; description: string }[] = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const number = row.getCell(1).text.trim();
    if (number) out.push({ number, name: row.getCell(3).text.trim(), description: row.getCell(4).text.trim() });
  }
  return out;
}

describe('clinical safety: hazard log, controls, versions and sign-off', () => {
  let app: TestApp;
  let org: TestOrganisation;
  let cso: SignedIn;
  let lead: SignedIn;
  let admin: SignedIn;
  let executive: SignedIn;

  beforeAll(async () => {
    // Sign-off re-checks the password and is rate-limited like sign-in; this file signs off often.
    app = await startTestApp({ REDIS_URL: undefined, LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
    org = await createOrganisation(app);
    [cso, lead, admin, executive] = [
      await signIn(app, org.members.clinical_safety_officer.email),
      await signIn(app, org.members.compliance_lead.email),
      await signIn(app, org.members.org_admin.email),
      await signIn(app, org.members.executive.email),
    ];
  });
  afterAll(() => app.close());

  const product = async (name: string): Promise<ProductDto> => {
    const created = await app.inject({ method: 'POST', url: '/api/products', headers: lead.headers, payload: { name, useCase: 'Booking', intendedUsers: 'Practice staff', medicalDeviceStatus: 'class_i' } });
    expect(created.statusCode).toBe(201);
    return created.json();
  };
  const createHazard = (payload: object, as = cso) => app.inject({ method: 'POST', url: '/api/hazards', headers: as.headers, payload });
  const put = (id: string, payload: object, as = cso) => app.inject({ method: 'PUT', url: `/api/hazards/${id}`, headers: as.headers, payload });
  const status = (id: string, payload: object) => app.inject({ method: 'POST', url: `/api/hazards/${id}/status`, headers: cso.headers, payload });
  const hazardCount = async () => (await ownerQuery<{ n: number }>(app, `SELECT count(*)::int AS n FROM hazard WHERE organisation_id = $1`, [org.id]))[0].n;
  const issue = (productId: string, changeSummary = 'Update') => app.inject({ method: 'POST', url: '/api/hazard-log-versions', headers: lead.headers, payload: { productId, changeSummary } });
  const approve = (id: string, payload: object, as = cso) => app.inject({ method: 'POST', url: `/api/hazard-log-versions/${id}/approve`, headers: as.headers, payload });
  const setCso = (productId: string) =>
    app.inject({ method: 'PUT', url: `/api/clinical-safety-officers/${productId}`, headers: cso.headers, payload: { userId: cso.session.user.id, name: 'Dr Asha Patel', profession: 'General practitioner', registrationNumber: 'GMC 7654321' } });
  const upload = (filename: string, content: Buffer, extra: object = {}) => ({ filename, contentBase64: content.toString('base64'), ...extra });

  it('starts every organisation on the DCB0129 plan and versions every change; only the CSO approves a plan', async () => {
    const current = await app.inject({ method: 'GET', url: '/api/risk-plans/current', headers: { cookie: executive.cookie } });
    expect(current.statusCode).toBe(200);
    expect(current.json()).toMatchObject({ version: 1, productId: null, matrix: DCB0129_RISK_MATRIX, warnings: [], approvedAt: null });
    const broken = await app.inject({ method: 'POST', url: '/api/risk-plans', headers: lead.headers, payload: { matrix: { ...DCB0129_RISK_MATRIX, low: { ...DCB0129_RISK_MATRIX.low, major: 9 } } } });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ code: 'risk_plan_invalid', message: expect.stringMatching(/likelihood low and severity major must be a rating from 1 to 5/) });
    const p = await product('Planned');
    const own = await app.inject({ method: 'POST', url: '/api/risk-plans', headers: lead.headers, payload: { productId: p.id, acceptability: { ...current.json().acceptability, 3: { rating: 3, description: 'Unacceptable here.', acceptance: 'unacceptable' } } } });
    expect(own.statusCode).toBe(201);
    expect(own.json()).toMatchObject({ version: 2, productId: p.id, matrix: DCB0129_RISK_MATRIX });
    expect((await app.inject({ method: 'GET', url: `/api/risk-plans/current?productId=${p.id}`, headers: { cookie: lead.cookie } })).json().id).toBe(own.json().id);
    expect((await app.inject({ method: 'GET', url: '/api/risk-plans/current', headers: { cookie: lead.cookie } })).json().version).toBe(1);
    const listed = await app.inject({ method: 'GET', url: `/api/risk-plans?filter=${encodeURIComponent(JSON.stringify({ productId: p.id }))}`, headers: { cookie: executive.cookie } });
    expect(listed.json().map((plan: { id: string }) => plan.id)).toEqual([own.json().id]);
    // The product's CSO record: created once, then changed only from the version read.
    const cso1 = await setCso(p.id);
    expect(cso1.json()).toMatchObject({ name: 'Dr Asha Patel', registrationNumber: 'GMC 7654321', version: 1 });
    const staleCso = await app.inject({ method: 'PUT', url: `/api/clinical-safety-officers/${p.id}`, headers: cso.headers, payload: { name: 'Dr A Patel', profession: 'GP', registrationNumber: 'GMC 7654321' } });
    expect(staleCso.json()).toMatchObject({ statusCode: 409, code: 'stale_version' });
    const renamed = await app.inject({ method: 'PUT', url: `/api/clinical-safety-officers/${p.id}`, headers: cso.headers, payload: { name: 'Dr A Patel', profession: 'GP', registrationNumber: 'GMC 7654321', version: 1 } });
    expect(renamed.json()).toMatchObject({ name: 'Dr A Patel', version: 2 });
    expect((await app.inject({ method: 'PUT', url: `/api/clinical-safety-officers/${p.id}`, headers: executive.headers, payload: { name: 'X', profession: 'Y', registrationNumber: 'Z', version: 2 } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: `/api/risk-plans/${own.json().id}/approve`, headers: lead.headers, payload: {} })).statusCode).toBe(403);
    const approved = await app.inject({ method: 'POST', url: `/api/risk-plans/${own.json().id}/approve`, headers: cso.headers, payload: {} });
    expect(approved.json()).toMatchObject({ approvedByUserId: org.members.clinical_safety_officer.userId, approvedAt: expect.any(String) });
    expect((await app.inject({ method: 'POST', url: `/api/risk-plans/${own.json().id}/approve`, headers: cso.headers, payload: {} })).statusCode).toBe(409);
    // A plan version's settings never change, even for the database owner.
    await expect(ownerQuery(app, `UPDATE risk_plan SET source = 'edited' WHERE id = $1`, [own.json().id])).rejects.toThrow(/never edited/);
    // Hazards of this product are rated under its own plan; rating 3 cannot be closed under it.
    const h = (await createHazard({ productId: p.id, name: 'Slot double-booked', description: 'Two patients get one slot', initial: { severity: 'considerable', likelihood: 'medium' }, residual: { severity: 'considerable', likelihood: 'medium' } })).json();
    expect(h).toMatchObject({ planVersion: 2, riskPlanId: own.json().id, residual: { rating: 3 } });
    const closing = await status(h.id, { status: 'closed', residualAcceptanceJustification: 'Nothing more can be done', version: h.version });
    expect(closing.json()).toMatchObject({ statusCode: 422, code: 'hazard_residual_unacceptable' });
  });

  it('reads all 25 ratings from the matrix, for initial and residual, and refuses a rating sent by the client', async () => {
    const p = await product('Matrix');
    const seen: HazardDto[] = [];
    for (const likelihood of LIKELIHOODS) {
      for (const severity of SEVERITIES) {
        const created = await createHazard({ productId: p.id, name: `${likelihood} × ${severity}`, description: 'Matrix cell', initial: { severity, likelihood }, residual: { severity, likelihood } });
        expect(created.statusCode).toBe(201);
        const hazard: HazardDto = created.json();
        const expected = DCB0129_RISK_MATRIX[likelihood][severity];
        expect({ likelihood, severity, initial: hazard.initial?.rating, residual: hazard.residual?.rating }).toEqual({ likelihood, severity, initial: expected, residual: expected });
        seen.push(hazard);
      }
    }
    expect(seen.map((h) => h.number)).toEqual(Array.from({ length: 25 }, (_, i) => `H-${String(i + 1).padStart(3, '0')}`));
    const before = await hazardCount();
    const withRating = await createHazard({ productId: p.id, name: 'Typed', description: 'x', initial: { severity: 'minor', likelihood: 'very_low', rating: 5 } });
    expect(withRating.statusCode).toBe(400);
    expect(withRating.json().details).toEqual([expect.objectContaining({ field: 'initial.rating' })]);
    const flat = await createHazard({ productId: p.id, name: 'Typed', description: 'x', residualRating: 1 });
    expect(flat.statusCode).toBe(400);
    expect(flat.json().details).toEqual([expect.objectContaining({ field: 'residualRating' })]);
    const badScale = await createHazard({ productId: p.id, name: 'Typed', description: 'x', initial: { severity: 'terrible', likelihood: 'low' } });
    expect(badScale.statusCode).toBe(400);
    expect(badScale.json().details).toEqual([expect.objectContaining({ field: 'initial.severity' })]);
    const edit = await put(seen[0].id, { residual: { severity: 'minor', likelihood: 'very_low' }, residualRating: 5, version: seen[0].version });
    expect(edit.statusCode).toBe(400);
    expect(await hazardCount()).toBe(before);
    // Filters and server-side paging: residual 5 is the top-right cells.
    const fives = await app.inject({ method: 'GET', url: `/api/hazards?filter=${encodeURIComponent(JSON.stringify({ productId: p.id, residualRating: 5 }))}&range=[0,1]`, headers: { cookie: executive.cookie } });
    expect(fives.json().map((h: HazardDto) => h.name)).toEqual(['high × catastrophic', 'very_high × major']);
    expect(fives.headers['content-range']).toBe('hazards 0-1/3');
  });

  it('numbers hazards H-001… per product without gaps or repeats under concurrent creation', async () => {
    const [a, b] = [await product('Concurrent A'), await product('Concurrent B')];
    const created = await Promise.all(Array.from({ length: 12 }, (_, i) => createHazard({ productId: i % 2 ? a.id : b.id, name: `Race ${i}`, description: 'Created at once' }, i % 3 ? cso : lead)));
    expect(created.map((r) => r.statusCode)).toEqual(Array(12).fill(201));
    for (const p of [a, b]) {
      const numbers = created.map((r) => r.json() as HazardDto).filter((h) => h.productId === p.id).map((h) => h.number).sort();
      expect(numbers).toEqual(['H-001', 'H-002', 'H-003', 'H-004', 'H-005', 'H-006']);
    }
  });

  it('enforces the DCB0129 rules: residual above initial needs a reason, closing needs acceptable residual risk and verified controls, transfer names the deploying organisation actions, withdrawal instead of deletion', async () => {
    const p = await product('Rules');
    const hazard: HazardDto = (await createHazard({ productId: p.id, name: 'Allergy not shown', description: 'Coded allergy missing from view', possibleCauses: ['Unmapped code', ' ', 'Degraded view'], initial: { severity: 'major', likelihood: 'medium' } })).json();
    expect(hazard).toMatchObject({ number: 'H-001', possibleCauses: ['Unmapped code', 'Degraded view'], initial: { rating: 3 }, status: 'open' });
    const higher = await put(hazard.id, { residual: { severity: 'major', likelihood: 'high' }, version: hazard.version });
    expect(higher.json()).toMatchObject({ statusCode: 422, code: 'hazard_residual_above_initial', message: expect.stringMatching(/residual rating 4 is above its initial rating 3/) });
    let h: HazardDto = (await put(hazard.id, { residual: { severity: 'major', likelihood: 'high' }, residualIncreaseJustification: 'New evidence of frequency', version: hazard.version })).json();
    expect(h).toMatchObject({ residual: { rating: 4 }, residualIncreaseJustification: 'New evidence of frequency', version: 2 });
    expect((await put(hazard.id, { name: 'Stale', version: 1 })).statusCode).toBe(409);

    const unacceptable = await status(h.id, { status: 'closed', version: h.version });
    expect(unacceptable.json()).toMatchObject({ statusCode: 422, code: 'hazard_residual_unacceptable', message: expect.stringMatching(/residual rating 4 is unacceptable/) });
    h = (await put(h.id, { residual: { severity: 'significant', likelihood: 'low' }, version: h.version })).json();
    expect(h).toMatchObject({ residual: { rating: 2 }, residualIncreaseJustification: null });

    const control = await app.inject({ method: 'POST', url: '/api/hazard-controls', headers: cso.headers, payload: { productId: p.id, type: 'design', description: 'Show a banner when allergies cannot be shown', hazardIds: [h.id] } });
    expect(control.statusCode).toBe(201);
    expect(control.json()).toMatchObject({ status: 'planned', hazardIds: [h.id] });
    h = (await app.inject({ method: 'GET', url: `/api/hazards/${h.id}`, headers: { cookie: cso.cookie } })).json();
    expect(h.controlIds).toEqual([control.json().id]);
    const unverified = await status(h.id, { status: 'closed', version: h.version });
    expect(unverified.json()).toMatchObject({ statusCode: 422, code: 'hazard_controls_unverified', message: expect.stringMatching(/a control is not verified/) });
    const noEvidence = await app.inject({ method: 'PUT', url: `/api/hazard-controls/${control.json().id}`, headers: cso.headers, payload: { status: 'verified', version: 1 } });
    expect(noEvidence.json()).toMatchObject({ statusCode: 422, code: 'control_evidence_required' });
    const badType = await app.inject({ method: 'POST', url: '/api/hazard-controls', headers: cso.headers, payload: { productId: p.id, type: 'hope', description: 'x' } });
    expect(badType.json().details).toEqual([expect.objectContaining({ field: 'type' })]);
    const unknownEvidence = await app.inject({ method: 'PUT', url: `/api/hazard-controls/${control.json().id}`, headers: cso.headers, payload: { status: 'verified', verificationEvidenceId: '00000000-0000-4000-8000-000000000000', version: 1 } });
    expect(unknownEvidence.json()).toMatchObject({ statusCode: 422, code: 'evidence_not_found', details: { field: 'verificationEvidenceId' } });
    const [evidence] = await ownerQuery<{ id: string }>(app, `INSERT INTO evidence_item (organisation_id, title, created_by_user_id) VALUES ($1, 'Banner test report', $2) RETURNING id`, [org.id, org.members.clinical_safety_officer.userId]);
    const verified = await app.inject({ method: 'PUT', url: `/api/hazard-controls/${control.json().id}`, headers: cso.headers, payload: { status: 'verified', verificationEvidenceId: evidence.id, verificationReference: 'Test report TR-12', version: 1 } });
    expect(verified.json()).toMatchObject({ status: 'verified', verificationEvidenceId: evidence.id, verificationReference: 'Test report TR-12', version: 2 });
    // Evidence behind a verified control cannot be removed from the vault.
    await expect(ownerQuery(app, `DELETE FROM evidence_item WHERE id = $1`, [evidence.id])).rejects.toThrow(/foreign key/);

    const transferBare = await status(h.id, { status: 'transferred', version: h.version });
    expect(transferBare.json()).toMatchObject({ statusCode: 422, code: 'hazard_transfer_actions_required' });
    h = (await status(h.id, { status: 'transferred', deployingOrganisationActions: 'Train reception staff on the banner', version: h.version })).json();
    expect(h).toMatchObject({ status: 'transferred', deployingOrganisationActions: 'Train reception staff on the banner' });
    h = (await status(h.id, { status: 'closed', version: h.version })).json();
    expect(h).toMatchObject({ status: 'closed', deployingOrganisationActions: null });

    expect((await app.inject({ method: 'DELETE', url: `/api/hazards/${h.id}`, headers: cso.headers })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: `/api/hazards/${h.id}/withdraw`, headers: cso.headers, payload: { version: h.version } })).json().details).toEqual([expect.objectContaining({ field: 'reason' })]);
    h = (await app.inject({ method: 'POST', url: `/api/hazards/${h.id}/withdraw`, headers: cso.headers, payload: { reason: 'Feature removed', version: h.version } })).json();
    expect(h).toMatchObject({ withdrawnReason: 'Feature removed', withdrawnAt: expect.any(String) });
    expect((await put(h.id, { name: 'Back', version: h.version })).json()).toMatchObject({ statusCode: 422, code: 'hazard_withdrawn' });
    expect((await createHazard({ productId: p.id, name: 'After', description: 'x' })).json().number).toBe('H-002');
    const actions = await ownerQuery<{ action: string }>(app, `SELECT action FROM audit_event WHERE organisation_id = $1 AND entity_id = $2 ORDER BY seq`, [org.id, h.id]);
    expect(actions.map((e) => e.action)).toEqual(['hazard.created', 'hazard.updated', 'hazard.updated', 'hazard.status_changed', 'hazard.status_changed', 'hazard.withdrawn']);
    // Only hazards.write roles edit; everyone reads.
    expect((await createHazard({ productId: p.id, name: 'x', description: 'y' }, executive)).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: `/api/hazards/${h.id}`, headers: { cookie: executive.cookie } })).statusCode).toBe(200);
  });

  it("refuses another organisation's evidence as a control's verification, on create and update, changing nothing", async () => {
    const p = await product('Evidence tenancy');
    const other = await createOrganisation(app);
    const [foreign] = await ownerQuery<{ id: string }>(app, `INSERT INTO evidence_item (organisation_id, title, created_by_user_id) VALUES ($1, 'Their pen test', $2) RETURNING id`, [other.id, other.members.clinical_safety_officer.userId]);
    const controls = async () => (await ownerQuery<{ n: number }>(app, `SELECT count(*)::int AS n FROM hazard_control WHERE organisation_id = $1 AND product_id = $2`, [org.id, p.id]))[0].n;

    const create = await app.inject({ method: 'POST', url: '/api/hazard-controls', headers: cso.headers, payload: { productId: p.id, type: 'test', description: 'Pen test', verificationEvidenceId: foreign.id } });
    expect(create.json()).toMatchObject({ statusCode: 422, code: 'evidence_not_found', message: expect.stringMatching(/^verificationEvidenceId: /), details: { field: 'verificationEvidenceId' } });
    expect(await controls()).toBe(0);

    const control = (await app.inject({ method: 'POST', url: '/api/hazard-controls', headers: cso.headers, payload: { productId: p.id, type: 'test', description: 'Pen test' } })).json();
    const update = await app.inject({ method: 'PUT', url: `/api/hazard-controls/${control.id}`, headers: cso.headers, payload: { status: 'verified', verificationEvidenceId: foreign.id, version: control.version } });
    expect(update.json()).toMatchObject({ statusCode: 422, code: 'evidence_not_found', details: { field: 'verificationEvidenceId' } });
    const malformed = await app.inject({ method: 'PUT', url: `/api/hazard-controls/${control.id}`, headers: cso.headers, payload: { verificationEvidenceId: 'report-12', version: control.version } });
    expect(malformed.json().details).toEqual([expect.objectContaining({ field: 'verificationEvidenceId' })]);
    const after = (await app.inject({ method: 'GET', url: `/api/hazard-controls/${control.id}`, headers: { cookie: cso.cookie } })).json();
    expect(after).toMatchObject({ status: 'planned', verificationEvidenceId: null, version: control.version });
    expect(await ownerQuery(app, `SELECT 1 FROM audit_event WHERE organisation_id = $1 AND entity_id = $2 AND action <> 'hazard_control.created'`, [org.id, control.id])).toHaveLength(0);
  });

  it('links a hazard to GP Connect capabilities and IM1 APIs directly, refusing an unknown one by name, and filters the list by them', async () => {
    const p = await product('Mechanisms');
    const created = await createHazard({ productId: p.id, name: 'Medication list incomplete', description: 'Structured record misses acute items', mechanismKeys: ['im1_transaction', 'gpc_access_record_structured', 'im1_transaction'] });
    expect(created.statusCode).toBe(201);
    let h: HazardDto = created.json();
    expect(h).toMatchObject({ number: 'H-001', mechanismKeys: ['gpc_access_record_structured', 'im1_transaction'], journeyIds: [] });

    const unknown = await createHazard({ productId: p.id, name: 'Bad', description: 'x', mechanismKeys: ['im1_patient', 'gpc_telepathy'] });
    expect(unknown.json()).toMatchObject({ statusCode: 400, code: 'hazard_mechanism_unknown', message: 'mechanismKeys: not a GP Connect capability or IM1 API: gpc_telepathy.', details: { field: 'mechanismKeys', unknown: ['gpc_telepathy'] } });
    expect((await createHazard({ productId: p.id, name: 'Bad', description: 'x', mechanismKeys: 'im1_patient' })).json().details).toEqual([expect.objectContaining({ field: 'mechanismKeys' })]);
    const badUpdate = await put(h.id, { mechanismKeys: ['im1_everything'], version: h.version });
    expect(badUpdate.json()).toMatchObject({ statusCode: 400, code: 'hazard_mechanism_unknown', message: expect.stringContaining('im1_everything') });
    expect((await app.inject({ method: 'GET', url: `/api/hazards/${h.id}`, headers: { cookie: cso.cookie } })).json()).toMatchObject({ version: h.version, mechanismKeys: ['gpc_access_record_structured', 'im1_transaction'] });

    const v1: HazardLogVersionDetailDto = (await issue(p.id, 'With mechanisms')).json();
    expect((v1.hazards[0] as { links: unknown }).links).toEqual([
      { kind: 'gp_connect_capability', ref: 'gpc_access_record_structured' },
      { kind: 'im1_api', ref: 'im1_transaction' },
    ]);
    // Journey links survive a change of mechanisms, and the reverse.
    h = (await put(h.id, { mechanismKeys: ['gpc_send_document'], version: h.version })).json();
    expect(h).toMatchObject({ mechanismKeys: ['gpc_send_document'], version: 2 });
    const [event] = await ownerQuery<{ changes: Record<string, { before: unknown; after: unknown }> }>(app, `SELECT changes FROM audit_event WHERE organisation_id = $1 AND entity_id = $2 AND action = 'hazard.updated'`, [org.id, h.id]);
    expect(event.changes.mechanismKeys).toEqual({ before: ['gpc_access_record_structured', 'im1_transaction'], after: ['gpc_send_document'] });
    const live = (await app.inject({ method: 'GET', url: `/api/hazard-log-versions/${v1.id}/diff-live`, headers: { cookie: cso.cookie } })).json();
    expect(live.changed).toEqual([{ number: 'H-001', changes: [expect.objectContaining({ field: 'links' })] }]);

    const other: HazardDto = (await createHazard({ productId: p.id, name: 'Booking lost', description: 'Slot not held', mechanismKeys: ['gpc_appointment_management'] })).json();
    expect(other.number).toBe('H-002');
    const list = async (filter: object) => app.inject({ method: 'GET', url: `/api/hazards?${new URLSearchParams({ filter: JSON.stringify({ productId: p.id, ...filter }) })}`, headers: { cookie: cso.cookie } });
    expect((await list({ mechanismKey: 'gpc_send_document' })).json().map((x: HazardDto) => x.number)).toEqual(['H-001']);
    expect((await list({ mechanismKey: ['gpc_send_document', 'gpc_appointment_management'] })).json().map((x: HazardDto) => x.number)).toEqual(['H-001', 'H-002']);
    expect((await list({ mechanismKey: 'im1_bulk' })).json()).toEqual([]);
    expect((await list({ mechanismKey: 'im1_bulk', status: 'open' })).headers['content-range']).toMatch(/\/0$/);
    expect((await list({ mechanismKey: 'telepathy' })).json()).toMatchObject({ statusCode: 400, code: 'hazard_mechanism_unknown', details: { field: 'filter.mechanismKey' } });
  });

  it('issues versions, lets only the CSO approve with their password, keeps approvals immutable, and marks them stale after a change', async () => {
    const p = await product('Signed');
    expect((await issue(p.id)).json()).toMatchObject({ statusCode: 422, code: 'hazard_log_empty' });
    const first: HazardDto = (await createHazard({ productId: p.id, name: 'Results delayed', description: 'Late pathology', initial: { severity: 'considerable', likelihood: 'medium' }, residual: { severity: 'considerable', likelihood: 'low' } })).json();
    const v1: HazardLogVersionDetailDto = (await issue(p.id, 'First issue')).json();
    expect(v1).toMatchObject({ version: '1.0', hazardCount: 1, approval: null, stale: false, hazards: [expect.objectContaining({ number: 'H-001', residual: expect.objectContaining({ rating: 2 }) })] });

    expect((await approve(v1.id, { statement: 'Approved', password: TEST_PASSWORD }, lead)).statusCode).toBe(403);
    expect((await approve(v1.id, { statement: 'Approved', password: TEST_PASSWORD })).json()).toMatchObject({ statusCode: 422, code: 'cso_details_required' });
    expect((await setCso(p.id)).statusCode).toBe(200);
    const wrong = await approve(v1.id, { statement: 'Approved', password: 'not the password at all' });
    expect(wrong.json()).toMatchObject({ statusCode: 403, code: 'reauthentication_failed', details: { field: 'password' } });
    expect((await approve(v1.id, { statement: 'Approved' })).json()).toMatchObject({ statusCode: 403, code: 'reauthentication_required' });
    expect((await approve(v1.id, { statement: '', password: TEST_PASSWORD })).json().details).toEqual([expect.objectContaining({ field: 'statement' })]);
    expect((await ownerQuery(app, `SELECT 1 FROM hazard_log_approval WHERE hazard_log_version_id = $1`, [v1.id])).length).toBe(0);

    const signed = await approve(v1.id, { statement: 'I approve hazard log v1.0 for release 2.3.', password: TEST_PASSWORD });
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({
      stale: false,
      approval: { approverUserId: org.members.clinical_safety_officer.userId, approverName: 'Dr Asha Patel', profession: 'General practitioner', professionalRegistration: 'GMC 7654321', statement: 'I approve hazard log v1.0 for release 2.3.', residualRiskProfile: { 1: 0, 2: 1, 3: 0, 4: 0, 5: 0, unrated: 0 } },
    });
    expect((await approve(v1.id, { statement: 'Again', password: TEST_PASSWORD })).json()).toMatchObject({ statusCode: 409, code: 'hazard_log_version_already_approved' });
    // Immutable in SQL, for the owner and for the app role.
    await expect(ownerQuery(app, `UPDATE hazard_log_approval SET statement = 'edited' WHERE hazard_log_version_id = $1`, [v1.id])).rejects.toThrow(/append-only/);
    await expect(ownerQuery(app, `DELETE FROM hazard_log_approval WHERE hazard_log_version_id = $1`, [v1.id])).rejects.toThrow(/append-only/);
    await expect(ownerQuery(app, `UPDATE hazard_log_version SET change_summary = 'edited' WHERE id = $1`, [v1.id])).rejects.toThrow(/append-only/);
    await expect(
      ownerQuery(app, `SET ROLE ${app.config.database.appRole}; SELECT set_config('app.org_id', '${org.id}', false); UPDATE hazard_log_approval SET statement = 'edited'`),
    ).rejects.toThrow(/permission denied|append-only/);
    const events = await ownerQuery<{ action: string; changes: Record<string, { after: unknown }> }>(app, `SELECT action, changes FROM audit_event WHERE organisation_id = $1 AND entity_id = $2 ORDER BY seq`, [org.id, v1.id]);
    expect(events.map((e) => e.action)).toEqual(['hazard_log_version.issued', 'hazard_log_version.approved']);
    expect(events[1].changes.professionalRegistration.after).toBe('GMC 7654321');

    // A later change makes the approval stale; the approval itself is untouched.
    await put(first.id, { residual: { severity: 'significant', likelihood: 'very_low' }, version: first.version });
    const stale = (await app.inject({ method: 'GET', url: `/api/hazard-log-versions/${v1.id}`, headers: { cookie: executive.cookie } })).json();
    expect(stale).toMatchObject({ stale: true, approval: signed.json().approval });
    await createHazard({ productId: p.id, name: 'Second', description: 'Another' });
    const v2: HazardLogVersionDetailDto = (await issue(p.id, 'Residual lowered, new hazard')).json();
    expect(v2.version).toBe('1.1');
    const diff = await app.inject({ method: 'GET', url: `/api/hazard-log-versions/${v1.id}/diff?against=${v2.id}`, headers: { cookie: executive.cookie } });
    expect(diff.json()).toMatchObject({
      from: '1.0',
      to: '1.1',
      added: ['H-002'],
      removed: [],
      ratingChanges: [{ number: 'H-001', phase: 'residual', before: 2, after: 1 }],
      changed: [{ number: 'H-001', changes: [{ field: 'residual', before: { severity: 'considerable', likelihood: 'low', rating: 2 }, after: { severity: 'significant', likelihood: 'very_low', rating: 1 } }] }],
    });
    expect((await app.inject({ method: 'GET', url: `/api/hazard-log-versions/${v1.id}/diff?against=nope`, headers: { cookie: executive.cookie } })).statusCode).toBe(400);
    const list = await app.inject({ method: 'GET', url: `/api/hazard-log-versions?filter=${encodeURIComponent(JSON.stringify({ productId: p.id }))}`, headers: { cookie: executive.cookie } });
    expect(list.json().map((v: { version: string; stale: boolean }) => [v.version, v.stale])).toEqual([
      ['1.1', false],
      ['1.0', true],
    ]);
  });

  it('gates IM1 assurance on an approved, current hazard log with no residual risk rated 4 or 5, saying why', async () => {
    const p = await product('Gated');
    const journey: JourneyDetailDto = (await app.inject({ method: 'POST', url: '/api/journeys', headers: lead.headers, payload: { productId: p.id, mechanismId: 'im1_patient', providerSupplierId: 'tpp' } })).json();
    expect(journey.templateVersion).toBe(3);
    const unmet = async () => {
      const j: JourneyDetailDto = (await app.inject({ method: 'GET', url: `/api/journeys/${journey.id}`, headers: { cookie: lead.cookie } })).json();
      return j.stages.find((s) => s.key === 'assurance')!.unmetToComplete.filter((u) => u.kind === 'hazard_log_approved').map((u) => u.message);
    };
    expect(await unmet()).toEqual([expect.stringMatching(/No hazard log version .* approved by the clinical safety officer/)]);
    const override = { override: { justification: 'Earlier stages evidenced outside Pairline' } };
    for (const key of ['prerequisites', 'stage_one_scal', 'mil', 'unsupported_test', 'supported_test']) {
      expect((await app.inject({ method: 'POST', url: `/api/journeys/${journey.id}/stages/${key}/complete`, headers: admin.headers, payload: override })).statusCode).toBe(200);
    }
    const blocked = await app.inject({ method: 'POST', url: `/api/journeys/${journey.id}/stages/assurance/complete`, headers: lead.headers, payload: {} });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().details.unmet).toEqual(expect.arrayContaining([{ kind: 'hazard_log_approved', message: expect.stringMatching(/No hazard log version/) }]));

    await setCso(p.id);
    const high: HazardDto = (await createHazard({ productId: p.id, name: 'Wrong patient', description: 'Record of another patient', journeyIds: [journey.id], initial: { severity: 'catastrophic', likelihood: 'low' }, residual: { severity: 'catastrophic', likelihood: 'low' } })).json();
    expect(high.journeyIds).toEqual([journey.id]);
    const v1 = (await issue(p.id)).json();
    await approve(v1.id, { statement: 'Approved with one open risk', password: TEST_PASSWORD });
    expect(await unmet()).toEqual([expect.stringMatching(/v1.0 has 1 hazard\(s\) with a residual risk rated 4 or 5: H-001 \(4\)/)]);
    const lowered: HazardDto = (await put(high.id, { residual: { severity: 'major', likelihood: 'very_low' }, version: high.version })).json();
    expect(lowered.residual?.rating).toBe(2);
    expect(await unmet()).toEqual([expect.stringMatching(/approved hazard log v1.0 is stale/)]);
    const v2 = (await issue(p.id)).json();
    expect((await approve(v2.id, { statement: 'Approved', password: TEST_PASSWORD })).statusCode).toBe(200);
    expect(await unmet()).toEqual([]);
  });

  it('imports the NHS GP Connect hazard log as a library, all or nothing, and a CSO adopts a suggestion without ratings', async () => {
    const workbook = readFileSync(NHS_WORKBOOK);
    const expected = await nhsHazards();
    expect(expected.length).toBeGreaterThan(40);
    const preview = await app.inject({ method: 'POST', url: '/api/hazard-library/import/preview', headers: cso.headers, payload: upload('GP_Connect_Hazard_Log_Consumers_v2.0.xlsx', workbook) });
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({
      sheet: 'Hazard Log',
      rows: expected.length,
      rejected: [],
      // The hazard-type lookup list NHS England keeps below the table.
      ignoredRows: Array.from({ length: 12 }, (_, i) => 506 + i),
      mapping: { 'Hazard number': 'number', 'Hazard type': 'hazardType', 'Hazard name': 'name', 'Hazard description': 'description', 'Potential clinical impact': 'potentialClinicalImpact', 'Possible causes': 'possibleCauses', 'Suggested actions to mitigate hazard': 'suggestedActions', 'Links to documentation': 'links' },
    });
    expect(await ownerQuery(app, `SELECT 1 FROM hazard_library_item WHERE organisation_id = $1`, [org.id])).toHaveLength(0);
    const imported = await app.inject({ method: 'POST', url: '/api/hazard-library/import', headers: cso.headers, payload: upload('GP_Connect_Hazard_Log_Consumers_v2.0.xlsx', workbook, { source: 'GP Connect consumers v2.0' }) });
    expect(imported.statusCode).toBe(201);
    expect(imported.json()).toEqual({ source: 'GP Connect consumers v2.0', imported: expected.length });
    const items = (await app.inject({ method: 'GET', url: `/api/hazard-library?range=[0,499]&filter=${encodeURIComponent(JSON.stringify({ source: 'GP Connect consumers v2.0' }))}`, headers: { cookie: executive.cookie } })).json();
    expect(items.map((i: { number: string; name: string; description: string }) => ({ number: i.number, name: i.name, description: i.description }))).toEqual(expected);
    expect((await app.inject({ method: 'POST', url: '/api/hazard-library/import', headers: cso.headers, payload: upload('x.xlsx', workbook, { source: 'GP Connect consumers v2.0' }) })).json()).toMatchObject({ statusCode: 409, code: 'hazard_library_source_exists' });

    const p = await product('Consumer');
    const suggestion = items.find((i: { number: string }) => i.number === expected[0].number);
    const adopted = await app.inject({ method: 'POST', url: `/api/hazard-library/${suggestion.id}/adopt`, headers: cso.headers, payload: { productId: p.id } });
    expect(adopted.statusCode).toBe(201);
    expect(adopted.json()).toMatchObject({ number: 'H-001', name: suggestion.name, description: suggestion.description, potentialClinicalImpact: suggestion.potentialClinicalImpact, hazardType: suggestion.hazardType, initial: null, residual: null, planVersion: null, libraryItemId: suggestion.id });
    expect(adopted.json().actionSummary).toContain(suggestion.suggestedActions);
  });

  it('refuses bad and hostile workbooks with a reason, storing nothing', async () => {
    const workbook = readFileSync(NHS_WORKBOOK);
    const count = async () => (await ownerQuery<{ n: number }>(app, `SELECT count(*)::int AS n FROM hazard_library_item WHERE organisation_id = $1`, [org.id]))[0].n;
    const before = await count();
    const send = (payload: object) => app.inject({ method: 'POST', url: '/api/hazard-library/import', headers: cso.headers, payload });
    expect((await send(upload('log.xlsx', workbook.subarray(0, workbook.length - 2000), { source: 'truncated' }))).statusCode).toBe(422);
    expect((await send(upload('log.pdf', workbook, { source: 'pdf' }))).statusCode).toBe(415);
    expect((await send(upload('log.xlsx', Buffer.from('not a zip at all'), { source: 'text' }))).statusCode).toBe(415);
    // A zip declaring an entry far larger than any workbook: refused before it is inflated.
    const bomb = Buffer.from(workbook);
    const central = bomb.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    bomb.writeUInt32LE(0x7fffffff, central + 24);
    expect((await send(upload('log.xlsx', bomb, { source: 'bomb' }))).json()).toMatchObject({ statusCode: 422, code: 'workbook_too_large_uncompressed' });
    const missingSheet = await send(upload('log.xlsx', workbook, { source: 'sheet', sheet: 'Hazards' }));
    expect(missingSheet.json()).toMatchObject({ statusCode: 422, code: 'hazard_library_sheet_missing', message: expect.stringContaining('"Hazard Log"') });

    const bad = new ExcelJS.Workbook();
    const sheet = bad.addWorksheet('Hazard Log');
    sheet.addRows([
      ['Hazard number', 'Hazard name', 'Hazard description'],
      ['1', 'Fine', 'A description'],
      ['2', '', 'No name'],
      ['1', 'Repeat', 'Same number'],
    ]);
    const rejected = await send(upload('bad.xlsx', Buffer.from(await bad.xlsx.writeBuffer()), { source: 'bad' }));
    expect(rejected.json()).toMatchObject({
      statusCode: 422,
      code: 'hazard_library_import_rejected',
      details: { rejected: [{ row: 3, reason: expect.stringMatching(/name is empty/) }, { row: 4, reason: expect.stringMatching(/already on row 2/) }] },
    });
    const unmapped = await send(upload('bad.xlsx', Buffer.from(await bad.xlsx.writeBuffer()), { source: 'bad', mapping: { 'Hazard number': 'number', 'Hazard description': 'description' } }));
    expect(unmapped.json()).toMatchObject({ statusCode: 400, code: 'hazard_library_mapping_invalid', message: expect.stringMatching(/No column is mapped to name/) });
    expect(await count()).toBe(before);
  });

  it('exports the log as xlsx, one row per hazard with control columns by type, that imports back', async () => {
    const p = await product('Exported');
    const hazards: HazardDto[] = [];
    for (const name of ['Stale appointment list', 'Duplicate medication', '=HYPERLINK("http://evil")']) {
      hazards.push((await createHazard({ productId: p.id, name, description: `${name}: description`, initial: { severity: 'major', likelihood: 'low' }, residual: { severity: 'minor', likelihood: 'low' }, mechanismKeys: hazards.length === 1 ? ['im1_patient', 'gpc_send_document'] : [] })).json());
    }
    for (const [type, description] of [['design', 'Refresh on open'], ['training', 'Train users'], ['design', 'Warn on duplicates']] as const) {
      await app.inject({ method: 'POST', url: '/api/hazard-controls', headers: cso.headers, payload: { productId: p.id, type, description, hazardIds: [hazards[0].id] } });
    }
    const response = await app.inject({ method: 'GET', url: `/api/hazards/export.xlsx?productId=${p.id}`, headers: { cookie: executive.cookie } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/spreadsheetml/);
    expect(response.headers['content-disposition']).toBe('attachment; filename="Exported-hazard-log-live.xlsx"');
    const read = new ExcelJS.Workbook();
    await read.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = read.getWorksheet('Hazard Log')!;
    const headers = (sheet.getRow(1).values as string[]).slice(1);
    expect(headers).toEqual(expect.arrayContaining(['Hazard number', 'Design controls', 'Test controls', 'Training controls', 'Business process change controls', 'Initial risk rating', 'Residual risk rating']));
    expect(sheet.rowCount).toBe(4);
    const cell = (row: number, header: string) => sheet.getRow(row).getCell(headers.indexOf(header) + 1);
    expect(cell(2, 'Design controls').text).toBe('Refresh on open [planned]\nWarn on duplicates [planned]');
    expect(cell(2, 'Training controls').text).toBe('Train users [planned]');
    expect(cell(2, 'Initial risk rating').value).toBe(3);
    expect(cell(3, 'GP Connect capabilities and IM1 APIs').text).toBe('GP Connect Send Document\nIM1 Patient');
    expect(cell(2, 'GP Connect capabilities and IM1 APIs').text).toBe('');
    // Text that looks like a formula stays text.
    expect(cell(4, 'Hazard name').value).toBe('=HYPERLINK("http://evil")');
    expect(cell(4, 'Hazard name').formula).toBeUndefined();

    const again = await app.inject({ method: 'POST', url: '/api/hazard-library/import', headers: cso.headers, payload: upload('Exported-hazard-log-live.xlsx', response.rawPayload, { source: 'Exported log' }) });
    expect(again.json()).toEqual({ source: 'Exported log', imported: 3 });
    const items = (await app.inject({ method: 'GET', url: `/api/hazard-library?filter=${encodeURIComponent(JSON.stringify({ source: 'Exported log' }))}`, headers: { cookie: cso.cookie } })).json();
    expect(items.map((i: { number: string; name: string; description: string }) => [i.number, i.name, i.description])).toEqual(hazards.map((h) => [h.number, h.name, h.description]));
    const exported = await ownerQuery(app, `SELECT 1 FROM audit_event WHERE organisation_id = $1 AND action = 'hazard_log.exported' AND entity_id = $2`, [org.id, p.id]);
    expect(exported).toHaveLength(1);
  });

  it('renders the clinical safety case report of an approved version as a PDF with embedded fonts, page numbers and every hazard', async () => {
    const p = await product('Reported');
    await setCso(p.id);
    const made: HazardDto[] = [];
    for (let i = 0; i < 40; i++) {
      const through = i === 0 ? { mechanismKeys: ['gpc_access_record_structured', 'im1_transaction'] } : {};
      made.push((await createHazard({ productId: p.id, name: `Reported hazard ${i + 1}`, description: 'A hazard long enough to wrap onto a second line of its table cell in the appended log', initial: { severity: 'major', likelihood: 'medium' }, residual: { severity: 'considerable', likelihood: 'low' }, ...through })).json());
    }
    const moved = await status(made[1].id, { status: 'transferred', deployingOrganisationActions: 'Brief reception teams before go-live', version: made[1].version });
    expect(moved.statusCode).toBe(200);
    await app.inject({ method: 'POST', url: '/api/hazard-controls', headers: cso.headers, payload: { productId: p.id, type: 'training', description: 'Reception training module', hazardIds: [made[1].id] } });
    const version = (await issue(p.id, 'For the safety case')).json();
    const unapproved = await app.inject({ method: 'GET', url: `/api/hazard-log-versions/${version.id}/safety-case-report.pdf`, headers: { cookie: executive.cookie } });
    expect(unapproved.json()).toMatchObject({ statusCode: 422, code: 'hazard_log_version_not_approved' });
    expect((await approve(version.id, { statement: 'Approved for the safety case.', password: TEST_PASSWORD })).statusCode).toBe(200);
    const file = await app.inject({ method: 'GET', url: `/api/hazard-log-versions/${version.id}/safety-case-report.pdf`, headers: { cookie: executive.cookie } });
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toBe('attachment; filename="Reported-clinical-safety-case-report-v1.0.pdf"');
    const pdf = file.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/FontFile[23]?/);
    const pages = pdfPages(pdf);
    expect(pages.length).toBeGreaterThan(2);
    pages.forEach((page, i) => expect(page).toContain(`Page ${i + 1} of ${pages.length}`));
    const text = pages.join('\n');
    for (const heading of ['1. Scope and intended use', '2. Clinical risk management approach', '3. Risk matrix and acceptability criteria', '4. Hazard summary by rating', '5. Residual risks', '6. Hazards transferred to the deploying organisation', '7. Controls and their verification', 'Appendix A. Hazard log', 'Appendix B. Approvals']) expect(text).toContain(heading);
    for (const h of made) expect(text).toContain(h.number);
    expect(text).toContain('Brief reception teams before go-live');
    expect(text).toContain('GMC 7654321');
    // The capabilities and APIs a hazard arises through are in the log, by name.
    expect(text.replace(/\s+/g, ' ')).toContain('Through: GP Connect Access Record: Structured, IM1 Transaction');
    expect(text.match(/Through:/g)).toHaveLength(1);
    // The appended log's header row is repeated on each page it spans.
    expect(pages.filter((page) => page.includes('Appendix A') || /No\.\s+Hazard\s+Initial/.test(page)).length).toBeGreaterThan(1);
    expect(await ownerQuery(app, `SELECT 1 FROM audit_event WHERE organisation_id = $1 AND action = 'safety_case_report.generated' AND entity_id = $2`, [org.id, version.id])).toHaveLength(1);
  });
});

describe('hazard log sign-off rate limit', () => {
  it('refuses further password attempts at the sign-in rate limit', async () => {
    const app = await startTestApp({ REDIS_URL: undefined, LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const org = await createOrganisation(app);
      const cso = await signIn(app, org.members.clinical_safety_officer.email);
      const id = '00000000-0000-4000-8000-000000000000';
      const attempt = () => app.inject({ method: 'POST', url: `/api/hazard-log-versions/${id}/approve`, headers: cso.headers, payload: { statement: 'x', password: 'guess guess guess' } });
      expect([(await attempt()).statusCode, (await attempt()).statusCode, (await attempt()).statusCode]).toEqual([404, 404, 404]);
      const limited = await attempt();
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });
});
