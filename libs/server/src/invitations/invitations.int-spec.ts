import { Client } from 'pg';
import { createOrganisation, signIn, TEST_PASSWORD, type SignedIn, type TestOrganisation } from '../testing/identity-fixtures';
import { startSmtp, type TestSmtp } from '../testing/smtp';
import { startTestApp, type TestApp } from '../testing/test-app';

const linkToken = (text: string) => /accept-invitation\?token=([A-Za-z0-9_%-]+)/.exec(text)?.[1];

describe('invitations by email', () => {
  let smtp: TestSmtp;
  let app: TestApp;
  let org: TestOrganisation;
  let admin: SignedIn;
  beforeAll(async () => {
    smtp = await startSmtp();
    app = await startTestApp({ REDIS_URL: undefined, SMTP_URL: smtp.url, PUBLIC_URL: 'https://pairline.example.org' });
    org = await createOrganisation(app, 'Inviting Org');
    admin = await signIn(app, org.members.org_admin.email);
  });
  afterAll(async () => {
    await app.close();
    await smtp.stop();
  });

  const invite = (email: string, role = 'contributor', as = admin) => app.inject({ method: 'POST', url: '/api/invitations', headers: as.headers, payload: { email, role } });
  const accept = (payload: Record<string, unknown>) => app.inject({ method: 'POST', url: '/api/invitations/accept', payload });

  it('emails a single-use link that creates the account, the membership and a session', async () => {
    const response = await invite('New.Person@Example.org', 'clinical_safety_officer');
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ email: 'new.person@example.org', role: 'clinical_safety_officer', status: 'pending' });
    const mail = smtp.messages.at(-1)!;
    expect(mail.to).toEqual(['new.person@example.org']);
    expect(mail.text).toMatch(/Subject: You are invited to Inviting Org on Pairline/);
    expect(mail.text).toContain('https://pairline.example.org/#/accept-invitation?token=');
    const token = decodeURIComponent(linkToken(mail.text)!);

    const preview = await app.inject({ method: 'GET', url: `/api/invitations/lookup?token=${encodeURIComponent(token)}` });
    expect(preview.json()).toMatchObject({ organisationName: 'Inviting Org', email: 'new.person@example.org', role: 'clinical_safety_officer', existingUser: false });

    // A new account's password follows the password policy: nothing is created for a weak one.
    for (const password of ['password1234', 'aaaaaaaaaaaa', 'new.person@example.org']) {
      const weak = await accept({ token, name: 'New Person', password });
      expect({ password, status: weak.statusCode, code: weak.json().code }).toEqual({ password, status: 400, code: 'weak_password' });
    }
    const accepted = await accept({ token, name: 'New Person', password: 'a long enough passphrase' });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ role: 'clinical_safety_officer', organisation: { id: org.id }, user: { name: 'New Person' } });
    expect(accepted.cookies.some((c) => c.name === 'pairline_session' && c.secure)).toBe(true);

    const reused = await accept({ token, name: 'Someone', password: 'a long enough passphrase' });
    expect(reused.statusCode).toBe(410);
    expect(reused.json().code).toBe('invitation_used');
    await signIn(app, 'new.person@example.org', 'a long enough passphrase');
  });

  it('answers 410 for an expired link and writes nothing', async () => {
    await invite('late@example.org');
    const token = decodeURIComponent(linkToken(smtp.messages.at(-1)!.text)!);
    const client = new Client({ connectionString: app.db.url });
    await client.connect();
    await client.query(`UPDATE invitation SET expires_at = now() - interval '1 minute' WHERE email = 'late@example.org'`);
    const users = async () => (await client.query(`SELECT count(*)::int AS n FROM app_user`)).rows[0].n;
    const before = await users();
    const response = await accept({ token, name: 'Late', password: 'a long enough passphrase' });
    expect(response.statusCode).toBe(410);
    expect(response.json()).toMatchObject({ code: 'invitation_expired', message: expect.stringMatching(/expired/) });
    expect(await users()).toBe(before);
    await client.end();
  });

  it('asks an existing user for their password instead of creating an account', async () => {
    const other = await createOrganisation(app);
    const existing = other.members.executive.email;
    await invite(existing, 'auditor');
    const token = decodeURIComponent(linkToken(smtp.messages.at(-1)!.text)!);
    const wrong = await accept({ token, password: 'not their password' });
    expect(wrong.statusCode).toBe(401);
    const right = await accept({ token, password: TEST_PASSWORD });
    expect(right.statusCode).toBe(200);
    expect(right.json().organisations.map((o: { id: string }) => o.id).sort()).toEqual([org.id, other.id].sort());
  });

  it('refuses weak passwords and bad bodies, creating nothing', async () => {
    await invite('weak@example.org');
    const token = decodeURIComponent(linkToken(smtp.messages.at(-1)!.text)!);
    const weak = await accept({ token, name: 'Weak', password: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().code).toBe('weak_password');
    const badBody = await invite('not-an-email', 'superuser');
    expect(badBody.statusCode).toBe(400);
    expect(badBody.json().details.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'role']);
    const ok = await accept({ token, name: 'Weak', password: 'now a proper passphrase' });
    expect(ok.statusCode).toBe(200);
  });

  it('is for admins only, and refuses to invite an existing member', async () => {
    const lead = await signIn(app, org.members.compliance_lead.email);
    expect((await invite('x@example.org', 'contributor', lead)).statusCode).toBe(403);
    const dup = await invite(org.members.executive.email);
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('already_member');
  });

  it('stores nothing when the email cannot be sent', async () => {
    const broken = await startTestApp({ REDIS_URL: undefined, SMTP_URL: 'smtp://127.0.0.1:1' });
    try {
      const o = await createOrganisation(broken);
      const a = await signIn(broken, o.members.org_admin.email);
      const response = await broken.inject({ method: 'POST', url: '/api/invitations', headers: a.headers, payload: { email: 'lost@example.org', role: 'auditor' } });
      expect(response.statusCode).toBe(422);
      expect(response.json().code).toBe('email_failed');
      const list = await broken.inject({ method: 'GET', url: '/api/invitations', headers: { cookie: a.cookie } });
      expect(list.json()).toEqual([]);
    } finally {
      await broken.close();
    }
  });
});
