import { createOrganisation, signIn, type SignedIn, type TestOrganisation } from '../testing/identity-fixtures';
import { uploadTo } from '../testing/scal-fixtures';
import { ownerQuery, startTestApp, type TestApp } from '../testing/test-app';
import { SCAL_IMPORT_STALE_SECONDS } from './scal-import-runs.service';

const MAPPING = { 'Requirement ID': 'identifier', Description: 'description', 'MUST/SHOULD': 'level' };
const csv = (rows: number, last?: string) =>
  ['Requirement ID,Description,MUST/SHOULD', ...Array.from({ length: rows }, (_, i) => `R-${i + 1},${i === rows - 1 && last ? last : `Requirement ${i + 1}`},MUST`)].join('\n');

interface Run {
  id: string;
  status: string;
  totalRows: number;
  processedRows: number;
  template: { id: string; key: string; version: number } | null;
  error: { code: string; message: string } | null;
}

describe('SCAL import runs', () => {
  let app: TestApp;
  let org: TestOrganisation;
  let lead: SignedIn;
  let executive: SignedIn;
  let outsider: SignedIn;

  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL: undefined });
    const other = await createOrganisation(app);
    org = await createOrganisation(app);
    [lead, executive, outsider] = await Promise.all([signIn(app, org.members.compliance_lead.email), signIn(app, org.members.executive.email), signIn(app, other.members.org_admin.email)]);
  });
  afterAll(() => app.close());

  /** Uploads the file (as the lead), then starts its import as `as`. */
  const start = async ({ filename, content, ...payload }: { filename: string; content: string } & Record<string, unknown>, as = lead) => {
    const uploaded = await uploadTo(app, lead, '/api/scal-templates/files', filename, content);
    if (uploaded.statusCode !== 201) return uploaded;
    return app.inject({ method: 'POST', url: '/api/scal-templates/import-runs', headers: as.headers, payload: { fileId: uploaded.json().file.id, ...payload } });
  };
  const poll = async (id: string, as = lead): Promise<Run> => {
    const response = await app.inject({ method: 'GET', url: `/api/scal-templates/import-runs/${id}`, headers: { cookie: as.cookie } });
    expect(response.statusCode).toBe(200);
    return response.json();
  };
  const stored = async () =>
    (await ownerQuery<{ t: number; r: number; a: number }>(
      app,
      `SELECT (SELECT count(*) FROM scal_template WHERE organisation_id = $1)::int AS t, (SELECT count(*) FROM scal_requirement WHERE organisation_id = $1)::int AS r, (SELECT count(*) FROM audit_event WHERE organisation_id = $1 AND entity_type = 'scal_template')::int AS a`,
      [org.id],
    ))[0];
  /** Polls until the run ends, noting what each poll saw and whether the template was already stored. */
  const follow = async (id: string) => {
    const seen: { status: string; processedRows: number; requirementsStored: number }[] = [];
    for (let i = 0; i < 20_000; i++) {
      // Counted before the poll: a poll that still says running proves the count predates the commit.
      const requirementsStored = (await stored()).r;
      const run = await poll(id);
      seen.push({ status: run.status, processedRows: run.processedRows, requirementsStored });
      if (run.status !== 'running') return { run, seen };
    }
    throw new Error(`import run ${id} did not finish`);
  };

  it('imports thousands of rows in the background, reporting rising progress, then the template', async () => {
    const rows = 6_000;
    const before = await stored();
    const started = await start({ filename: 'large.csv', content: (csv(rows)), mapping: MAPPING, name: 'Large SCAL', key: 'large' });
    expect(started.statusCode).toBe(202);
    expect(started.json()).toMatchObject({ status: 'running', totalRows: rows, key: 'large', name: 'Large SCAL', filename: 'large.csv', template: null, error: null });
    const { run, seen } = await follow(started.json().id);
    expect(run).toMatchObject({ status: 'completed', totalRows: rows, processedRows: rows, error: null, template: { key: 'large', version: 1 } });
    const counts = seen.map((s) => s.processedRows);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    // Rows were reported stored while the import's transaction was still open: none visible yet.
    const midway = seen.filter((s) => s.status === 'running' && s.processedRows > 0 && s.processedRows < rows);
    expect(midway.length).toBeGreaterThan(0);
    expect(midway.every((s) => s.requirementsStored === before.r)).toBe(true);
    const template = await app.inject({ method: 'GET', url: `/api/scal-templates/${run.template!.id}`, headers: { cookie: lead.cookie } });
    expect(template.json()).toMatchObject({ key: 'large', version: 1, requirementCount: rows });
    const [event] = await ownerQuery<{ action: string; changes: Record<string, { after: unknown }> }>(app, `SELECT action, changes FROM audit_event WHERE entity_id = $1`, [run.template!.id]);
    expect(event).toMatchObject({ action: 'scal_template.imported', changes: { rows: { after: rows }, importRunId: { after: run.id } } });
    expect(await stored()).toEqual({ t: before.t + 1, r: before.r + rows, a: before.a + 1 });
  });

  it('refuses bad input before any run starts, naming what is wrong: rejected rows (422), an unusable mapping, a lying file', async () => {
    const before = await stored();
    const runsBefore = await ownerQuery(app, `SELECT count(*)::int AS n FROM scal_import_run WHERE organisation_id = $1`, [org.id]);
    const rejected = await start({ filename: 'bad.csv', content: (['id,text,level', 'A-1,One,MUST', 'A-2,Two,Often'].join('\n')), mapping: { id: 'identifier', text: 'description', level: 'level' }, name: 'Bad', key: 'bad' });
    expect(rejected.statusCode).toBe(422);
    expect(rejected.json()).toMatchObject({ code: 'scal_import_rejected', details: { rejected: [{ sheet: 'bad.csv', row: 3, reason: 'Unknown level "Often" (expected MUST, SHOULD or MAY).' }] } });
    const unmapped = await start({ filename: 'bad.csv', content: (csv(3)), mapping: { 'Requirement ID': 'identifier' }, name: 'Bad', key: 'bad' });
    expect(unmapped.json()).toMatchObject({ statusCode: 400, message: expect.stringMatching(/each of: description/) });
    expect((await start({ filename: 'scal.xlsx', content: (csv(3)), mapping: MAPPING, name: 'Bad', key: 'bad' })).statusCode).toBe(415);
    expect((await start({ filename: 'ok.csv', content: (csv(3)), mapping: MAPPING, name: 'Bad', key: 'Not A Key' })).statusCode).toBe(400);
    expect((await start({ filename: 'ok.csv', content: (csv(3)), mapping: MAPPING, name: 'Viewer', key: 'viewer' }, executive)).statusCode).toBe(403);
    expect(await stored()).toEqual(before);
    expect(await ownerQuery(app, `SELECT count(*)::int AS n FROM scal_import_run WHERE organisation_id = $1`, [org.id])).toEqual(runsBefore);
  });

  it('ends failed with nothing stored when storing fails part-way', async () => {
    // The database refuses the file's last row, after several chunks have gone in.
    await ownerQuery(app, `CREATE FUNCTION test_refuse_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.description = 'Refused by the database' THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$`);
    await ownerQuery(app, `CREATE TRIGGER test_refuse_row BEFORE INSERT ON scal_requirement FOR EACH ROW EXECUTE FUNCTION test_refuse_row()`);
    try {
      const before = await stored();
      const started = await start({ filename: 'doomed.csv', content: (csv(3_000, 'Refused by the database')), mapping: MAPPING, name: 'Doomed', key: 'doomed' });
      expect(started.statusCode).toBe(202);
      const { run } = await follow(started.json().id);
      expect(run).toMatchObject({ status: 'failed', template: null, error: { code: 'scal_import_failed', message: expect.stringContaining('nothing was stored') } });
      expect(run.processedRows).toBeLessThan(3_000);
      expect(await stored()).toEqual(before);
      expect(await ownerQuery(app, `SELECT count(*)::int AS n FROM scal_template WHERE organisation_id = $1 AND key = 'doomed'`, [org.id])).toEqual([{ n: 0 }]);
    } finally {
      await ownerQuery(app, `DROP TRIGGER test_refuse_row ON scal_requirement`);
      await ownerQuery(app, `DROP FUNCTION test_refuse_row()`);
    }
  });

  it('shows a run whose process died (no progress for too long) as failed, not running forever', async () => {
    const [fresh, dead] = await ownerQuery<{ id: string }>(
      app,
      `INSERT INTO scal_import_run (organisation_id, key, name, filename, status, total_rows, processed_rows, updated_at)
       VALUES ($1, 'alive', 'Alive', 'a.csv', 'running', 10, 5, now()), ($1, 'dead', 'Dead', 'd.csv', 'running', 10, 5, now() - make_interval(secs => $2 + 5)) RETURNING id`,
      [org.id, SCAL_IMPORT_STALE_SECONDS],
    );
    expect(await poll(fresh.id)).toMatchObject({ status: 'running', processedRows: 5, error: null });
    expect(await poll(dead.id)).toMatchObject({ status: 'failed', processedRows: 5, template: null, error: { code: 'scal_import_interrupted', message: expect.stringMatching(/nothing was stored/) } });
  });

  it("answers 404 to another organisation's run, and lets every member of its own read it", async () => {
    const started = await start({ filename: 'small.csv', content: (csv(5)), mapping: MAPPING, name: 'Small', key: 'small' });
    const { run } = await follow(started.json().id);
    expect(run.status).toBe('completed');
    expect((await app.inject({ method: 'GET', url: `/api/scal-templates/import-runs/${run.id}`, headers: { cookie: outsider.cookie } })).statusCode).toBe(404);
    expect(await poll(run.id, executive)).toMatchObject({ status: 'completed' });
    expect((await app.inject({ method: 'GET', url: '/api/scal-templates/import-runs/not-a-uuid', headers: { cookie: lead.cookie } })).statusCode).toBe(400);
  });
});

describe('SCAL import runs with a pool of one connection (as with the embedded database)', () => {
  let app: TestApp;
  let lead: SignedIn;

  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL: undefined, DATABASE_POOL_MAX: '1' });
    lead = await signIn(app, (await createOrganisation(app)).members.compliance_lead.email);
  });
  afterAll(() => app.close());

  it('completes, a poll waiting for the import to commit rather than deadlocking', async () => {
    const uploaded = await uploadTo(app, lead, '/api/scal-templates/files', 'one.csv', csv(2_000));
    const started = await app.inject({ method: 'POST', url: '/api/scal-templates/import-runs', headers: lead.headers, payload: { fileId: uploaded.json().file.id, mapping: MAPPING, name: 'One', key: 'one' } });
    expect(started.statusCode).toBe(202);
    let run: Run = started.json();
    for (let i = 0; i < 1_000 && run.status === 'running'; i++) run = (await app.inject({ method: 'GET', url: `/api/scal-templates/import-runs/${run.id}`, headers: { cookie: lead.cookie } })).json();
    expect(run).toMatchObject({ status: 'completed', processedRows: 2_000, template: { key: 'one', version: 1 } });
  });
});
