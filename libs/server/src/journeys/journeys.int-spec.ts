import type { JourneyDetailDto, PortfolioDto, ProductDto } from '@pairline/contracts';
import { IM1_AVAILABILITY, MECHANISMS } from '@pairline/domain';
import { createOrganisation, signIn, type SignedIn, type TestOrganisation } from '../testing/identity-fixtures';
import { approveHazardLog } from '../testing/hazard-log-fixtures';
import { attachScal } from '../testing/scal-fixtures';
import { ownerQuery, startTestApp, type TestApp } from '../testing/test-app';

describe('products, journeys, stages and the portfolio', () => {
  let app: TestApp;
  let org: TestOrganisation;
  let lead: SignedIn;
  let admin: SignedIn;
  let executive: SignedIn;
  let product: ProductDto;

  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL: undefined });
    org = await createOrganisation(app);
    [lead, admin, executive] = await Promise.all([signIn(app, org.members.compliance_lead.email), signIn(app, org.members.org_admin.email), signIn(app, org.members.executive.email)]);
    const created = await app.inject({ method: 'POST', url: '/api/products', headers: lead.headers, payload: { name: 'CarePlan', useCase: 'Care plans', intendedUsers: 'Patients', medicalDeviceStatus: 'not_a_medical_device' } });
    expect(created.statusCode).toBe(201);
    product = created.json();
  });
  afterAll(() => app.close());

  const auditCount = async () => (await ownerQuery<{ n: number }>(app, `SELECT count(*)::int AS n FROM audit_event WHERE organisation_id = $1`, [org.id]))[0].n;
  const createJourney = (payload: object, as = lead) => app.inject({ method: 'POST', url: '/api/journeys', headers: as.headers, payload });
  const act = (id: string, key: string, action: string, payload: object = {}, as = lead) => app.inject({ method: 'POST', url: `/api/journeys/${id}/stages/${key}/${action}`, headers: as.headers, payload });
  const tick = (id: string, key: string, item: string, as = lead) => app.inject({ method: 'PUT', url: `/api/journeys/${id}/stages/${key}/checklist/${item}`, headers: as.headers, payload: { done: true } });
  async function completeWithChecklist(journey: JourneyDetailDto, key: string): Promise<JourneyDetailDto> {
    const stage = journey.stages.find((s) => s.key === key)!;
    for (const item of stage.checklist) if (!item.route || item.route === stage.route) expect((await tick(journey.id, key, item.key)).statusCode).toBe(200);
    const done = await act(journey.id, key, 'complete');
    expect(done.json()).toMatchObject({ id: journey.id });
    expect(done.statusCode).toBe(200);
    return done.json();
  }

  it('serves the mechanisms and the availability matrix the migration wrote, matching libs/domain', async () => {
    const mechanisms = (await app.inject({ method: 'GET', url: '/api/mechanisms', headers: { cookie: executive.cookie } })).json();
    expect(mechanisms.map((m: { id: string; name: string; notice: string | null }) => [m.id, m.name, m.notice])).toEqual(MECHANISMS.map((m) => [m.key, m.name, m.notice]));
    const matrix = (await app.inject({ method: 'GET', url: '/api/im1-availability', headers: { cookie: executive.cookie } })).json();
    for (const cell of matrix) expect({ cell: cell.id, availability: cell.availability, note: cell.note }).toEqual({ cell: cell.id, ...IM1_AVAILABILITY[cell.providerSupplierId as keyof typeof IM1_AVAILABILITY][cell.mechanismId as 'im1_bulk'] });
    expect(matrix).toHaveLength(16);
  });

  it('refuses a combination the provider does not offer with 422 and the reason, and writes nothing', async () => {
    const before = await auditCount();
    const refused = await createJourney({ productId: product.id, mechanismId: 'im1_partner', providerSupplierId: 'tpp' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'combination_not_offered', message: expect.stringMatching(/IM1 Partner is not offered.*EMIS/) });
    expect((await createJourney({ productId: product.id, mechanismId: 'im1_transaction' })).json()).toMatchObject({ statusCode: 400, code: 'provider_required' });
    expect((await createJourney({ productId: product.id, mechanismId: 'gpc_send_document', providerSupplierId: 'tpp' })).json()).toMatchObject({ statusCode: 400, code: 'provider_not_applicable' });
    expect((await createJourney({ productId: product.id, mechanismId: 'im1_teleport', providerSupplierId: 'tpp' })).statusCode).toBe(400);
    expect(await auditCount()).toBe(before);
  });

  it('allows an unconfirmed combination with a warning, and only one active journey per combination', async () => {
    const vision = await createJourney({ productId: product.id, mechanismId: 'im1_patient', providerSupplierId: 'cegedim' });
    expect(vision.statusCode).toBe(201);
    expect(vision.json().warning).toMatch(/unconfirmed/);
    const again = await createJourney({ productId: product.id, mechanismId: 'im1_patient', providerSupplierId: 'cegedim' });
    expect(again.json()).toMatchObject({ statusCode: 409, code: 'duplicate' });
    const withdrawn = await app.inject({ method: 'POST', url: `/api/journeys/${vision.json().id}/withdraw`, headers: lead.headers, payload: { reason: 'Vision status unclear', version: vision.json().version } });
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', withdrawnReason: 'Vision status unclear' });
    expect((await createJourney({ productId: product.id, mechanismId: 'im1_patient', providerSupplierId: 'cegedim' })).statusCode).toBe(201);
    // Reinstating the old one would make two active journeys for the combination.
    expect((await app.inject({ method: 'POST', url: `/api/journeys/${vision.json().id}/reinstate`, headers: lead.headers, payload: { version: withdrawn.json().version } })).statusCode).toBe(409);
  });

  it('runs an IM1 Transaction journey with TPP through its gates to live, and the portfolio follows', async () => {
    const created = await createJourney({ productId: product.id, mechanismId: 'im1_transaction', providerSupplierId: 'tpp', targetGoLive: '2030-01-31' });
    expect(created.statusCode).toBe(201);
    let journey: JourneyDetailDto = created.json();
    expect(journey).toMatchObject({ templateKey: 'im1', status: 'not_started', currentStageKey: 'prerequisites', statusColour: 'on_track', warning: null });
    expect(journey.stages.map((s) => s.key)).toEqual(['prerequisites', 'stage_one_scal', 'mil', 'unsupported_test', 'supported_test', 'assurance', 'rtc', 'ptc', 'live']);

    // Out of order: the MIL cannot start before the stage-one SCAL.
    const early = await act(journey.id, 'mil', 'start');
    expect(early.statusCode).toBe(409);
    expect(early.json()).toMatchObject({ code: 'gate_not_met', details: { stage: 'mil', unmet: [{ kind: 'stage_finished', message: expect.stringMatching(/Stage-one SCAL/) }] } });

    // The checklist gates completion; the message names what is missing.
    const unticked = await act(journey.id, 'prerequisites', 'complete');
    expect(unticked.statusCode).toBe(409);
    expect(unticked.json().message).toMatch(/Prerequisites form submitted/);

    for (const key of ['prerequisites', 'stage_one_scal', 'mil', 'unsupported_test']) journey = await completeWithChecklist(journey, key);
    // Requesting the STE needs the fully completed SCAL, and assurance needs it agreed (template v2).
    expect(journey.templateVersion).toBe(3);
    expect(journey.stages.find((s) => s.key === 'supported_test')!.unmetToStart).toEqual([{ kind: 'scal_fully_completed', message: 'No SCAL is attached to this journey.' }]);
    await attachScal(app, lead, [journey.id], 'agreed');
    journey = await completeWithChecklist(journey, 'supported_test');
    expect(journey.currentStageKey).toBe('assurance');
    expect(journey.status).toBe('in_progress');

    // Assurance needs a route; only that route's checklist items count.
    const assurance = journey.stages.find((s) => s.key === 'assurance')!;
    expect(assurance.routes.map((r) => r.key)).toEqual(['test_evidence', 'witness_test']);
    expect(assurance.unmetToComplete.map((u) => u.kind)).toContain('route_chosen');
    journey = (await app.inject({ method: 'PUT', url: `/api/journeys/${journey.id}/stages/assurance`, headers: lead.headers, payload: { route: 'witness_test', version: assurance.version } })).json();
    expect(journey.stages.find((s) => s.key === 'assurance')!.route).toBe('witness_test');
    // IM1 v3: assurance also needs the product's hazard log approved by its CSO.
    await approveHazardLog(app, await signIn(app, org.members.clinical_safety_officer.email), product.id);
    journey = await completeWithChecklist(journey, 'assurance');
    const witness = journey.stages.find((s) => s.key === 'assurance')!.checklist;
    expect(witness.find((i) => i.key === 'test_evidence_agreed')!.done).toBe(false);

    journey = await completeWithChecklist(journey, 'rtc');
    // Live needs Plan to Connect: refused with the reason.
    for (const item of journey.stages.find((s) => s.key === 'live')!.checklist) await tick(journey.id, 'live', item.key);
    const live = await act(journey.id, 'live', 'complete');
    expect(live.statusCode).toBe(409);
    expect(live.json().details.unmet.map((u: { message: string }) => u.message)).toEqual(expect.arrayContaining([expect.stringMatching(/Plan to Connect must be done first/)]));

    let portfolio: PortfolioDto = (await app.inject({ method: 'GET', url: '/api/portfolio', headers: { cookie: executive.cookie } })).json();
    expect(portfolio.rows.find((r) => r.productId === product.id)!.cells['tpp']).toEqual([expect.objectContaining({ journeyId: journey.id, stageKey: 'ptc', stageName: 'Plan to Connect' })]);

    journey = await completeWithChecklist(journey, 'ptc');
    journey = (await act(journey.id, 'live', 'complete')).json();
    expect(journey).toMatchObject({ status: 'live', statusColour: null, forecastGoLive: journey.stages.at(-1)!.actualEnd });
    portfolio = (await app.inject({ method: 'GET', url: '/api/portfolio', headers: { cookie: executive.cookie } })).json();
    expect(portfolio.rows.find((r) => r.productId === product.id)!.cells['tpp']).toEqual([expect.objectContaining({ status: 'live', stageKey: 'live' })]);

    // Every write is in the journey's history.
    const history = (await app.inject({ method: 'GET', url: `/api/journeys/${journey.id}/history`, headers: { cookie: executive.cookie } })).json();
    expect(history.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['journey.created', 'journey.stage_completed', 'journey.checklist_ticked', 'journey.stage_updated', 'journey.status_changed']));
  });

  it('lets only an org admin override a gate, with a justification that is recorded and audited', async () => {
    const journey: JourneyDetailDto = (await createJourney({ productId: product.id, mechanismId: 'gpc_access_record_html' })).json();
    expect(journey.stages.filter((s) => s.key.startsWith('gate_'))).toHaveLength(3);
    const override = { override: { justification: 'NHS England confirmed by email on 3 March' } };
    const byLead = await act(journey.id, 'use_case', 'complete', override);
    expect(byLead.json()).toMatchObject({ statusCode: 403, code: 'override_not_allowed' });
    expect((await act(journey.id, 'use_case', 'complete', { override: { justification: 'short' } }, admin)).statusCode).toBe(400);
    const byAdmin = await act(journey.id, 'use_case', 'complete', override, admin);
    expect(byAdmin.statusCode).toBe(200);
    expect(byAdmin.json().overrides).toEqual([expect.objectContaining({ stageKey: 'use_case', action: 'complete', justification: override.override.justification, unmet: [expect.objectContaining({ kind: 'checklist_complete' })] })]);
    const events = await ownerQuery<{ action: string }>(app, `SELECT action FROM audit_event WHERE organisation_id = $1 AND action = 'journey.gate_overridden'`, [org.id]);
    expect(events).toHaveLength(1);
    await expect(ownerQuery(app, `UPDATE gate_override SET justification = 'edited later' WHERE journey_id = $1`, [journey.id])).rejects.toThrow(/append-only/);
  });

  it('runs SLA clocks, blocking items and change freezes into the forecast', async () => {
    const journey: JourneyDetailDto = (await createJourney({ productId: product.id, mechanismId: 'gpc_access_record_structured', targetGoLive: '2026-01-05' })).json();
    expect(journey.statusColour).toBe('late');
    expect(journey.stages.filter((s) => s.track === 'clinical')).toHaveLength(3);
    await act(journey.id, 'use_case', 'start');
    const waiting: JourneyDetailDto = (await act(journey.id, 'use_case', 'wait-nhs-england')).json();
    expect(waiting.stages[0]).toMatchObject({ status: 'waiting_nhs_england', sla: null });
    const gate = waiting.stages.find((s) => s.key === 'gate_2')!;
    expect(gate.slaWorkingDays).toBe(5);

    const blocker = await app.inject({ method: 'POST', url: '/api/blocking-items', headers: lead.headers, payload: { journeyId: journey.id, stageKey: 'use_case', title: 'Data-sharing agreement', owedBy: 'us', dueOn: '2099-06-30' } });
    expect(blocker.statusCode).toBe(201);
    const held: JourneyDetailDto = (await app.inject({ method: 'GET', url: `/api/journeys/${journey.id}`, headers: { cookie: lead.cookie } })).json();
    expect(held.stages[0].forecastEnd! >= '2099-06-30').toBe(true);
    expect(held.stages[0].unmetToComplete.map((u) => u.kind)).toContain('no_open_blockers');
    const bad = await app.inject({ method: 'POST', url: '/api/blocking-items', headers: lead.headers, payload: { journeyId: journey.id, stageKey: 'nope', title: 'x', owedBy: 'us' } });
    expect(bad.json()).toMatchObject({ statusCode: 422, code: 'stage_not_found' });
    const resolved = await app.inject({ method: 'PUT', url: `/api/blocking-items/${blocker.json().id}`, headers: lead.headers, payload: { journeyId: journey.id, stageKey: 'use_case', title: 'Data-sharing agreement', owedBy: 'us', dueOn: '2099-06-30', status: 'resolved', version: 1 } });
    expect(resolved.json()).toMatchObject({ status: 'resolved', resolvedOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });

    const before: JourneyDetailDto = (await app.inject({ method: 'GET', url: `/api/journeys/${journey.id}`, headers: { cookie: lead.cookie } })).json();
    const lastEnd = before.forecastGoLive!;
    const freeze = await app.inject({ method: 'POST', url: '/api/change-freezes', headers: lead.headers, payload: { startsOn: lastEnd, endsOn: '2099-12-31', reason: 'national freeze' } });
    expect(freeze.statusCode).toBe(201);
    const after: JourneyDetailDto = (await app.inject({ method: 'GET', url: `/api/journeys/${journey.id}`, headers: { cookie: lead.cookie } })).json();
    expect(after.forecastGoLive! > '2099-12-31').toBe(true);
    expect((await app.inject({ method: 'POST', url: '/api/change-freezes', headers: lead.headers, payload: { startsOn: '2027-02-01', endsOn: '2027-01-01' } })).statusCode).toBe(400);
  });

  it('colours a journey from its forecast against its target, with thresholds the organisation sets', async () => {
    const created: JourneyDetailDto = (await createJourney({ productId: product.id, mechanismId: 'im1_bulk', providerSupplierId: 'optum' })).json();
    expect(created.statusColour).toBeNull();
    const targeted: JourneyDetailDto = (await app.inject({ method: 'PUT', url: `/api/journeys/${created.id}`, headers: lead.headers, payload: { targetGoLive: created.forecastGoLive, version: created.version } })).json();
    expect(targeted.statusColour).toBe('at_risk');
    const organisation = (await app.inject({ method: 'GET', url: '/api/organisation', headers: { cookie: admin.cookie } })).json();
    expect(organisation).toMatchObject({ atRiskWithinWorkingDays: 10, lateAfterWorkingDays: 0 });
    const put = (body: object) => app.inject({ method: 'PUT', url: '/api/organisation', headers: admin.headers, payload: { name: organisation.name, odsCode: organisation.odsCode, mfaRequired: false, version: organisation.version, ...body } });
    expect((await put({ atRiskWithinWorkingDays: -1 })).statusCode).toBe(400);
    expect((await put({ atRiskWithinWorkingDays: 0 })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/api/journeys/${created.id}`, headers: { cookie: lead.cookie } })).json().statusColour).toBe('on_track');
  });

  it("reads lists from each journey's stored outlook while it is today's, and recomputes and stores a stale one", async () => {
    const journey: JourneyDetailDto = (await createJourney({ productId: product.id, mechanismId: 'gpc_access_document' })).json();
    const [stored] = await ownerQuery<{ current_stage_key: string; forecast_go_live: string; outlook_as_of: string }>(app, `SELECT current_stage_key, forecast_go_live, outlook_as_of FROM journey WHERE id = $1`, [journey.id]);
    expect(stored).toEqual({ current_stage_key: 'use_case', forecast_go_live: journey.forecastGoLive, outlook_as_of: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    const listed = async () => (await app.inject({ method: 'GET', url: `/api/journeys?filter=${encodeURIComponent(JSON.stringify({ id: journey.id }))}`, headers: { cookie: executive.cookie } })).json()[0];
    // Today's stored outlook is what the list shows (the cache is used)...
    await ownerQuery(app, `UPDATE journey SET current_stage_key = 'gate_1' WHERE id = $1`, [journey.id]);
    expect((await listed()).currentStageKey).toBe('gate_1');
    // ...and yesterday's is recomputed from the stages, and stored again.
    await ownerQuery(app, `UPDATE journey SET outlook_as_of = outlook_as_of - 1 WHERE id = $1`, [journey.id]);
    expect(await listed()).toMatchObject({ currentStageKey: 'use_case', currentStageName: 'Use case approved', forecastGoLive: journey.forecastGoLive });
    const [after] = await ownerQuery<{ current_stage_key: string; outlook_as_of: string }>(app, `SELECT current_stage_key, outlook_as_of FROM journey WHERE id = $1`, [journey.id]);
    expect(after).toEqual({ current_stage_key: 'use_case', outlook_as_of: stored.outlook_as_of });
  });

  it('refuses stale versions, unknown actions, future dates, and writes by read-only roles', async () => {
    const journey: JourneyDetailDto = (await createJourney({ productId: product.id, mechanismId: 'im1_patient', providerSupplierId: 'medicus' })).json();
    const edit = (version: number) => app.inject({ method: 'PUT', url: `/api/journeys/${journey.id}`, headers: lead.headers, payload: { notes: `v${version}`, version } });
    expect((await edit(journey.version)).statusCode).toBe(200);
    expect((await edit(journey.version)).json()).toMatchObject({ statusCode: 409, code: 'stale_version' });
    expect((await act(journey.id, 'prerequisites', 'teleport')).statusCode).toBe(404);
    expect((await act(journey.id, 'nope', 'start')).statusCode).toBe(404);
    expect((await act(journey.id, 'prerequisites', 'start', { on: '2999-01-01' })).json()).toMatchObject({ statusCode: 400, code: 'date_in_future' });
    expect((await act(journey.id, 'prerequisites', 'start', { on: '2026-02-30' })).statusCode).toBe(400);
    expect((await act(journey.id, 'prerequisites', 'skip', { reason: 'not needed' })).json()).toMatchObject({ statusCode: 422, code: 'stage_not_skippable' });
    expect((await act(journey.id, 'prerequisites', 'start', {}, executive)).statusCode).toBe(403);
    expect((await app.inject({ method: 'PUT', url: '/api/organisation', headers: executive.headers, payload: {} })).statusCode).toBe(403);
  });

  it('lists journeys and products with filters, and keeps a product that has journeys', async () => {
    const list = await app.inject({ method: 'GET', url: `/api/journeys?filter=${encodeURIComponent(JSON.stringify({ providerSupplierId: 'tpp' }))}`, headers: { cookie: executive.cookie } });
    expect(list.statusCode).toBe(200);
    expect(list.json().every((j: { providerSupplierId: string }) => j.providerSupplierId === 'tpp')).toBe(true);
    expect(list.headers['content-range']).toMatch(/^journeys 0-\d+\/\d+$/);
    expect((await app.inject({ method: 'GET', url: `/api/journeys?filter=${encodeURIComponent('{"colour":"red"}')}`, headers: { cookie: executive.cookie } })).statusCode).toBe(400);
    const products = (await app.inject({ method: 'GET', url: '/api/products', headers: { cookie: executive.cookie } })).json();
    expect(products[0]).toMatchObject({ name: 'CarePlan', journeyCount: expect.any(Number) });
    expect((await app.inject({ method: 'DELETE', url: `/api/products/${product.id}`, headers: lead.headers })).json()).toMatchObject({ statusCode: 422, code: 'product_has_journeys' });
  });

  it("shows each journey's SCAL progress on the portfolio, untouched rows counted as not started", async () => {
    const journey = await createJourney({ productId: product.id, mechanismId: 'im1_bulk', providerSupplierId: 'medicus' });
    expect(journey.statusCode).toBe(201);
    const cellOf = async () =>
      ((await app.inject({ method: 'GET', url: '/api/portfolio', headers: { cookie: executive.cookie } })).json() as PortfolioDto).rows.flatMap((r) => Object.values(r.cells).flat()).find((c) => c.journeyId === journey.json().id)!;
    expect((await cellOf()).scal).toBeNull();
    const scalId = await attachScal(app, lead, [journey.json().id], 'attached');
    const [first, second] = (await app.inject({ method: 'GET', url: `/api/scals/${scalId}/requirements`, headers: { cookie: lead.cookie } })).json();
    for (const [row, answer] of [[first, { status: 'in_progress' }], [second, { status: 'ready_for_review', response: 'compliant' }]] as const) {
      const saved = await app.inject({ method: 'PUT', url: `/api/scals/${scalId}/requirements/${row.identifier}`, headers: lead.headers, payload: { ...answer, version: 0 } });
      expect(saved.json()).toMatchObject({ status: answer.status });
    }
    const { scal } = await cellOf();
    expect(scal!.total).toBeGreaterThan(2);
    expect(scal!.byStatus).toEqual({ not_started: scal!.total - 2, in_progress: 1, ready_for_review: 1, submitted: 0, accepted: 0, rejected: 0 });
  });
});
