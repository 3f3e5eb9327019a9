import type { JourneyDetailDto, TimelineBaselineDto, TimelineDto } from '@pairline/contracts';
import ExcelJS from 'exceljs';
import { createOrganisation, signIn, type SignedIn, type TestOrganisation } from '../testing/identity-fixtures';
import { countQueries } from '../testing/query-counter';
import { ownerQuery, startTestApp, type TestApp } from '../testing/test-app';

describe('timeline, baselines and forecast history', () => {
  let app: TestApp;
  let org: TestOrganisation;
  let lead: SignedIn;
  let executive: SignedIn;
  let contributor: SignedIn;
  let productId: string;
  let tpp: JourneyDetailDto;
  let emis: JourneyDetailDto;

  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL: undefined });
    org = await createOrganisation(app);
    [lead, executive, contributor] = await Promise.all([
      signIn(app, org.members.compliance_lead.email),
      signIn(app, org.members.executive.email),
      signIn(app, org.members.contributor.email),
    ]);
    const product = await app.inject({ method: 'POST', url: '/api/products', headers: lead.headers, payload: { name: 'CarePlan', useCase: 'Care plans', intendedUsers: 'Patients', medicalDeviceStatus: 'not_a_medical_device' } });
    productId = product.json().id;
    const journey = (providerSupplierId: string, mechanismId: string) =>
      app.inject({ method: 'POST', url: '/api/journeys', headers: lead.headers, payload: { productId, mechanismId, providerSupplierId } });
    tpp = (await journey('tpp', 'im1_transaction')).json();
    const second = await journey('optum', 'im1_patient');
    expect(second.json()).toMatchObject({ mechanismId: 'im1_patient' });
    emis = second.json();
  });
  afterAll(() => app.close());

  const timeline = async (query = '', as = executive): Promise<TimelineDto> => {
    const response = await app.inject({ method: 'GET', url: `/api/timeline${query}`, headers: { cookie: as.cookie } });
    expect(response.statusCode).toBe(200);
    return response.json();
  };
  const saveBaseline = (payload: object, as = executive) => app.inject({ method: 'POST', url: '/api/timeline-baselines', headers: as.headers, payload });

  it('lists every journey of each product with stage bars, milestones and the range to draw', async () => {
    const result = await timeline();
    expect(result.products).toHaveLength(1);
    const rows = result.products[0].journeys;
    expect(rows.map((j) => j.label).sort()).toEqual(['EMIS Web · IM1 Patient', 'SystmOne · IM1 Transaction']);
    const row = rows.find((j) => j.journeyId === tpp.id)!;
    expect(row.stages.map((s) => s.key)).toEqual(tpp.stages.map((s) => s.key));
    expect(row.stages.every((s) => s.forecastStart && s.forecastEnd && s.forecastStart <= s.forecastEnd)).toBe(true);
    expect(row.stages.filter((s) => s.milestone).map((s) => s.milestone)).toEqual(['rtc', 'live']);
    expect(row.forecastGoLive).toBe(row.stages.find((s) => s.milestone === 'live')!.forecastEnd);
    expect(row.goLiveSlip).toBeNull();
    expect(result.range!.from <= result.asOf && result.range!.to >= row.forecastGoLive!).toBe(true);
  });

  it('filters by provider supplier and mechanism, and refuses an unknown filter value with 400', async () => {
    expect((await timeline('?providerSupplierId=tpp')).products[0].journeys.map((j) => j.journeyId)).toEqual([tpp.id]);
    expect((await timeline('?mechanismId=im1_patient')).products[0].journeys.map((j) => j.journeyId)).toEqual([emis.id]);
    expect((await timeline('?providerSupplierId=medicus')).products).toEqual([]);
    const bad = await app.inject({ method: 'GET', url: '/api/timeline?providerSupplierId=vision2', headers: { cookie: executive.cookie } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/providerSupplierId/);
  });

  it('saves a baseline (executive or compliance lead only) and shows the slip in working days when the plan moves', async () => {
    expect((await saveBaseline({ name: 'Board, November' }, contributor)).statusCode).toBe(403);
    expect((await saveBaseline({ name: '   ' })).statusCode).toBe(400);
    const saved = await saveBaseline({ name: 'Board, November', note: 'As presented' });
    expect(saved.statusCode).toBe(201);
    const baseline: TimelineBaselineDto = saved.json();
    expect(baseline).toMatchObject({ name: 'Board, November', note: 'As presented', journeyCount: 2, createdByName: expect.any(String) });

    // The first stage of the TPP journey now needs ten more working days: everything after it moves.
    const first = tpp.stages[0];
    const updated = await app.inject({
      method: 'PUT',
      url: `/api/journeys/${tpp.id}/stages/${first.key}`,
      headers: lead.headers,
      payload: { durationWorkingDays: first.durationWorkingDays + 10, version: first.version },
    });
    expect(updated.statusCode).toBe(200);

    const compared = await timeline(`?baselineId=${baseline.id}`);
    expect(compared.baseline).toMatchObject({ id: baseline.id, name: 'Board, November' });
    const row = compared.products[0].journeys.find((j) => j.journeyId === tpp.id)!;
    expect(row.stages[0]).toMatchObject({ slip: 10 });
    expect(row.goLiveSlip).toBe(10);
    expect(row.worstStageKey).toBe(first.key);
    expect(row.stages[0].baselineEnd! < row.stages[0].forecastEnd!).toBe(true);
    const untouched = compared.products[0].journeys.find((j) => j.journeyId === emis.id)!;
    expect(untouched.goLiveSlip).toBe(0);
    expect(untouched.notInBaseline).toBe(false);
    expect((await app.inject({ method: 'GET', url: '/api/timeline-baselines', headers: { cookie: lead.cookie } })).json().map((b: TimelineBaselineDto) => b.id)).toContain(baseline.id);
  });

  it('keeps baseline dates frozen at the SQL level and audits saving and deleting', async () => {
    const baseline: TimelineBaselineDto = (await saveBaseline({ name: 'To delete' }, lead)).json();
    await expect(ownerQuery(app, `UPDATE timeline_baseline_stage SET end_on = end_on + 30 WHERE baseline_id = $1`, [baseline.id])).rejects.toThrow(/append-only/);
    const deleted = await app.inject({ method: 'DELETE', url: `/api/timeline-baselines/${baseline.id}`, headers: lead.headers });
    expect(deleted.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/api/timeline?baselineId=${baseline.id}`, headers: { cookie: lead.cookie } })).statusCode).toBe(404);
    const actions = (await ownerQuery<{ action: string }>(app, `SELECT action FROM audit_event WHERE organisation_id = $1 AND entity_id = $2 ORDER BY seq`, [org.id, baseline.id])).map((r) => r.action);
    expect(actions).toEqual(['timeline_baseline.created', 'timeline_baseline.deleted']);
  });

  it('reads a fixed number of queries whatever the number of journeys', async () => {
    const TABLES = /journey|timeline|change_freeze|blocking_item|organisation"/;
    await timeline(); // today's outlooks stored, so both measurements read the same way
    const few = await countQueries(app, TABLES, () => timeline());
    for (const [provider, mechanism] of [['medicus', 'im1_patient'], ['optum', 'im1_bulk'], ['tpp', 'im1_patient'], ['medicus', 'im1_transaction']]) {
      const created = await app.inject({ method: 'POST', url: '/api/journeys', headers: lead.headers, payload: { productId, mechanismId: mechanism, providerSupplierId: provider } });
      expect(created.statusCode).toBe(201);
    }
    await timeline();
    expect(await countQueries(app, TABLES, () => timeline())).toBe(few);
    expect(few).toBeLessThanOrEqual(6);
  });

  it('exports the dates as an xlsx workbook, one row per stage', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/timeline/export.xlsx?providerSupplierId=tpp', headers: { cookie: executive.cookie } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="pairline-timeline-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Timeline')!;
    const tppRows = (await timeline('?providerSupplierId=tpp')).products[0].journeys.flatMap((j) => j.stages);
    expect(sheet.rowCount).toBe(1 + tppRows.length);
    expect(sheet.getRow(1).getCell(5).value).toBe('Stage');
    expect(sheet.getRow(2).getCell(2).value).toMatch(/SystmOne/);
  });

  it('charts the forecast history from the daily snapshots the outlook writes', async () => {
    const history = await app.inject({ method: 'GET', url: `/api/journeys/${tpp.id}/forecast-history`, headers: { cookie: executive.cookie } });
    expect(history.statusCode).toBe(200);
    const body = history.json();
    // All writes in this test happen today, so there is one point: the latest forecast of the day.
    expect(body.points).toHaveLength(1);
    expect(body.points[0]).toMatchObject({ drift: 0, forecastGoLive: (await timeline('?providerSupplierId=tpp')).products[0].journeys.find((j) => j.journeyId === tpp.id)!.forecastGoLive });
    // An earlier day's snapshot (as a previous day's read would have stored it) shows as drift.
    await ownerQuery(app, `INSERT INTO journey_forecast_snapshot (journey_id, as_of, organisation_id, current_stage_key, forecast_go_live) VALUES ($1, $2::date - 7, $3, 'x', $4::date - 14)`, [tpp.id, body.points[0].asOf, org.id, body.points[0].forecastGoLive]);
    const moved = (await app.inject({ method: 'GET', url: `/api/journeys/${tpp.id}/forecast-history`, headers: { cookie: executive.cookie } })).json();
    expect(moved.points).toHaveLength(2);
    expect(moved.totalDrift).toBe(moved.points[1].drift);
    expect(moved.totalDrift).toBeGreaterThanOrEqual(9);
    expect(moved.changes).toBe(1);
  });

  it('keeps other organisations out', async () => {
    const other = await createOrganisation(app);
    const outsider = await signIn(app, other.members.executive.email);
    expect((await timeline('', outsider)).products).toEqual([]);
    const baselines: TimelineBaselineDto[] = (await app.inject({ method: 'GET', url: '/api/timeline-baselines', headers: { cookie: executive.cookie } })).json();
    expect((await app.inject({ method: 'GET', url: `/api/timeline-baselines/${baselines[0].id}`, headers: { cookie: outsider.cookie } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/journeys/${tpp.id}/forecast-history`, headers: { cookie: outsider.cookie } })).statusCode).toBe(404);
  });
});
