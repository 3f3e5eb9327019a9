import ExcelJS from 'exceljs';
import { Client } from 'pg';
import { multipart, pdf } from '../testing/evidence-fixtures';
import { createOrganisation, signIn, type SignedIn, type TestOrganisation } from '../testing/identity-fixtures';
import { approveHazardLog } from '../testing/hazard-log-fixtures';
import { startTestApp, type TestApp } from '../testing/test-app';
import { uploadTo } from '../testing/scal-fixtures';

async function asOwner<T>(app: TestApp, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: app.db.url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A connection working as the application role, exactly as the app's pool does. */
async function asApp<T>(app: TestApp, work: (client: Client) => Promise<T>): Promise<T> {
  return asOwner(app, async (client) => {
    await client.query(`SET ROLE ${app.config.database.appRole}`);
    return work(client);
  });
}

describe('tenant isolation by row-level security', () => {
  let app: TestApp;
  let a: TestOrganisation;
  let b: TestOrganisation;
  let adminA: SignedIn;
  let adminB: SignedIn;
  let tenantTables: string[];

  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL: undefined });
    [a, b] = [await createOrganisation(app, 'Tenant A'), await createOrganisation(app, 'Tenant B')];
    [adminA, adminB] = [await signIn(app, a.members.org_admin.email), await signIn(app, b.members.org_admin.email)];
    // Give every tenant table rows in both organisations.
    for (const admin of [adminA, adminB]) {
      const invite = await app.inject({ method: 'POST', url: '/api/invitations', headers: admin.headers, payload: { email: `new-${admin.csrf.slice(0, 6).toLowerCase()}@example.org`, role: 'contributor' } });
      expect(invite.statusCode).toBe(201);
      const token = await app.inject({ method: 'POST', url: '/api/api-tokens', headers: admin.headers, payload: { name: 'ci', role: 'auditor' } });
      expect(token.statusCode).toBe(201);
      const product = await app.inject({ method: 'POST', url: '/api/products', headers: admin.headers, payload: { name: 'Product', useCase: 'x', intendedUsers: 'y', medicalDeviceStatus: 'undetermined' } });
      const journey = await app.inject({ method: 'POST', url: '/api/journeys', headers: admin.headers, payload: { productId: product.json().id, mechanismId: 'im1_patient', providerSupplierId: 'optum' } });
      expect(journey.statusCode).toBe(201);
      const blocker = await app.inject({ method: 'POST', url: '/api/blocking-items', headers: admin.headers, payload: { journeyId: journey.json().id, stageKey: 'prerequisites', title: 'Information request', owedBy: 'us' } });
      expect(blocker.statusCode).toBe(201);
      // Reminders: settings, a member's preference and planned reminders for a dated item.
      expect((await app.inject({ method: 'PUT', url: '/api/reminder-settings', headers: admin.headers, payload: { offsetsBefore: [1], onTheDay: true, overdueEvery: 2, overdueRepeats: 1, escalateAfter: 5, sendMinuteOfDay: 480, version: 0 } })).statusCode).toBe(200);
      expect((await app.inject({ method: 'PUT', url: '/api/reminders/preferences', headers: admin.headers, payload: { disabledKinds: ['stage_due'] } })).statusCode).toBe(200);
      expect((await app.inject({ method: 'POST', url: '/api/calendar-feed', headers: admin.headers })).statusCode).toBe(201);
      expect((await app.inject({ method: 'PUT', url: `/api/journeys/${journey.json().id}/follow`, headers: admin.headers })).statusCode).toBe(200);
      expect((await app.inject({ method: 'POST', url: '/api/blocking-items', headers: admin.headers, payload: { journeyId: journey.json().id, title: 'Dated', owedBy: 'us', dueOn: '2030-06-14' } })).statusCode).toBe(201);
      const freeze = await app.inject({ method: 'POST', url: '/api/change-freezes', headers: admin.headers, payload: { providerSupplierId: 'optum', startsOn: '2030-01-01', endsOn: '2030-01-10' } });
      expect(freeze.statusCode).toBe(201);
      const overridden = await app.inject({ method: 'POST', url: `/api/journeys/${journey.json().id}/stages/prerequisites/complete`, headers: admin.headers, payload: { override: { justification: 'Confirmed by NHS England by email' } } });
      expect(overridden.statusCode).toBe(200);
      const template = await app.inject({ method: 'POST', url: '/api/scal-templates/baseline', headers: admin.headers, payload: {} });
      expect(template.statusCode).toBe(201);
      const uploaded = await uploadTo(app, admin, '/api/scal-templates/files', 't.csv', 'Requirement ID,Description,Level\nT-1,Tenant row,MUST');
      expect(uploaded.statusCode).toBe(201);
      const importRun = await app.inject({ method: 'POST', url: '/api/scal-templates/import-runs', headers: admin.headers, payload: { fileId: uploaded.json().file.id, mapping: { 'Requirement ID': 'identifier', Description: 'description', Level: 'level' }, name: 'Imported', key: 'imported' } });
      expect(importRun.statusCode).toBe(202);
      const scal = await app.inject({ method: 'POST', url: '/api/scals', headers: admin.headers, payload: { templateId: template.json().id, journeyIds: [journey.json().id] } });
      expect(scal.statusCode).toBe(201);
      const requirement = (await app.inject({ method: 'GET', url: `/api/scals/${scal.json().id}/requirements`, headers: admin.headers })).json()[0];
      expect((await app.inject({ method: 'PUT', url: `/api/scals/${scal.json().id}/requirements/${requirement.identifier}`, headers: admin.headers, payload: { response: 'compliant', version: 0 } })).statusCode).toBe(200);
      expect((await app.inject({ method: 'POST', url: `/api/scals/${scal.json().id}/requirements/${requirement.identifier}/comments`, headers: admin.headers, payload: { body: 'Which ODS code?' } })).statusCode).toBe(201);
      expect((await app.inject({ method: 'POST', url: `/api/scals/${scal.json().id}/stages/stage_one`, headers: admin.headers, payload: {} })).statusCode).toBe(201);
      expect((await app.inject({ method: 'POST', url: '/api/timeline-baselines', headers: admin.headers, payload: { name: 'Board' } })).statusCode).toBe(201);
      expect((await app.inject({ method: 'POST', url: '/api/executive-reports', headers: admin.headers, payload: {} })).statusCode).toBe(201);
      const cso = await signIn(app, (admin === adminA ? a : b).members.clinical_safety_officer.email);
      await approveHazardLog(app, cso, product.json().id);
      const hazard = await app.inject({ method: 'POST', url: '/api/hazards', headers: admin.headers, payload: { productId: product.json().id, name: 'Linked', description: 'x', journeyIds: [journey.json().id] } });
      expect(hazard.statusCode).toBe(201);
      const control = await app.inject({ method: 'POST', url: '/api/hazard-controls', headers: admin.headers, payload: { productId: product.json().id, type: 'test', description: 'Regression test', hazardIds: [hazard.json().id] } });
      expect(control.statusCode).toBe(201);
      const library = new ExcelJS.Workbook();
      library.addWorksheet('Hazard Log').addRows([['Hazard number', 'Hazard name', 'Hazard description'], ['1', 'Suggested', 'From a published log']]);
      const imported = await app.inject({ method: 'POST', url: '/api/hazard-library/import', headers: admin.headers, payload: { filename: 'log.xlsx', contentBase64: Buffer.from(await library.xlsx.writeBuffer()).toString('base64') } });
      expect(imported.statusCode).toBe(201);
      const evidence = await app.inject({ method: 'POST', url: '/api/evidence', headers: admin.headers, payload: { title: 'DSPT' } });
      expect(evidence.statusCode).toBe(201);
      const upload = multipart({ effectiveOn: '2026-01-01' }, [{ name: 'dspt.pdf', content: pdf() }]);
      expect((await app.inject({ method: 'POST', url: `/api/evidence/${evidence.json().id}/revisions`, headers: { ...admin.headers, ...upload.headers }, payload: upload.payload })).statusCode).toBe(201);
      expect((await app.inject({ method: 'POST', url: `/api/evidence/${evidence.json().id}/links`, headers: admin.headers, payload: { scalId: scal.json().id, identifier: requirement.identifier } })).statusCode).toBe(201);
    }
    for (const admin of [adminA, adminB]) expect((await app.inject({ method: 'POST', url: '/api/audit-events/checkpoints', headers: admin.headers })).statusCode).toBe(201);
    // An outbox row each (the worker writes them; this app runs without Redis).
    await asOwner(app, (c) => c.query(`INSERT INTO notification (organisation_id, user_id, event_id, item_kind, title, body, path) SELECT m.organisation_id, m.user_id, 'test.' || m.id, 'blocking_item', 't', 'b', '/' FROM membership m WHERE m.organisation_id = ANY($1)`, [[a.id, b.id]]));
    await asOwner(app, (c) => c.query(`INSERT INTO email_outbox (organisation_id, recipient_email, event_id, subject, text_body, html_body, state) SELECT id, 'x@example.org', 'test.' || id, 's', 't', 'h', 'failed' FROM organisation WHERE id = ANY($1)`, [[a.id, b.id]]));
    tenantTables = await asOwner(app, async (c) =>
      (await c.query(`SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'organisation_id' AND table_name <> 'user_session' ORDER BY 1`)).rows.map((r) => r.table_name),
    );
  });
  afterAll(() => app.close());

  it('covers every table that holds an organisation_id (sessions excepted: they follow the user)', () => {
    expect(tenantTables).toEqual(['api_token', 'audit_checkpoint', 'audit_event', 'blocking_item', 'calendar_feed', 'change_freeze', 'clinical_safety_officer', 'document_file', 'email_outbox', 'evidence_file', 'evidence_item', 'evidence_link', 'evidence_revision', 'executive_report', 'gate_override', 'hazard', 'hazard_control', 'hazard_control_link', 'hazard_counter', 'hazard_journey', 'hazard_library_item', 'hazard_log_approval', 'hazard_log_version', 'invitation', 'journey', 'journey_follower', 'journey_forecast_snapshot', 'journey_stage', 'membership', 'notification', 'planned_reminders', 'product', 'reminder_preference', 'reminder_settings', 'risk_plan', 'scal', 'scal_answer', 'scal_comment', 'scal_import_run', 'scal_journey', 'scal_requirement', 'scal_snapshot', 'scal_template', 'timeline_baseline', 'timeline_baseline_stage']);
  });

  it('has row-level security enabled and forced on every tenant table and on organisation', async () => {
    const rows = await asOwner(app, async (c) =>
      (await c.query(`SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = ANY($1) ORDER BY relname`, [[...tenantTables, 'organisation']])).rows,
    );
    expect(rows).toEqual([...tenantTables, 'organisation'].sort().map((relname) => ({ relname, relrowsecurity: true, relforcerowsecurity: true })));
  });

  it('shows nothing at all when no tenant is set', async () => {
    await asApp(app, async (c) => {
      for (const table of [...tenantTables, 'organisation']) {
        expect({ table, rows: (await c.query(`SELECT count(*)::int AS n FROM "${table}"`)).rows[0].n }).toEqual({ table, rows: 0 });
      }
    });
  });

  it('shows only tenant A rows to a query with no WHERE clause under tenant A', async () => {
    await asApp(app, async (c) => {
      await c.query('BEGIN');
      await c.query(`SELECT set_config('app.org_id', $1, true)`, [a.id]);
      for (const table of tenantTables) {
        const rows = (await c.query(`SELECT organisation_id FROM "${table}"`)).rows;
        expect({ table, some: rows.length > 0, others: rows.filter((r) => r.organisation_id !== a.id).length }).toEqual({ table, some: true, others: 0 });
      }
      expect((await c.query(`SELECT id FROM organisation`)).rows).toEqual([{ id: a.id }]);
      await c.query('COMMIT');
    });
  });

  it('does not carry the tenant over to the next transaction on the same connection', async () => {
    await asApp(app, async (c) => {
      await c.query('BEGIN');
      await c.query(`SELECT set_config('app.org_id', $1, true)`, [a.id]);
      await c.query('COMMIT');
      expect((await c.query(`SELECT count(*)::int AS n FROM membership`)).rows[0].n).toBe(0);
    });
  });

  it('refuses writes into another tenant', async () => {
    await asApp(app, async (c) => {
      await c.query('BEGIN');
      await c.query(`SELECT set_config('app.org_id', $1, true)`, [a.id]);
      await expect(c.query(`INSERT INTO membership (organisation_id, user_id, role) VALUES ($1, $2, 'org_admin')`, [b.id, a.members.executive.userId])).rejects.toThrow(/row-level security/);
      await c.query('ROLLBACK');
    });
  });

  it("answers 404 to another organisation's ids on every endpoint and changes nothing", async () => {
    const snapshot = () => asOwner(app, async (c) => (await c.query(`SELECT (SELECT count(*) FROM audit_event WHERE organisation_id = $1)::int AS audit, (SELECT string_agg(role || revoked, ',') FROM (SELECT m.role, '' AS revoked FROM membership m WHERE m.organisation_id = $1 UNION ALL SELECT i.role, coalesce(i.revoked_at::text, '-') FROM invitation i WHERE i.organisation_id = $1 UNION ALL SELECT t.role, coalesce(t.revoked_at::text, '-') FROM api_token t WHERE t.organisation_id = $1 ORDER BY 1, 2) x) AS state`, [b.id])).rows[0]);
    const before = await snapshot();
    const ids = await asOwner(app, async (c) => ({
      invitation: (await c.query(`SELECT id FROM invitation WHERE organisation_id = $1`, [b.id])).rows[0].id,
      token: (await c.query(`SELECT id FROM api_token WHERE organisation_id = $1`, [b.id])).rows[0].id,
      event: (await c.query(`SELECT id FROM audit_event WHERE organisation_id = $1 LIMIT 1`, [b.id])).rows[0].id,
      product: (await c.query(`SELECT id FROM product WHERE organisation_id = $1`, [b.id])).rows[0].id,
      journey: (await c.query(`SELECT id FROM journey WHERE organisation_id = $1`, [b.id])).rows[0].id,
      blocker: (await c.query(`SELECT id FROM blocking_item WHERE organisation_id = $1`, [b.id])).rows[0].id,
      outbox: (await c.query(`SELECT id FROM email_outbox WHERE organisation_id = $1`, [b.id])).rows[0].id,
      notification: (await c.query(`SELECT id FROM notification WHERE organisation_id = $1 LIMIT 1`, [b.id])).rows[0].id,
      freeze: (await c.query(`SELECT id FROM change_freeze WHERE organisation_id = $1`, [b.id])).rows[0].id,
      template: (await c.query(`SELECT id FROM scal_template WHERE organisation_id = $1`, [b.id])).rows[0].id,
      importRun: (await c.query(`SELECT id FROM scal_import_run WHERE organisation_id = $1`, [b.id])).rows[0].id,
      file: (await c.query(`SELECT id FROM document_file WHERE organisation_id = $1`, [b.id])).rows[0].id,
      scal: (await c.query(`SELECT id FROM scal WHERE organisation_id = $1`, [b.id])).rows[0].id,
      identifier: (await c.query(`SELECT identifier FROM scal_answer WHERE organisation_id = $1`, [b.id])).rows[0].identifier,
      comment: (await c.query(`SELECT id FROM scal_comment WHERE organisation_id = $1`, [b.id])).rows[0].id,
      snapshot: (await c.query(`SELECT id FROM scal_snapshot WHERE organisation_id = $1`, [b.id])).rows[0].id,
      baseline: (await c.query(`SELECT id FROM timeline_baseline WHERE organisation_id = $1 LIMIT 1`, [b.id])).rows[0].id,
      report: (await c.query(`SELECT id FROM executive_report WHERE organisation_id = $1`, [b.id])).rows[0].id,
      evidence: (await c.query(`SELECT id FROM evidence_item WHERE organisation_id = $1`, [b.id])).rows[0].id,
      evidenceFile: (await c.query(`SELECT id FROM evidence_file WHERE organisation_id = $1`, [b.id])).rows[0].id,
      evidenceLink: (await c.query(`SELECT id FROM evidence_link WHERE organisation_id = $1`, [b.id])).rows[0].id,
      hazard: (await c.query(`SELECT id FROM hazard WHERE organisation_id = $1 LIMIT 1`, [b.id])).rows[0].id,
      control: (await c.query(`SELECT id FROM hazard_control WHERE organisation_id = $1`, [b.id])).rows[0].id,
      hazardLog: (await c.query(`SELECT id FROM hazard_log_version WHERE organisation_id = $1`, [b.id])).rows[0].id,
      plan: (await c.query(`SELECT id FROM risk_plan WHERE organisation_id = $1`, [b.id])).rows[0].id,
      suggestion: (await c.query(`SELECT id FROM hazard_library_item WHERE organisation_id = $1`, [b.id])).rows[0].id,
    }));
    const member = b.members.executive.membershipId;
    const attempts = [
      { method: 'GET', url: `/api/members/${member}` },
      { method: 'PUT', url: `/api/members/${member}`, payload: { role: 'org_admin', version: 1 } },
      { method: 'DELETE', url: `/api/members/${member}` },
      { method: 'DELETE', url: `/api/invitations/${ids.invitation}` },
      { method: 'DELETE', url: `/api/api-tokens/${ids.token}` },
      { method: 'GET', url: `/api/audit-events/${ids.event}` },
      { method: 'GET', url: `/api/products/${ids.product}` },
      { method: 'PUT', url: `/api/products/${ids.product}`, payload: { name: 'Taken', useCase: '', intendedUsers: '', medicalDeviceStatus: 'class_i', version: 1 } },
      { method: 'DELETE', url: `/api/products/${ids.product}` },
      { method: 'GET', url: `/api/journeys/${ids.journey}` },
      { method: 'GET', url: `/api/journeys/${ids.journey}/history` },
      { method: 'GET', url: `/api/journeys/${ids.journey}/follow` },
      { method: 'PUT', url: `/api/journeys/${ids.journey}/follow` },
      { method: 'DELETE', url: `/api/journeys/${ids.journey}/follow` },
      { method: 'PUT', url: `/api/journeys/${ids.journey}`, payload: { notes: 'mine now', version: 1 } },
      { method: 'POST', url: `/api/journeys/${ids.journey}/withdraw`, payload: { reason: 'mine now', version: 1 } },
      { method: 'POST', url: `/api/journeys/${ids.journey}/stages/stage_one_scal/start`, payload: {} },
      { method: 'PUT', url: `/api/journeys/${ids.journey}/stages/stage_one_scal/checklist/stage_one_scal`, payload: { done: true } },
      { method: 'GET', url: `/api/blocking-items/${ids.blocker}` },
      { method: 'PUT', url: `/api/blocking-items/${ids.blocker}`, payload: { journeyId: ids.journey, title: 'x', owedBy: 'us', status: 'resolved', version: 1 } },
      { method: 'POST', url: `/api/email-outbox/${ids.outbox}/retry` },
      { method: 'POST', url: `/api/notifications/${ids.notification}/read` },
      { method: 'GET', url: `/api/change-freezes/${ids.freeze}` },
      { method: 'DELETE', url: `/api/change-freezes/${ids.freeze}` },
      { method: 'GET', url: `/api/scal-templates/${ids.template}` },
      { method: 'GET', url: `/api/scal-templates/${ids.template}/requirements` },
      { method: 'GET', url: `/api/scal-templates/import-runs/${ids.importRun}` },
      { method: 'POST', url: `/api/scal-templates/files/${ids.file}/preview`, payload: {} },
      { method: 'POST', url: '/api/scal-templates/import', payload: { fileId: ids.file, mapping: { 'Requirement ID': 'identifier', Description: 'description' }, name: 'mine now', key: 'mine' } },
      { method: 'GET', url: `/api/scals/${ids.scal}` },
      { method: 'GET', url: `/api/scals/${ids.scal}/requirements` },
      { method: 'PUT', url: `/api/scals/${ids.scal}/requirements/${ids.identifier}`, payload: { response: 'not_applicable', justification: 'mine now', version: 1 } },
      { method: 'POST', url: `/api/scals/${ids.scal}/requirements/bulk`, payload: { filter: {}, set: { dueOn: '2030-01-01' } } },
      { method: 'GET', url: `/api/scals/${ids.scal}/requirements/${ids.identifier}/comments` },
      { method: 'POST', url: `/api/scals/${ids.scal}/requirements/${ids.identifier}/comments`, payload: { body: 'mine now' } },
      { method: 'POST', url: `/api/scals/${ids.scal}/comments/${ids.comment}/resolve`, payload: {} },
      { method: 'POST', url: `/api/scals/${ids.scal}/comments/${ids.comment}/unresolve`, payload: {} },
      { method: 'POST', url: `/api/scals/${ids.scal}/stages/stage_one`, payload: {} },
      { method: 'POST', url: `/api/scals/${ids.scal}/journeys`, payload: { journeyId: ids.journey } },
      { method: 'GET', url: `/api/scals/${ids.scal}/snapshots` },
      { method: 'GET', url: `/api/scals/${ids.scal}/snapshots/${ids.snapshot}` },
      { method: 'GET', url: `/api/scals/${ids.scal}/export` },
      { method: 'GET', url: `/api/scals/${ids.scal}/snapshots/${ids.snapshot}/export?format=csv` },
      { method: 'GET', url: `/api/timeline-baselines/${ids.baseline}` },
      { method: 'DELETE', url: `/api/timeline-baselines/${ids.baseline}` },
      { method: 'GET', url: `/api/timeline?baselineId=${ids.baseline}` },
      { method: 'GET', url: `/api/journeys/${ids.journey}/forecast-history` },
      { method: 'GET', url: `/api/executive-reports/${ids.report}/pdf` },
      { method: 'GET', url: `/api/evidence/${ids.evidence}` },
      { method: 'PUT', url: `/api/evidence/${ids.evidence}`, payload: { title: 'mine now', version: 2 } },
      { method: 'GET', url: `/api/evidence/${ids.evidence}/files/${ids.evidenceFile}` },
      { method: 'POST', url: `/api/evidence/${ids.evidence}/files/${ids.evidenceFile}/scan`, payload: {} },
      { method: 'POST', url: `/api/evidence/${ids.evidence}/revisions/1/status`, payload: { status: 'in_review', version: 1 } },
      { method: 'POST', url: `/api/evidence/${ids.evidence}/links`, payload: { scalId: ids.scal, identifier: ids.identifier } },
      { method: 'DELETE', url: `/api/evidence/${ids.evidence}/links/${ids.evidenceLink}` },
      { method: 'GET', url: `/api/hazards/${ids.hazard}` },
      { method: 'PUT', url: `/api/hazards/${ids.hazard}`, payload: { name: 'mine now', version: 1 } },
      { method: 'POST', url: `/api/hazards/${ids.hazard}/status`, payload: { status: 'transferred', deployingOrganisationActions: 'mine now', version: 1 } },
      { method: 'POST', url: `/api/hazards/${ids.hazard}/withdraw`, payload: { reason: 'mine now', version: 1 } },
      { method: 'GET', url: `/api/hazards/export.xlsx?productId=${ids.product}` },
      { method: 'GET', url: `/api/hazard-controls/${ids.control}` },
      { method: 'PUT', url: `/api/hazard-controls/${ids.control}`, payload: { description: 'mine now', version: 1 } },
      { method: 'GET', url: `/api/hazard-log-versions/${ids.hazardLog}` },
      { method: 'GET', url: `/api/hazard-log-versions/${ids.hazardLog}/diff?against=${ids.hazardLog}` },
      { method: 'GET', url: `/api/hazard-log-versions/${ids.hazardLog}/diff-live` },
      { method: 'GET', url: `/api/hazard-log-versions/${ids.hazardLog}/export.xlsx` },
      { method: 'GET', url: `/api/risk-plans/${ids.plan}` },
      { method: 'GET', url: `/api/risk-plans/current?productId=${ids.product}` },
      { method: 'GET', url: `/api/clinical-safety-officers/${ids.product}` },
      { method: 'PUT', url: `/api/clinical-safety-officers/${ids.product}`, payload: { name: 'Mine now', profession: 'x', registrationNumber: 'y', version: 1 } },
      { method: 'GET', url: `/api/hazard-library/${ids.suggestion}` },
      { method: 'POST', url: `/api/hazard-library/${ids.suggestion}/adopt`, payload: { productId: ids.product } },
    ] as const;
    for (const attempt of attempts) {
      const response = await app.inject({ ...attempt, headers: adminA.headers });
      expect({ ...attempt, status: response.statusCode }).toEqual({ ...attempt, status: 404 });
    }
    // A returned workbook for another organisation's SCAL: read, then refused, and nothing kept.
    const returned = await uploadTo(app, adminA, `/api/scals/${ids.scal}/workbook`, 'returned.csv', 'Requirement ID,Description,Level\nT-1,Tenant row,MUST');
    expect(returned.statusCode).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  /** Reference data every organisation reads; it names no organisation or user. */
  const GLOBAL_TABLES = ['im1_availability', 'mechanism', 'provider_supplier', 'typeorm_migration'];

  const allTables = () => asOwner(app, async (c) => (await c.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).rows.map((r) => r.tablename as string));

  /** Every row the request role can read of every table, or null where it may not read the table at all. */
  async function visibleRows(settings: Record<string, string>): Promise<Record<string, unknown[] | null>> {
    return asApp(app, async (c) => {
      const seen: Record<string, unknown[] | null> = {};
      for (const table of await allTables()) {
        await c.query('BEGIN');
        for (const [name, value] of Object.entries(settings)) await c.query(`SELECT set_config($1, $2, true)`, [name, value]);
        try {
          seen[table] = (await c.query(`SELECT * FROM "${table}"`)).rows;
        } catch (error) {
          expect((error as Error).message).toMatch(/permission denied/);
          seen[table] = null;
        }
        await c.query('ROLLBACK');
      }
      return seen;
    });
  }

  it('as the request role with no tenant, shows no row of any organisation in any table, identity tables included', async () => {
    // Rows in the identity tables to be hidden: sessions (every sign-in above) and a failed sign-in for an unknown address.
    await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'nobody@example.org', password: 'not the password at all' } });
    const seen = await visibleRows({});
    const leaks = Object.entries(seen).filter(([table, rows]) => rows !== null && rows.length > 0 && !GLOBAL_TABLES.includes(table));
    expect(leaks).toEqual([]);
    // The sweep's old switch is a setting like any other now: it opens nothing.
    const swept = await visibleRows({ 'app.sweep': 'reminders' });
    expect(Object.entries(swept).filter(([table, rows]) => rows !== null && rows.length > 0 && !GLOBAL_TABLES.includes(table))).toEqual([]);
    expect(seen.security_event).toBeNull();
    expect(await asOwner(app, async (c) => (await c.query(`SELECT count(*)::int AS n FROM security_event`)).rows[0].n)).toBeGreaterThan(0);
  });

  it("as the request role of organisation A (as A's admin), shows nothing of organisation B in any table", async () => {
    const secretsOfB = [b.id, ...Object.values(b.members).flatMap((m) => [m.userId, m.email, m.membershipId])];
    const seen = await visibleRows({ 'app.org_id': a.id, 'app.user_id': a.members.org_admin.userId });
    const leaks = Object.entries(seen).flatMap(([table, rows]) => (rows ?? []).filter((row) => secretsOfB.some((secret) => JSON.stringify(row).includes(secret))).map(() => table));
    expect([...new Set(leaks)]).toEqual([]);
    // And it does see its own: A's members, with A's admin's own sessions.
    expect((seen.app_user ?? []).map((u) => (u as { email: string }).email).sort()).toEqual(Object.values(a.members).map((m) => m.email).sort());
    expect((seen.user_session ?? []).every((s) => (s as { user_id: string }).user_id === a.members.org_admin.userId)).toBe(true);
    expect(seen.user_session?.length).toBeGreaterThan(0);
    // Global reference data names nobody.
    for (const table of GLOBAL_TABLES) expect(JSON.stringify(seen[table])).not.toMatch(new RegExp(`${a.id}|${b.id}`));
  });

  it('keeps the sweep and identity roles out of reach of a login that holds only the request role', async () => {
    const login = `pairline_probe_${Date.now()}`;
    await asOwner(app, (c) => c.query(`CREATE ROLE ${login} LOGIN PASSWORD 'probe' IN ROLE ${app.config.database.appRole}`));
    try {
      const url = new URL(app.db.url);
      url.username = login;
      url.password = 'probe';
      const client = new Client({ connectionString: url.toString() });
      await client.connect();
      try {
        await client.query(`SET ROLE ${app.config.database.appRole}`);
        for (const role of ['pairline_sweep', 'pairline_identity']) await expect(client.query(`SET ROLE ${role}`)).rejects.toThrow(/permission denied/);
        expect((await client.query(`SELECT count(*)::int AS n FROM planned_reminders`)).rows[0].n).toBe(0);
      } finally {
        await client.end();
      }
    } finally {
      await asOwner(app, (c) => c.query(`DROP ROLE ${login}`));
    }
  });

  it('refuses to start when the application role could bypass row-level security', async () => {
    await expect(startTestApp({ REDIS_URL: undefined, DATABASE_APP_ROLE: 'postgres' })).rejects.toThrow(/Refusing to start.*superuser/);
  });
});

describe('tenant isolation under concurrency', () => {
  it('interleaved requests of 10 organisations on a pool of 2 never see each other', async () => {
    const app = await startTestApp({ REDIS_URL: undefined, DATABASE_POOL_MAX: '2' });
    try {
      const tenants: { organisation: TestOrganisation; admin: SignedIn }[] = [];
      for (let i = 0; i < 10; i++) {
        const organisation = await createOrganisation(app, `Concurrent ${i}`);
        tenants.push({ organisation, admin: await signIn(app, organisation.members.org_admin.email) });
      }
      const requests = Array.from({ length: 200 }, (_, i) => tenants[(i * 7) % tenants.length]);
      const results = await Promise.all(
        requests.map(async ({ organisation, admin }) => {
          const [members, org] = await Promise.all([
            app.inject({ method: 'GET', url: '/api/members', headers: { cookie: admin.cookie } }),
            app.inject({ method: 'GET', url: '/api/organisation', headers: { cookie: admin.cookie } }),
          ]);
          const expected = new Set(Object.values(organisation.members).map((m) => m.email));
          // A refused or failed request is reported with what it answered, not as a type error.
          if (members.statusCode !== 200 || org.statusCode !== 200) return `members ${members.statusCode} ${members.body.slice(0, 200)}; organisation ${org.statusCode} ${org.body.slice(0, 200)}`;
          const emails: string[] = members.json().map((m: { email: string }) => m.email);
          return org.json().id === organisation.id && emails.length === expected.size && emails.every((e) => expected.has(e)) ? null : `${organisation.id} saw ${emails.join(', ')}`;
        }),
      );
      expect(results.filter((problem) => problem !== null)).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
