import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Secret, TOTP } from 'otpauth';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../config/app-config';
import { createHttpApp } from '../http/http-app';
import { createOrganisation, signIn, TEST_PASSWORD, type TestOrganisation } from '../testing/identity-fixtures';
import { ownerQuery, startTestApp, testEnvironment, type TestApp } from '../testing/test-app';

const totpFor = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });

describe('account security', () => {
  let app: TestApp;
  let org: TestOrganisation;
  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL: undefined });
    org = await createOrganisation(app);
  });
  afterAll(() => app.close());

  const login = (payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/auth/login', payload });

  async function enableMfa(email: string): Promise<TOTP> {
    const me = await signIn(app, email);
    const setup = await app.inject({ method: 'POST', url: '/api/auth/mfa/setup', headers: me.headers });
    const totp = totpFor(setup.json().secret);
    expect((await app.inject({ method: 'POST', url: '/api/auth/mfa/enable', headers: me.headers, payload: { code: totp.generate() } })).statusCode).toBe(204);
    return totp;
  }

  it('stores TOTP secrets sealed with AES-256-GCM, never as set up', async () => {
    const me = await signIn(app, org.members.auditor.email);
    const setup = await app.inject({ method: 'POST', url: '/api/auth/mfa/setup', headers: me.headers });
    const [{ totp_secret: stored }] = await ownerQuery<{ totp_secret: string }>(app, 'SELECT totp_secret FROM app_user WHERE id = $1', [org.members.auditor.userId]);
    expect(stored).toMatch(/^v1:test1:[\w-]+:[\w-]+$/);
    expect(stored).not.toContain(setup.json().secret);
  });

  it('refuses common and breached passwords, guessable ones, the email and the current password, and changes nothing', async () => {
    const member = org.members.executive;
    const me = await signIn(app, member.email);
    const hash = async () => (await ownerQuery<{ password_hash: string }>(app, 'SELECT password_hash FROM app_user WHERE id = $1', [member.userId]))[0].password_hash;
    const before = await hash();
    for (const [newPassword, reason] of [
      ['password1234', /common and breached/],
      ['aaaaaaaaaaaa', /too easy to guess/],
      [member.email, /email/],
      [TEST_PASSWORD, /differ from the current password/],
    ] as const) {
      const response = await app.inject({ method: 'POST', url: '/api/auth/password', headers: me.headers, payload: { currentPassword: TEST_PASSWORD, newPassword } });
      expect({ newPassword, status: response.statusCode, body: response.json() }).toMatchObject({ newPassword, status: 400, body: { code: 'weak_password', message: expect.stringMatching(reason), details: { field: 'newPassword' } } });
    }
    expect(await hash()).toBe(before);
  });

  it('asks an MFA account for its code whether the password was right or wrong, so a password cannot be tested alone', async () => {
    const email = org.members.clinical_safety_officer.email;
    const totp = await enableMfa(email);
    const right = await login({ email, password: TEST_PASSWORD });
    const wrong = await login({ email, password: 'not the password at all' });
    expect(right.statusCode).toBe(401);
    expect(wrong.json()).toEqual(right.json());
    expect(right.json().code).toBe('mfa_required');
    // With a code: a wrong password answers as a wrong code does.
    const next = totp.generate({ timestamp: Date.now() + 30_000 });
    expect((await login({ email, password: 'not the password at all', totp: next })).json().code).toBe('invalid_credentials');
    expect((await login({ email, password: TEST_PASSWORD, totp: '000000' === next ? '111111' : '000000' })).json().code).toBe('invalid_credentials');
    expect((await login({ email, password: TEST_PASSWORD, totp: next })).statusCode).toBe(200);
  });

  it("refuses a sign-in naming another organisation's id instead of signing in to the user's own", async () => {
    const elsewhere = await createOrganisation(app);
    const sessions = async () => (await ownerQuery<{ n: number }>(app, 'SELECT count(*)::int AS n FROM user_session WHERE user_id = $1', [org.members.contributor.userId]))[0].n;
    const before = await sessions();
    const refused = await login({ email: org.members.contributor.email, password: TEST_PASSWORD, organisationId: elsewhere.id });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'not_a_member', details: { field: 'organisationId' } });
    expect(refused.cookies).toHaveLength(0);
    expect(await sessions()).toBe(before);
    expect((await login({ email: org.members.contributor.email, password: TEST_PASSWORD, organisationId: org.id })).statusCode).toBe(200);
  });

  it("records an organisation switch in the arrival's trail without the other organisation's id", async () => {
    const second = await createOrganisation(app);
    const user = org.members.compliance_lead;
    await ownerQuery(app, `INSERT INTO membership (organisation_id, user_id, role) VALUES ($1, $2, 'contributor')`, [second.id, user.userId]);
    const session = await signIn(app, user.email, TEST_PASSWORD, { organisationId: org.id });
    const switched = await app.inject({ method: 'POST', url: '/api/auth/switch-organisation', headers: session.headers, payload: { organisationId: second.id } });
    expect(switched.statusCode).toBe(200);
    const trail = await ownerQuery<{ action: string; changes: unknown }>(app, 'SELECT action, changes FROM audit_event WHERE organisation_id = $1 ORDER BY seq', [second.id]);
    expect(trail.find((e) => e.action === 'auth.organisation_switched')).toEqual({ action: 'auth.organisation_switched', changes: { organisationId: { after: second.id } } });
    expect(JSON.stringify(trail)).not.toContain(org.id);
  });

  it('gives API tokens an expiry by default, shown in the list, and a token cannot change its owner’s credentials', async () => {
    const admin = await signIn(app, org.members.org_admin.email);
    const created = await app.inject({ method: 'POST', url: '/api/api-tokens', headers: admin.headers, payload: { name: 'ci', role: 'org_admin' } });
    expect(created.statusCode).toBe(201);
    const days = (Date.parse(created.json().expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThanOrEqual(90);
    const list = await app.inject({ method: 'GET', url: '/api/api-tokens?sort=["expiresAt","ASC"]', headers: { cookie: admin.cookie } });
    expect(list.json().find((t: { id: string }) => t.id === created.json().id).expiresAt).toBe(created.json().expiresAt);
    const bearer = { authorization: `Bearer ${created.json().token}` };
    const [{ password_hash: before }] = await ownerQuery<{ password_hash: string }>(app, 'SELECT password_hash FROM app_user WHERE id = $1', [org.members.org_admin.userId]);
    for (const [url, payload] of [
      ['/api/auth/password', { currentPassword: TEST_PASSWORD, newPassword: 'a completely new passphrase' }],
      ['/api/auth/mfa/setup', {}],
      ['/api/auth/mfa/disable', { password: TEST_PASSWORD }],
    ] as const) {
      const response = await app.inject({ method: 'POST', url, headers: bearer, payload });
      expect({ url, status: response.statusCode, code: response.json().code }).toEqual({ url, status: 403, code: 'token_cannot_change_credentials' });
    }
    const [{ password_hash: after }] = await ownerQuery<{ password_hash: string }>(app, 'SELECT password_hash FROM app_user WHERE id = $1', [org.members.org_admin.userId]);
    expect(after).toBe(before);
  });
});

describe('TOTP secrets already stored, and key rotation', () => {
  it('seals secrets stored in clear, and those under an older key, at the next start; their codes keep working', async () => {
    const { db, env } = await testEnvironment({ REDIS_URL: undefined });
    const boot = async (overrides: Record<string, string>) => {
      const config = loadConfig({ ...env, ...overrides });
      const http: NestFastifyApplication = await createHttpApp(config);
      await http.init();
      await http.getHttpAdapter().getInstance().ready();
      return { app: http, config, db, inject: http.inject.bind(http), close: () => http.close() } as unknown as TestApp;
    };
    const oldKey = `old:${randomBytes(32).toString('base64')}`;
    const first = await boot({ TOTP_ENCRYPTION_KEYS: oldKey });
    let second: TestApp | undefined;
    try {
      const org = await createOrganisation(first);
      // One account set up under the old key, one whose secret predates encryption (in clear).
      const me = await signIn(first, org.members.executive.email);
      const setup = await first.inject({ method: 'POST', url: '/api/auth/mfa/setup', headers: me.headers });
      const sealed = totpFor(setup.json().secret);
      expect((await first.inject({ method: 'POST', url: '/api/auth/mfa/enable', headers: me.headers, payload: { code: sealed.generate() } })).statusCode).toBe(204);
      const clear = new Secret({ size: 20 }).base32;
      await ownerQuery(first, 'UPDATE app_user SET totp_secret = $1, totp_enabled = true WHERE id = $2', [clear, org.members.auditor.userId]);
      await first.close();

      second = await boot({ TOTP_ENCRYPTION_KEYS: `new:${randomBytes(32).toString('base64')},${oldKey}` });
      const stored = await ownerQuery<{ id: string; totp_secret: string }>(second, 'SELECT id, totp_secret FROM app_user WHERE totp_secret IS NOT NULL ORDER BY id');
      expect(stored.map((r) => r.totp_secret.split(':').slice(0, 2).join(':'))).toEqual(['v1:new', 'v1:new']);
      expect(JSON.stringify(stored)).not.toContain(clear);
      const later = Date.now() + 30_000;
      for (const [email, totp] of [
        [org.members.executive.email, sealed],
        [org.members.auditor.email, totpFor(clear)],
      ] as const) {
        const response = await second.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: TEST_PASSWORD, totp: totp.generate({ timestamp: later }) } });
        expect({ email, status: response.statusCode }).toEqual({ email, status: 200 });
      }
    } finally {
      await second?.close();
      await db.drop();
    }
  });
});
