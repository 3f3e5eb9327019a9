import type { DashboardDto, JourneyDetailDto } from '@pairline/contracts';
import { addDays } from '@pairline/domain';
import { createOrganisation, signIn, type SignedIn, type TestOrganisation } from '../testing/identity-fixtures';
import { countQueries } from '../testing/query-counter';
import { attachScal } from '../testing/scal-fixtures';
import { ownerQuery, startTestApp, type TestApp } from '../testing/test-app';

describe('dashboard', () => {
  let app: TestApp;
  let org: TestOrganisation;
  let lead: SignedIn;
  let executive: SignedIn;
  let productId: string;
  let tpp: JourneyDetailDto;
  let medicus: JourneyDetailDto;
  let live: JourneyDetailDto;
  let today: string;

  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL: undefined });
    org = await createOrganisation(app);
    [lead, executive] = await Promise.all([signIn(app, org.members.compliance_lead.email), signIn(app, org.members.executive.email)]);
    productId = (await app.inject({ method: 'POST', url: '/api/products', headers: lead.headers, payload: { name: 'CarePlan', useCase: 'x', intendedUsers: 'y', medicalDeviceStatus: 'undetermined' } })).json().id;
    const journey = async (providerSupplierId: string, mechanismId: string) => {
      const created = await app.inject({ method: 'POST', url: '/api/journeys', headers: lead.headers, payload: { productId, mechanismId, providerSupplierId } });
      expect(created.statusCode).toBe(201);
      return created.json() as JourneyDetailDto;
    };
    [tpp, medicus, live] = [await journey('tpp', 'im1_transaction'), await journey('medicus', 'im1_patient'), await journey('optum', 'im1_patient')];
    today = (await app.inject({ method: 'GET', url: '/api/timeline', headers: { cookie: lead.cookie } })).json().asOf;
  });
  afterAll(() => app.close());

  const dashboard = async (as: SignedIn): Promise<DashboardDto> => {
    const response = await app.inject({ method: 'GET', url: '/api/dashboard', headers: { cookie: as.cookie } });
    expect(response.statusCode).toBe(200);
    return response.json();
  };

  it('counts journeys by current stage and colour, and lists go-lives in the next 90 days', async () => {
    const figures = await dashboard(executive);
    expect(figures.asOf).toBe(today);
    expect(figures.journeysByStage.reduce((n, s) => n + s.count, 0)).toBe(3);
    const colours = figures.journeysByColour;
    expect(colours.on_track + colours.at_risk + colours.late + colours.unknown + colours.live).toBe(3);
    // No target dates yet: every open journey's colour is unknown.
    expect(colours.unknown).toBe(3);
    for (const g of figures.goLivesNext90Days) expect(g.forecastGoLive >= today && g.forecastGoLive <= addDays(today, 90)).toBe(true);
  });

  it("shows overdue stages and blocking items, and the caller's own due items first for a compliance lead", async () => {
    const first = tpp.stages[0];
    const planned = await app.inject({
      method: 'PUT',
      url: `/api/journeys/${tpp.id}/stages/${first.key}`,
      headers: lead.headers,
      payload: { plannedStart: addDays(today, -20), plannedEnd: addDays(today, -3), ownerUserId: org.members.compliance_lead.userId, version: first.version },
    });
    expect(planned.statusCode).toBe(200);
    const blocker = await app.inject({
      method: 'POST',
      url: '/api/blocking-items',
      headers: lead.headers,
      payload: { journeyId: medicus.id, stageKey: medicus.stages[0].key, title: 'Information request from Medicus', owedBy: 'us', dueOn: addDays(today, 5), ownerUserId: org.members.compliance_lead.userId },
    });
    expect(blocker.statusCode).toBe(201);
    await ownerQuery(app, `UPDATE blocking_item SET raised_on = $2::date - 10, due_on = $2::date - 1 WHERE id = $1`, [blocker.json().id, today]);
    const scalId = await attachScal(app, lead, [medicus.id], 'attached');
    const [requirement] = (await app.inject({ method: 'GET', url: `/api/scals/${scalId}/requirements`, headers: { cookie: lead.cookie } })).json();
    const answered = await app.inject({
      method: 'PUT',
      url: `/api/scals/${scalId}/requirements/${requirement.identifier}`,
      headers: lead.headers,
      payload: { ownerUserId: org.members.compliance_lead.userId, dueOn: addDays(today, 2), version: 0 },
    });
    expect(answered.statusCode).toBe(200);

    const figures = await dashboard(lead);
    expect(figures.overdue).toMatchObject({ stages: 1, blockingItems: 1, scalRequirements: 0, evidenceExpiring: 0 });
    expect(figures.myItems.map((i) => [i.kind, i.title, i.overdue])).toEqual([
      ['stage', first.name, true],
      ['blocking_item', 'Information request from Medicus', true],
      ['scal_requirement', requirement.identifier, false],
    ]);
    expect(figures.myItems[2].journeyId).toBe(medicus.id);
    expect(figures.scalCompletion).toEqual([expect.objectContaining({ journeyId: medicus.id, done: 0, total: expect.any(Number) })]);
    await ownerQuery(app, `UPDATE scal_answer SET due_on = $2::date - 1 WHERE scal_id = $1`, [scalId, today]);
    expect((await dashboard(lead)).overdue.scalRequirements).toBe(1);
    // Evidence counts by its latest approved revision: lapsing in 20 days counts, in 40 does not.
    for (const [title, days] of [['DSPT confirmation', 20], ['Pen test report', 40]] as const) {
      await ownerQuery(
        app,
        `WITH i AS (INSERT INTO evidence_item (organisation_id, title, created_by_user_id) VALUES ($1, $2, $3) RETURNING id)
         INSERT INTO evidence_revision (organisation_id, item_id, number, status, effective_on, expires_on, url, uploaded_by_user_id)
         SELECT $1, i.id, 1, 'approved', $4::date - 300, $4::date + $5::int, 'https://example.org/evidence', $3 FROM i`,
        [org.id, title, org.members.compliance_lead.userId, today, days],
      );
    }
    expect((await dashboard(lead)).overdue.evidenceExpiring).toBe(1);
  });

  it("counts the hazard log for the CSO: open hazards by residual rating, overdue reviews and versions awaiting approval", async () => {
    const before = await dashboard(executive);
    expect(before.hazardsByResidualRating).toEqual([1, 2, 3, 4, 5].map((rating) => ({ rating, count: 0 })));
    expect(before).toMatchObject({ pendingApprovals: 0, hazardReviewsDue: 0 });
    // Rows as the hazard log writes them (its own spec covers the API): rated 2 and 4, one closed, one withdrawn.
    await ownerQuery(
      app,
      `INSERT INTO hazard (organisation_id, product_id, sequence, number, name, description, status, deploying_organisation_actions, residual_rating, next_review_on, withdrawn_at, withdrawn_reason)
       SELECT $1, $2, n, 'H-00' || n, 'Hazard ' || n, 'x', s, CASE WHEN s = 'transferred' THEN 'Train staff' END, r, $3::date + d, w, CASE WHEN w IS NULL THEN NULL ELSE 'duplicate' END
         FROM (VALUES (1, 'open', 2, -1, NULL::timestamptz), (2, 'transferred', 4, 10, NULL), (3, 'closed', 1, -5, NULL), (4, 'open', 5, -5, now())) v(n, s, r, d, w)`,
      [org.id, productId, today],
    );
    const after = await dashboard(executive);
    expect(after.hazardsByResidualRating).toEqual([{ rating: 1, count: 0 }, { rating: 2, count: 1 }, { rating: 3, count: 0 }, { rating: 4, count: 1 }, { rating: 5, count: 0 }]);
    expect(after.hazardReviewsDue).toBe(2);
    await ownerQuery(app, `INSERT INTO hazard_log_version (organisation_id, product_id, version, change_summary, hazards, controls, issued_by) VALUES ($1, $2, '1.0', 'First issue', '[]', '[]', $3)`, [org.id, productId, org.members.clinical_safety_officer.userId]);
    expect((await dashboard(executive)).pendingApprovals).toBe(1);
    // Another user's dashboard shows the same overdue counts but none of them as theirs.
    expect((await dashboard(executive)).myItems).toEqual([]);
  });

  it('judges forecast accuracy of live journeys against their target and reports forecast drift from snapshots', async () => {
    // Take one journey live directly: walking every gate is the journeys spec's job.
    await ownerQuery(app, `UPDATE journey_stage SET status = 'done', actual_start = $2::date - 30, actual_end = $2::date - 2 WHERE journey_id = $1`, [live.id, today]);
    await ownerQuery(app, `UPDATE journey SET status = 'live', target_go_live = $2::date - 9, outlook_as_of = NULL WHERE id = $1`, [live.id, today]);
    await ownerQuery(app, `INSERT INTO journey_forecast_snapshot (journey_id, as_of, organisation_id, current_stage_key, forecast_go_live)
                           SELECT id, $2::date - 20, organisation_id, 'prerequisites', forecast_go_live - 21 FROM journey WHERE id = $1`, [medicus.id, today]);

    const figures = await dashboard(executive);
    expect(figures.journeysByColour.live).toBe(1);
    expect(figures.forecastAccuracy).toEqual([
      expect.objectContaining({ journeyId: live.id, actual: addDays(today, -2), planned: addDays(today, -9), verdict: 'late', errorWorkingDays: expect.any(Number) }),
    ]);
    expect(figures.forecastAccuracy[0].errorWorkingDays).toBeGreaterThan(0);
    const drift = figures.forecastDrift.find((d) => d.journeyId === medicus.id)!;
    expect(drift.totalDrift).toBeGreaterThanOrEqual(14);
    expect(drift.changes).toBe(1);
  });

  it('answers in the same number of queries whatever the number of journeys', async () => {
    const TABLES = /journey|scal|blocking_item|change_freeze|evidence|hazard|organisation"/;
    const measure = async () => {
      await dashboard(executive); // today's outlooks stored first
      return countQueries(app, TABLES, () => dashboard(executive));
    };
    const few = await measure();
    for (const [provider, mechanism] of [['tpp', 'im1_patient'], ['medicus', 'im1_transaction'], ['optum', 'im1_bulk']]) {
      expect((await app.inject({ method: 'POST', url: '/api/journeys', headers: lead.headers, payload: { productId, mechanismId: mechanism, providerSupplierId: provider } })).statusCode).toBe(201);
    }
    expect(await measure()).toBe(few);
  });
});
