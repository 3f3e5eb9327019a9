import type { JourneyDetailDto, ProductDto } from '@pairline/contracts';
import { BASELINE_SCAL_TEMPLATE, templateRequirements } from '@pairline/domain';
import { createOrganisation, signIn, type SignedIn, type TestOrganisation } from '../testing/identity-fixtures';
import { approveHazardLog } from '../testing/hazard-log-fixtures';
import { attachScal } from '../testing/scal-fixtures';
import { ownerQuery, startTestApp, type TestApp } from '../testing/test-app';

const REQUIREMENTS = templateRequirements(BASELINE_SCAL_TEMPLATE);
const MUSTS = REQUIREMENTS.filter((r) => r.level === 'MUST');
const FIRST_SECTION = BASELINE_SCAL_TEMPLATE.sections[0];

describe('SCALs per journey', () => {
  let app: TestApp;
  let org: TestOrganisation;
  let lead: SignedIn;
  let admin: SignedIn;
  let executive: SignedIn;
  let templateId: string;
  let products: ProductDto[];

  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL: undefined });
    org = await createOrganisation(app);
    [lead, admin, executive] = await Promise.all([signIn(app, org.members.compliance_lead.email), signIn(app, org.members.org_admin.email), signIn(app, org.members.executive.email)]);
    templateId = (await app.inject({ method: 'POST', url: '/api/scal-templates/baseline', headers: lead.headers, payload: {} })).json().id;
    products = [];
    for (const name of ['CarePlan', 'Insights']) {
      products.push((await app.inject({ method: 'POST', url: '/api/products', headers: lead.headers, payload: { name, useCase: 'x', intendedUsers: 'y', medicalDeviceStatus: 'not_a_medical_device' } })).json());
    }
  });
  afterAll(() => app.close());

  const journey = async (productId: string, mechanismId: string, providerSupplierId: string | null): Promise<JourneyDetailDto> => {
    const created = await app.inject({ method: 'POST', url: '/api/journeys', headers: lead.headers, payload: { productId, mechanismId, providerSupplierId } });
    expect(created.statusCode).toBe(201);
    return created.json();
  };
  const createScal = (journeyIds: string[], as = lead) => app.inject({ method: 'POST', url: '/api/scals', headers: as.headers, payload: { templateId, journeyIds } });
  const put = (scal: string, identifier: string, payload: object, as = lead) => app.inject({ method: 'PUT', url: `/api/scals/${scal}/requirements/${encodeURIComponent(identifier)}`, headers: as.headers, payload });
  const bulk = (scal: string, payload: object) => app.inject({ method: 'POST', url: `/api/scals/${scal}/requirements/bulk`, headers: lead.headers, payload });
  const list = (scal: string, filter: object = {}) => app.inject({ method: 'GET', url: `/api/scals/${scal}/requirements?range=[0,499]&filter=${encodeURIComponent(JSON.stringify(filter))}`, headers: { cookie: executive.cookie } });
  const state = async () =>
    (await ownerQuery<{ answers: string; audit: number }>(
      app,
      `SELECT (SELECT coalesce(string_agg(identifier || ':' || status || ':' || coalesce(owner_user_id::text, '-') || ':' || version, ',' ORDER BY identifier), '') FROM scal_answer WHERE organisation_id = $1) AS answers, (SELECT count(*) FROM audit_event WHERE organisation_id = $1)::int AS audit`,
      [org.id],
    ))[0];
  const act = (id: string, key: string, action: string, payload: object = {}) => app.inject({ method: 'POST', url: `/api/journeys/${id}/stages/${key}/${action}`, headers: lead.headers, payload });

  it('gives journeys of one product one shared SCAL, refuses mixed products and second SCALs with 422, and audits', async () => {
    const [optum, tpp] = [await journey(products[0].id, 'im1_patient', 'optum'), await journey(products[0].id, 'im1_patient', 'tpp')];
    const elsewhere = await journey(products[1].id, 'im1_patient', 'optum');
    const before = await state();
    const mixed = await createScal([optum.id, elsewhere.id]);
    expect(mixed.json()).toMatchObject({ statusCode: 422, code: 'scal_journeys_span_products' });
    expect((await createScal(['00000000-0000-4000-8000-000000000000'])).json()).toMatchObject({ statusCode: 422, code: 'journey_not_found' });
    expect((await createScal([optum.id], executive)).statusCode).toBe(403);
    expect((await createScal([])).statusCode).toBe(400);
    expect(await state()).toEqual(before);

    const shared = await createScal([optum.id, tpp.id]);
    expect(shared.statusCode).toBe(201);
    expect(shared.json()).toMatchObject({ productId: products[0].id, journeyIds: [optum.id, tpp.id].sort(), template: { id: templateId, key: 'baseline', baseline: true }, fullyCompleted: false, agreed: false });
    expect(shared.json().progress.overall).toMatchObject({ total: REQUIREMENTS.length, byStatus: { not_started: REQUIREMENTS.length, accepted: 0 } });
    expect(shared.json().progress.sections.map((s: { key: string }) => s.key)).toEqual(BASELINE_SCAL_TEMPLATE.sections.map((s) => s.key));
    const again = await createScal([tpp.id, elsewhere.id]);
    expect(again.json()).toMatchObject({ statusCode: 422, code: 'scal_journeys_span_products' });
    const second = await createScal([tpp.id]);
    expect(second.json()).toMatchObject({ statusCode: 422, code: 'journey_has_scal', details: { journeyIds: [tpp.id] } });
    const events = await ownerQuery<{ action: string }>(app, `SELECT action FROM audit_event WHERE organisation_id = $1 AND entity_id = $2`, [org.id, shared.json().id]);
    expect(events.map((e) => e.action)).toEqual(['scal.created']);

    // A journey of the product started later joins the shared SCAL; anything else is refused and changes nothing.
    const later = await journey(products[0].id, 'im1_patient', 'medicus');
    const join = (journeyId: string, as = lead) => app.inject({ method: 'POST', url: `/api/scals/${shared.json().id}/journeys`, headers: as.headers, payload: { journeyId } });
    const beforeJoin = await state();
    expect((await join(elsewhere.id)).json()).toMatchObject({ statusCode: 422, code: 'scal_journeys_span_products' });
    expect((await join(tpp.id)).json()).toMatchObject({ statusCode: 422, code: 'journey_has_scal', message: 'This journey has this SCAL already.' });
    expect((await join('00000000-0000-4000-8000-000000000000')).json()).toMatchObject({ statusCode: 422, code: 'journey_not_found' });
    expect((await join('not-a-uuid')).statusCode).toBe(400);
    expect((await join(later.id, executive)).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/scals/00000000-0000-4000-8000-000000000000/journeys', headers: lead.headers, payload: { journeyId: later.id } })).statusCode).toBe(404);
    expect(await state()).toEqual(beforeJoin);
    const joined = await join(later.id);
    expect(joined.statusCode).toBe(201);
    expect(joined.json()).toMatchObject({ id: shared.json().id, journeyIds: [optum.id, tpp.id, later.id].sort() });
    const found = await app.inject({ method: 'GET', url: `/api/scals?journeyId=${later.id}`, headers: { cookie: executive.cookie } });
    expect(found.json().map((x: { id: string }) => x.id)).toEqual([shared.json().id]);
    const [joinEvent] = await ownerQuery<{ action: string; changes: { journeyIds: { before: string[]; after: string[] } } }>(app, `SELECT action, changes FROM audit_event WHERE organisation_id = $1 AND entity_id = $2 AND action <> 'scal.created'`, [org.id, shared.json().id]);
    expect(joinEvent).toEqual({ action: 'scal.journey_joined', changes: { journeyIds: { before: [optum.id, tpp.id].sort(), after: [optum.id, tpp.id, later.id].sort() } } });
    expect((await join(later.id)).json()).toMatchObject({ statusCode: 422, code: 'journey_has_scal' });
    // The journey page keeps its shape: the SCAL is read through its own routes.
    const page = (await app.inject({ method: 'GET', url: `/api/journeys/${optum.id}`, headers: { cookie: lead.cookie } })).json();
    expect(Object.keys(page).sort()).toEqual(Object.keys(optum).sort());
  });

  it('answers requirements through the domain rules with optimistic versions, lists them with filters, and audits each change', async () => {
    const j = await journey(products[1].id, 'im1_transaction', 'tpp');
    const scal: string = (await createScal([j.id])).json().id;
    const [must] = MUSTS;
    const answered = await put(scal, must.identifier, { response: 'non_compliant', ownerUserId: org.members.contributor.userId, dueOn: '2030-01-31', version: 0 });
    expect(answered.statusCode).toBe(200);
    expect(answered.json()).toMatchObject({ identifier: must.identifier, response: 'non_compliant', status: 'in_progress', ownerUserId: org.members.contributor.userId, dueOn: '2030-01-31', version: 1 });
    // Stale: another edit was saved since version 0 was read.
    expect((await put(scal, must.identifier, { justification: 'late', version: 0 })).json()).toMatchObject({ statusCode: 409, code: 'stale_version' });
    // Not compliant without a justification cannot go to review.
    expect((await put(scal, must.identifier, { status: 'ready_for_review', version: 1 })).json()).toMatchObject({ statusCode: 422, code: 'scal_justification_required' });
    expect((await put(scal, must.identifier, { status: 'accepted', version: 1 })).json()).toMatchObject({ statusCode: 422, code: 'scal_invalid_transition' });
    const ready = await put(scal, must.identifier, { justification: 'Compensating control documented', status: 'ready_for_review', version: 1 });
    expect(ready.json()).toMatchObject({ status: 'ready_for_review', justification: 'Compensating control documented', version: 2 });
    expect((await put(scal, 'NOPE-1', { response: 'compliant', version: 0 })).statusCode).toBe(404);
    expect((await put(scal, must.identifier, { ownerUserId: '00000000-0000-4000-8000-000000000000', version: 2 })).json()).toMatchObject({ statusCode: 422, code: 'not_a_member' });
    expect((await put(scal, must.identifier, { response: 'compliant', version: 2 }, executive)).statusCode).toBe(403);

    const all = await list(scal);
    expect(all.statusCode).toBe(200);
    expect(all.json()).toHaveLength(REQUIREMENTS.length);
    expect(all.headers['content-range']).toBe(`scal-requirements 0-${REQUIREMENTS.length - 1}/${REQUIREMENTS.length}`);
    expect(all.json()[0]).toMatchObject({ identifier: REQUIREMENTS[0].identifier, status: expect.any(String), version: expect.any(Number) });
    expect((await list(scal, { status: 'ready_for_review' })).json().map((r: { identifier: string }) => r.identifier)).toEqual([must.identifier]);
    expect((await list(scal, { ownerUserId: org.members.contributor.userId })).json()).toHaveLength(1);
    expect((await list(scal, { section: FIRST_SECTION.key })).json()).toHaveLength(FIRST_SECTION.requirements.length);
    expect((await list(scal, { level: 'MUST' })).json()).toHaveLength(MUSTS.length);
    expect((await list(scal, { status: 'not_started' })).json()).toHaveLength(REQUIREMENTS.length - 1);
    expect((await list(scal, { q: must.identifier })).json().map((r: { identifier: string }) => r.identifier)).toContain(must.identifier);
    expect((await list(scal, { colour: 'red' })).statusCode).toBe(400);
    // By response, "none" being a row nobody has answered.
    const [second] = MUSTS.slice(1);
    expect((await put(scal, second.identifier, { response: 'not_applicable', justification: 'Not offered', version: 0 })).statusCode).toBe(200);
    const ids = async (filter: object) => (await list(scal, filter)).json().map((r: { identifier: string }) => r.identifier);
    expect(await ids({ response: 'non_compliant' })).toEqual([must.identifier]);
    expect(await ids({ response: 'not_applicable' })).toEqual([second.identifier]);
    expect(await ids({ response: 'compliant' })).toEqual([]);
    expect(await ids({ response: ['non_compliant', 'not_applicable'] })).toEqual(REQUIREMENTS.map((r) => r.identifier).filter((i) => i === must.identifier || i === second.identifier));
    expect(await ids({ response: 'none' })).toHaveLength(REQUIREMENTS.length - 2);
    expect(await ids({ response: 'none', level: 'MUST' })).toHaveLength(MUSTS.length - 2);
    // A mistyped value is named, not silently an empty list.
    const wrong = await list(scal, { response: 'yes', needsAttention: 'maybe', status: 'done' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().details).toEqual([
      { field: 'filter.response', problems: ['must be one of: compliant, non_compliant, not_applicable, none'] },
      { field: 'filter.needsAttention', problems: ['must be one of: true, false'] },
      { field: 'filter.status', problems: ['must be one of: not_started, in_progress, ready_for_review, submitted, accepted, rejected'] },
    ]);
    // Without linked evidence nothing needs attention.
    expect(await ids({ needsAttention: true })).toEqual([]);
    expect(await ids({ needsAttention: false })).toHaveLength(REQUIREMENTS.length);

    const detail = (await app.inject({ method: 'GET', url: `/api/scals/${scal}`, headers: { cookie: executive.cookie } })).json();
    expect(detail.progress.overall.byStatus).toMatchObject({ ready_for_review: 1, in_progress: 1, not_started: REQUIREMENTS.length - 2 });
    const events = await ownerQuery<{ action: string; changes: Record<string, { before?: unknown; after?: unknown }> }>(
      app,
      `SELECT action, changes FROM audit_event WHERE organisation_id = $1 AND entity_type = 'scal_answer' ORDER BY seq`,
      [org.id],
    );
    expect(events).toHaveLength(3);
    expect(events[1].changes.status).toEqual({ before: 'in_progress', after: 'ready_for_review' });
  });

  it('changes a bulk selection all or nothing: one invalid row refuses them all, listing every one', async () => {
    const j = await journey(products[1].id, 'im1_bulk', 'tpp');
    const scal: string = (await createScal([j.id])).json().id;
    const [answered, ...rest] = FIRST_SECTION.requirements;
    expect((await put(scal, answered.identifier, { response: 'compliant', version: 0 })).statusCode).toBe(200);
    const before = await state();
    // Review needs an answer: the unanswered rows of the section cannot go, so none does.
    const refused = await bulk(scal, { filter: { section: FIRST_SECTION.key }, set: { status: 'ready_for_review', ownerUserId: org.members.contributor.userId } });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'scal_bulk_rejected' });
    expect(refused.json().details.rejected.map((r: { identifier: string }) => r.identifier)).toEqual(rest.map((r) => r.identifier));
    expect(refused.json().details.rejected[0]).toMatchObject({ code: 'scal_response_required' });
    expect(await state()).toEqual(before);
    expect((await bulk(scal, { identifiers: [answered.identifier, 'NOPE-1'], set: { dueOn: '2030-02-01' } })).json()).toMatchObject({ statusCode: 422, code: 'scal_requirement_not_found' });
    expect((await bulk(scal, { identifiers: [answered.identifier], filter: {}, set: { dueOn: '2030-02-01' } })).statusCode).toBe(400);
    expect((await bulk(scal, { filter: {}, set: {} })).statusCode).toBe(400);
    expect(await state()).toEqual(before);

    // Owner and due date apply to untouched rows too, writing their first state.
    const assigned = await bulk(scal, { filter: { section: FIRST_SECTION.key }, set: { ownerUserId: org.members.contributor.userId, dueOn: '2030-02-01' } });
    expect(assigned.json()).toEqual({ updated: FIRST_SECTION.requirements.length, identifiers: FIRST_SECTION.requirements.map((r) => r.identifier) });
    expect((await list(scal, { ownerUserId: org.members.contributor.userId })).json().every((r: { dueOn: string; status: string }) => r.dueOn === '2030-02-01')).toBe(true);
    // A bulk filter by response selects exactly what the list's filter shows.
    const unanswered = await bulk(scal, { filter: { section: FIRST_SECTION.key, response: 'none' }, set: { dueOn: '2030-03-01' } });
    expect(unanswered.json()).toEqual({ updated: rest.length, identifiers: rest.map((r) => r.identifier) });
    expect((await bulk(scal, { filter: { response: 'maybe' }, set: { dueOn: '2030-03-01' } })).statusCode).toBe(400);
    const moved = await bulk(scal, { identifiers: [answered.identifier], set: { status: 'ready_for_review' } });
    expect(moved.json()).toMatchObject({ updated: 1 });
    // One audit event per changed row.
    expect((await state()).audit).toBe(before.audit + FIRST_SECTION.requirements.length + rest.length + 1);
  });

  it('gates the STE request on the fully completed SCAL and assurance on the agreed one', async () => {
    let j = await journey(products[1].id, 'im1_patient', 'medicus');
    expect(j.templateVersion).toBe(3);
    // The hazard log gate (IM1 v3) is met, so only the SCAL gates are at stake here.
    await approveHazardLog(app, await signIn(app, org.members.clinical_safety_officer.email), products[1].id);
    const override = { override: { justification: 'Earlier stages evidenced outside Pairline' } };
    for (const key of ['prerequisites', 'stage_one_scal', 'mil', 'unsupported_test']) {
      const done = await app.inject({ method: 'POST', url: `/api/journeys/${j.id}/stages/${key}/complete`, headers: admin.headers, payload: override });
      expect(done.statusCode).toBe(200);
    }
    const noScal = await act(j.id, 'supported_test', 'start');
    expect(noScal.statusCode).toBe(409);
    expect(noScal.json()).toMatchObject({ code: 'gate_not_met', details: { unmet: [{ kind: 'scal_fully_completed', message: 'No SCAL is attached to this journey.' }] } });

    const scal = await attachScal(app, lead, [j.id], 'attached');
    const incomplete = await act(j.id, 'supported_test', 'start');
    expect(incomplete.statusCode).toBe(409);
    expect(incomplete.json().details.unmet).toEqual([{ kind: 'scal_fully_completed', message: expect.stringMatching(new RegExp(`not fully completed: ${MUSTS.length} MUST`)) }]);
    for (const r of MUSTS) expect((await put(scal, r.identifier, { response: 'compliant', version: 0 })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/api/scals/${scal}`, headers: { cookie: lead.cookie } })).json()).toMatchObject({ fullyCompleted: true, agreed: false });
    expect((await act(j.id, 'supported_test', 'start')).statusCode).toBe(200);
    j = (await app.inject({ method: 'POST', url: `/api/journeys/${j.id}/stages/supported_test/complete`, headers: admin.headers, payload: override })).json();

    // Assurance, with its route and checklist done, still waits for NHS England's agreement.
    const assurance = j.stages.find((s) => s.key === 'assurance')!;
    await app.inject({ method: 'PUT', url: `/api/journeys/${j.id}/stages/assurance`, headers: lead.headers, payload: { route: 'test_evidence', version: assurance.version } });
    for (const item of assurance.checklist) if (!item.route || item.route === 'test_evidence') await app.inject({ method: 'PUT', url: `/api/journeys/${j.id}/stages/assurance/checklist/${item.key}`, headers: lead.headers, payload: { done: true } });
    const unagreed = await act(j.id, 'assurance', 'complete');
    expect(unagreed.statusCode).toBe(409);
    expect(unagreed.json().details.unmet).toEqual([{ kind: 'scal_agreed', message: expect.stringMatching(/not agreed by NHS England/) }]);
    // Answer the rest, then review, submit and accept everything.
    for (const r of REQUIREMENTS.filter((x) => x.level !== 'MUST')) expect((await put(scal, r.identifier, { response: 'not_applicable', justification: 'Not offered', version: 0 })).statusCode).toBe(200);
    for (const status of ['ready_for_review', 'submitted', 'accepted']) expect((await bulk(scal, { filter: {}, set: { status } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/api/scals/${scal}`, headers: { cookie: lead.cookie } })).json()).toMatchObject({ fullyCompleted: true, agreed: true, progress: { overall: { byStatus: { accepted: REQUIREMENTS.length } } } });
    const agreed = await act(j.id, 'assurance', 'complete');
    expect(agreed.statusCode).toBe(200);
    expect(agreed.json().stages.find((s: { key: string }) => s.key === 'assurance').status).toBe('done');
  });

  it('applies IM1 v2 to a journey started on v1, which then needs the SCAL', async () => {
    const j = await journey(products[0].id, 'im1_bulk', 'optum');
    // A journey from before v2 shipped: v1 and v2 have the same stages, so only the version differs.
    await ownerQuery(app, `UPDATE journey SET template_version = 1 WHERE id = $1`, [j.id]);
    const v1: JourneyDetailDto = (await app.inject({ method: 'GET', url: `/api/journeys/${j.id}`, headers: { cookie: lead.cookie } })).json();
    expect(v1.templateVersion).toBe(1);
    expect(v1.stages.find((s) => s.key === 'supported_test')!.unmetToStart.map((u) => u.kind)).not.toContain('scal_fully_completed');
    const applied = await app.inject({ method: 'POST', url: `/api/journeys/${j.id}/template`, headers: lead.headers, payload: { templateVersion: 2, version: v1.version } });
    expect(applied.statusCode).toBe(200);
    const v2: JourneyDetailDto = applied.json();
    expect(v2.templateVersion).toBe(2);
    expect(v2.stages.map((s) => s.key)).toEqual(v1.stages.map((s) => s.key));
    expect(v2.stages.find((s) => s.key === 'supported_test')!.unmetToStart).toEqual(expect.arrayContaining([{ kind: 'scal_fully_completed', message: 'No SCAL is attached to this journey.' }]));
    expect(v2.stages.find((s) => s.key === 'assurance')!.unmetToComplete.map((u) => u.kind)).toContain('scal_agreed');
    const [event] = await ownerQuery<{ changes: { template: { before: string; after: string } } }>(app, `SELECT changes FROM audit_event WHERE entity_id = $1 AND action = 'journey.template_applied'`, [j.id]);
    expect(event.changes.template).toEqual({ before: 'im1 v1', after: 'im1 v2' });
  });

  it('hides another organisation’s SCAL', async () => {
    const other = await createOrganisation(app);
    const outsider = await signIn(app, other.members.org_admin.email);
    const j = await journey(products[0].id, 'im1_transaction', 'medicus');
    const scal = (await createScal([j.id])).json().id;
    expect((await app.inject({ method: 'GET', url: `/api/scals/${scal}`, headers: { cookie: outsider.cookie } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/api/scals', headers: outsider.headers, payload: { templateId, journeyIds: [j.id] } })).statusCode).toBe(422);
  });
});
