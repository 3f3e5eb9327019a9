import { SESSION_COOKIE } from '@pairline/contracts';
import { Secret, TOTP } from 'otpauth';
import { createOrganisation, signIn, TEST_PASSWORD, type TestOrganisation } from '../testing/identity-fixtures';
import { ownerQuery, startTestApp, type TestApp } from '../testing/test-app';

const owner = ownerQuery;

const auditActions = (app: TestApp, organisationId: string) =>
  owner(app, `SELECT action FROM audit_event WHERE organisation_id = $1 ORDER BY seq`, [organisationId]).then((rows) => rows.map((r) => r.action));

describe('authentication', () => {
  let app: TestApp;
  let org: TestOrganisation;
  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL: undefined });
    org = await createOrganisation(app);
  });
  afterAll(() => app.close());

  const login = (payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/auth/login', payload });

  it('signs in with a session cookie that scripts cannot read', async () => {
    const response = await login({ email: org.members.auditor.email.toUpperCase(), password: TEST_PASSWORD });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.secure).toBeFalsy(); // served over http in this test
    expect(response.json()).toMatchObject({ role: 'auditor', organisation: { id: org.id }, user: { email: org.members.auditor.email } });
    expect(response.json().permissions).toContain('audit.read');
  });

  it('answers a wrong password and an unknown email identically, and records both', async () => {
    const wrong = await login({ email: org.members.executive.email, password: 'not the password at all' });
    const unknown = await login({ email: 'nobody@example.org', password: 'not the password at all' });
    for (const response of [wrong, unknown]) {
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ statusCode: 401, error: 'Unauthorized', code: 'invalid_credentials', message: 'Email or password is not correct.' });
      expect(response.cookies).toHaveLength(0);
    }
    expect(await auditActions(app, org.id)).toContain('auth.login_failed');
    const security = await owner(app, `SELECT kind, email FROM security_event`);
    expect(security).toEqual([{ kind: 'login_failed_unknown_email', email: 'nobody@example.org' }]);
  });

  it('refuses malformed login bodies naming the fields, and writes nothing', async () => {
    const before = await owner(app, `SELECT count(*)::int AS n FROM user_session`);
    const response = await login({ email: 42, password: ['x'], extra: true });
    expect(response.statusCode).toBe(400);
    expect(response.json().details.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'extra', 'password']);
    expect(await owner(app, `SELECT count(*)::int AS n FROM user_session`)).toEqual(before);
  });

  it('needs the CSRF token for cookie-authenticated writes', async () => {
    const { cookie, csrf } = await signIn(app, org.members.org_admin.email);
    const payload = { name: org.name, odsCode: null, mfaRequired: false, version: 1 };
    const without = await app.inject({ method: 'PUT', url: '/api/organisation', headers: { cookie }, payload });
    expect(without.statusCode).toBe(403);
    expect(without.json().code).toBe('csrf_token_invalid');
    const wrong = await app.inject({ method: 'PUT', url: '/api/organisation', headers: { cookie, 'x-csrf-token': 'nope' }, payload });
    expect(wrong.statusCode).toBe(403);
    const right = await app.inject({ method: 'PUT', url: '/api/organisation', headers: { cookie, 'x-csrf-token': csrf }, payload: { ...payload, name: `${org.name} Ltd` } });
    expect(right.statusCode).toBe(200);
    expect(right.json()).toMatchObject({ name: `${org.name} Ltd`, version: 2 });
    const stale = await app.inject({ method: 'PUT', url: '/api/organisation', headers: { cookie, 'x-csrf-token': csrf }, payload });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('stale_version');
  });

  it('logs out by revoking the session on the server', async () => {
    const { cookie, headers } = await signIn(app, org.members.contributor.email);
    expect((await app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/auth/logout', headers })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie } })).statusCode).toBe(401);
  });

  it('ends sessions after the idle timeout and after the absolute lifetime', async () => {
    const idle = await signIn(app, org.members.executive.email);
    const absolute = await signIn(app, org.members.executive.email);
    await owner(app, `UPDATE user_session SET last_seen_at = now() - interval '31 minutes' WHERE csrf_token = $1`, [idle.csrf]);
    await owner(app, `UPDATE user_session SET expires_at = now() - interval '1 second' WHERE csrf_token = $1`, [absolute.csrf]);
    expect((await app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: idle.cookie } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: absolute.cookie } })).statusCode).toBe(401);
  });

  it('changing the password keeps this session, revokes the others, and enforces the minimum length', async () => {
    const other = await createOrganisation(app);
    const email = other.members.compliance_lead.email;
    const first = await signIn(app, email);
    const second = await signIn(app, email);
    const short = await app.inject({ method: 'POST', url: '/api/auth/password', headers: second.headers, payload: { currentPassword: TEST_PASSWORD, newPassword: 'short' } });
    expect(short.statusCode).toBe(400);
    expect(short.json().details[0].field).toBe('newPassword');
    const wrong = await app.inject({ method: 'POST', url: '/api/auth/password', headers: second.headers, payload: { currentPassword: 'wrong password!!', newPassword: 'a much better passphrase' } });
    expect(wrong.statusCode).toBe(400);
    const ok = await app.inject({ method: 'POST', url: '/api/auth/password', headers: second.headers, payload: { currentPassword: TEST_PASSWORD, newPassword: 'a much better passphrase' } });
    expect(ok.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: first.cookie } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/auth/session', headers: { cookie: second.cookie } })).statusCode).toBe(200);
    await expect(signIn(app, email)).rejects.toThrow(/401/);
    await signIn(app, email, 'a much better passphrase');
  });

  it('supports TOTP: setup, enable, code required at login, no replay, enforceable per organisation', async () => {
    const other = await createOrganisation(app);
    const cso = other.members.clinical_safety_officer.email;
    const admin = await signIn(app, other.members.org_admin.email);
    // The organisation requires MFA: members without it may only set it up.
    const require = await app.inject({ method: 'PUT', url: '/api/organisation', headers: admin.headers, payload: { name: other.name, odsCode: null, mfaRequired: true, version: 1 } });
    expect(require.statusCode).toBe(200);
    const me = await signIn(app, cso);
    expect(me.session.mfaSetupRequired).toBe(true);
    const blocked = await app.inject({ method: 'GET', url: '/api/members', headers: { cookie: me.cookie } });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('mfa_setup_required');

    const setup = await app.inject({ method: 'POST', url: '/api/auth/mfa/setup', headers: me.headers });
    expect(setup.statusCode).toBe(200);
    const totp = new TOTP({ secret: Secret.fromBase32(setup.json().secret), digits: 6, period: 30, algorithm: 'SHA1' });
    expect(setup.json().otpauthUrl).toMatch(/^otpauth:\/\/totp\/Pairline:/);
    const bad = await app.inject({ method: 'POST', url: '/api/auth/mfa/enable', headers: me.headers, payload: { code: '000000' === totp.generate() ? '111111' : '000000' } });
    expect(bad.statusCode).toBe(400);
    const enable = await app.inject({ method: 'POST', url: '/api/auth/mfa/enable', headers: me.headers, payload: { code: totp.generate() } });
    expect(enable.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/members', headers: { cookie: me.cookie } })).statusCode).toBe(200);

    const noCode = await login({ email: cso, password: TEST_PASSWORD });
    expect(noCode.statusCode).toBe(401);
    expect(noCode.json().code).toBe('mfa_required');
    // The code used to enable cannot be replayed to sign in within the same time step.
    const replay = await login({ email: cso, password: TEST_PASSWORD, totp: totp.generate() });
    expect(replay.statusCode).toBe(401);
    const later = await login({ email: cso, password: TEST_PASSWORD, totp: totp.generate({ timestamp: Date.now() + 30_000 }) });
    expect(later.statusCode).toBe(200);
    const disable = await app.inject({ method: 'POST', url: '/api/auth/mfa/disable', headers: me.headers, payload: { password: TEST_PASSWORD } });
    expect(disable.statusCode).toBe(422);
    expect(disable.json().code).toBe('mfa_required_by_organisation');
  });

  it('switches between organisations the user belongs to, and only those', async () => {
    const { headers } = await signIn(app, org.members.executive.email);
    const elsewhere = await createOrganisation(app);
    const refused = await app.inject({ method: 'POST', url: '/api/auth/switch-organisation', headers, payload: { organisationId: elsewhere.id } });
    expect(refused.statusCode).toBe(404);
  });
});

describe('login rate limit', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => app.close());

  it('answers 429 with Retry-After once the limit is passed, counting in Redis', async () => {
    const attempt = () => app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'x@example.org', password: 'wrong password here' } });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await attempt()).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const limited = await attempt();
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ statusCode: 429, code: 'too_many_requests', message: expect.stringMatching(/^Too many attempts/) });
  });
});
