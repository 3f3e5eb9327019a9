import type { PortfolioDto } from '@pairline/contracts';
import { ROLES } from '@pairline/contracts';
import { DemoSeed } from '../seed/demo-seed';
import { signIn } from '../testing/identity-fixtures';
import { ownerQuery, startTestApp, type TestApp } from '../testing/test-app';
import { AdminCommands } from './admin-commands';

describe('operator commands', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL: undefined });
  });
  afterAll(() => app.close());

  it('seeds the demo organisation once, one account per role, each with its own random password', async () => {
    const seed = app.app.get(DemoSeed);
    const accounts = (await seed.seedIfEmpty())!;
    expect(accounts.map((a) => a.role)).toEqual([...ROLES]);
    expect(new Set(accounts.map((a) => a.password)).size).toBe(ROLES.length);
    expect(accounts.every((a) => a.password.length >= 16)).toBe(true);
    const { session, cookie } = await signIn(app, accounts[0].email, accounts[0].password);
    expect(session).toMatchObject({ role: 'org_admin', organisation: { name: 'Demo Health Ltd', odsCode: 'DEMO1' } });
    // Journeys across EMIS, TPP and Medicus at different stages: one live, some late, one held.
    const portfolio: PortfolioDto = (await app.inject({ method: 'GET', url: '/api/portfolio', headers: { cookie } })).json();
    const cells = portfolio.rows.flatMap((r) => Object.entries(r.cells).flatMap(([column, list]) => list.map((c) => ({ column, ...c }))));
    expect(['optum', 'tpp', 'medicus'].every((column) => cells.some((c) => c.column === column))).toBe(true);
    expect(cells.filter((c) => c.status === 'live')).toHaveLength(1);
    expect(cells.some((c) => c.statusColour === 'late')).toBe(true);
    expect(cells.some((c) => c.statusColour === 'on_track')).toBe(true);
    expect(new Set(cells.map((c) => c.stageKey)).size).toBeGreaterThan(5);
    const blockers = (await app.inject({ method: 'GET', url: '/api/blocking-items', headers: { cookie } })).json();
    expect(blockers).toEqual([expect.objectContaining({ status: 'open', owedBy: 'us' })]);
    expect(await seed.seedIfEmpty()).toBeNull();
  });

  it('creates a new organisation with its first admin, who can sign in', async () => {
    const created = await app.app.get(AdminCommands).createAdmin({ organisation: 'Acme Digital', odsCode: 'acm01', email: ' Boss@Acme.Test ', name: 'Boss' });
    expect(created).toMatchObject({ email: 'boss@acme.test', generated: true });
    const { session } = await signIn(app, 'boss@acme.test', created.password);
    expect(session).toMatchObject({ role: 'org_admin', organisation: { name: 'Acme Digital', odsCode: 'ACM01' } });
    await expect(app.app.get(AdminCommands).createAdmin({ organisation: 'Again', odsCode: null, email: 'boss@acme.test', name: 'B' })).rejects.toThrow(/already exists/);
    await expect(app.app.get(AdminCommands).createAdmin({ organisation: 'Weak', odsCode: null, email: 'w@acme.test', name: 'W', password: 'short' })).rejects.toThrow(/at least 12/);
  });

  it('verifies an organisation audit chain and reports the first broken link', async () => {
    const { organisationId } = await app.app.get(AdminCommands).createAdmin({ organisation: 'Chain Co', odsCode: null, email: 'chain@example.org', name: 'C' });
    const commands = app.app.get(AdminCommands);
    expect(await commands.verifyAudit(organisationId)).toEqual({ ok: true, checked: 2, firstBroken: null, latestCheckpoint: null, contradictedCheckpoint: null });
    await ownerQuery(app, `ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`);
    await ownerQuery(app, `DELETE FROM audit_event WHERE organisation_id = $1 AND seq = 1`, [organisationId]);
    await ownerQuery(app, `ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`);
    expect(await commands.verifyAudit(organisationId)).toMatchObject({ ok: false, firstBroken: { seq: 2, reason: 'expected event #1, found #2' } });
  });
});
