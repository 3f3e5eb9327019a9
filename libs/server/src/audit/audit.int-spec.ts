import { Client } from 'pg';
import { createOrganisation, signIn, type SignedIn, type TestOrganisation } from '../testing/identity-fixtures';
import { ownerQuery, startTestApp, type TestApp } from '../testing/test-app';

const owner = ownerQuery;

describe('audit trail', () => {
  let app: TestApp;
  let org: TestOrganisation;
  let admin: SignedIn;
  let auditor: SignedIn;
  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL: undefined });
    org = await createOrganisation(app);
    admin = await signIn(app, org.members.org_admin.email);
    auditor = await signIn(app, org.members.auditor.email);
  });
  afterAll(() => app.close());

  const events = (query = '') => app.inject({ method: 'GET', url: `/api/audit-events${query}`, headers: { cookie: auditor.cookie } });

  it('records a change with actor, entity, before/after, request id and IP, in the same transaction', async () => {
    const member = org.members.contributor;
    const response = await app.inject({
      method: 'PUT',
      url: `/api/members/${member.membershipId}`,
      headers: { ...admin.headers, 'x-request-id': 'req-role-change' },
      payload: { role: 'compliance_lead', version: 1 },
    });
    expect(response.statusCode).toBe(200);
    const [event] = (await events(`?filter=${encodeURIComponent(JSON.stringify({ action: 'member.role_changed' }))}`)).json();
    expect(event).toMatchObject({
      actorUserId: org.members.org_admin.userId,
      actorLabel: org.members.org_admin.email,
      action: 'member.role_changed',
      entityType: 'membership',
      entityId: member.membershipId,
      changes: { role: { before: 'contributor', after: 'compliance_lead' }, email: { after: member.email } },
      requestId: 'req-role-change',
      ip: '127.0.0.1',
    });
  });

  it('writes no event when the change is refused', async () => {
    const before = await owner(app, `SELECT count(*)::int AS n FROM audit_event`);
    const lastAdmin = await app.inject({ method: 'DELETE', url: `/api/members/${org.members.org_admin.membershipId}`, headers: admin.headers });
    expect(lastAdmin.statusCode).toBe(422);
    expect(lastAdmin.json().code).toBe('last_admin');
    expect(await owner(app, `SELECT count(*)::int AS n FROM audit_event`)).toEqual(before);
  });

  it('is readable by auditors and admins only', async () => {
    const exec = await signIn(app, org.members.executive.email);
    expect((await app.inject({ method: 'GET', url: '/api/audit-events', headers: { cookie: exec.cookie } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/audit-events', headers: { cookie: admin.cookie } })).statusCode).toBe(200);
    expect((await events()).statusCode).toBe(200);
  });

  it('filters by actor, entity, action and time range', async () => {
    const filter = (f: object) => events(`?filter=${encodeURIComponent(JSON.stringify(f))}&range=[0,499]`).then((r) => r.json());
    const byActor = await filter({ actorUserId: org.members.org_admin.userId });
    expect(byActor.length).toBeGreaterThan(0);
    expect(byActor.every((e: { actorUserId: string }) => e.actorUserId === org.members.org_admin.userId)).toBe(true);
    const byEntity = await filter({ entityType: 'membership', entityId: org.members.contributor.membershipId });
    expect(byEntity.map((e: { action: string }) => e.action).sort()).toEqual(['member.added', 'member.role_changed']);
    expect(await filter({ from: '2999-01-01T00:00:00Z' })).toEqual([]);
    expect((await filter({ to: new Date().toISOString() })).length).toBeGreaterThan(0);
    const bad = await events(`?filter=${encodeURIComponent(JSON.stringify({ from: 'yesterday' }))}`);
    expect(bad.statusCode).toBe(400);
  });

  it('exports CSV with a header row, and audits the export', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/audit-events/export.csv', headers: { cookie: auditor.cookie } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/csv/);
    expect(response.headers['content-disposition']).toMatch(/attachment; filename="pairline-audit-/);
    // The events; the checkpoints follow after a blank line (see the checkpoint tests).
    const lines = response.body.split('\r\n\r\n')[0].trim().split('\r\n');
    expect(lines[0]).toBe('seq,occurredAt,actorLabel,actorUserId,action,entityType,entityId,changes,requestId,ip,hash,id');
    const seqs = lines.slice(1).map((l) => Number(l.split(',')[0]));
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    const [last] = (await events('?range=[0,0]')).json();
    expect(last).toMatchObject({ action: 'audit.exported', actorUserId: org.members.auditor.userId });
  });

  it('is append-only for the application role and guarded by a trigger for everyone', async () => {
    const client = new Client({ connectionString: app.db.url });
    await client.connect();
    try {
      await client.query(`SET ROLE ${app.config.database.appRole}`);
      await client.query('BEGIN');
      await client.query(`SELECT set_config('app.org_id', $1, true)`, [org.id]);
      await expect(client.query(`UPDATE audit_event SET action = 'x'`)).rejects.toThrow(/permission denied/);
      await client.query('ROLLBACK');
      await client.query('RESET ROLE');
      await expect(client.query(`UPDATE audit_event SET action = 'x'`)).rejects.toThrow(/append-only/);
      await expect(client.query(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
      await expect(client.query(`TRUNCATE audit_event`)).rejects.toThrow(/append-only/);
    } finally {
      await client.end();
    }
  });

  it('verifies the hash chain, and finds the first broken link after tampering as the owner', async () => {
    const intact = await app.inject({ method: 'GET', url: '/api/audit-events/verify', headers: { cookie: auditor.cookie } });
    expect(intact.json()).toMatchObject({ ok: true, firstBroken: null });
    expect(intact.json().checked).toBeGreaterThan(5);

    const [target] = await owner<{ id: string; seq: string }>(app, `SELECT id, seq FROM audit_event WHERE organisation_id = $1 AND seq = 3`, [org.id]);
    await owner(app, `ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`);
    await owner(app, `UPDATE audit_event SET actor_label = 'someone else' WHERE id = $1`, [target.id]);
    await owner(app, `ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`);

    const broken = await app.inject({ method: 'GET', url: '/api/audit-events/verify', headers: { cookie: auditor.cookie } });
    expect(broken.json()).toEqual({ ok: false, checked: 2, firstBroken: { seq: 3, id: target.id, reason: 'content does not match its hash' }, latestCheckpoint: null, contradictedCheckpoint: null });
  });

  it('keeps organisations on separate chains', async () => {
    const other = await createOrganisation(app);
    const otherAuditor = await signIn(app, other.members.auditor.email);
    const verify = await app.inject({ method: 'GET', url: '/api/audit-events/verify', headers: { cookie: otherAuditor.cookie } });
    expect(verify.json()).toMatchObject({ ok: true });
    const [first] = (await app.inject({ method: 'GET', url: '/api/audit-events?sort=["seq","ASC"]&range=[0,0]', headers: { cookie: otherAuditor.cookie } })).json();
    expect(first).toMatchObject({ seq: 1, action: 'organisation.created' });
  });
});
