import { createOrganisation, signIn, type SignedIn, type TestOrganisation } from '../testing/identity-fixtures';
import { startTestApp, type TestApp } from '../testing/test-app';

describe('members and API tokens', () => {
  let app: TestApp;
  let org: TestOrganisation;
  let admin: SignedIn;
  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL: undefined });
    org = await createOrganisation(app);
    admin = await signIn(app, org.members.org_admin.email);
  });
  afterAll(() => app.close());

  const put = (id: string, body: object, as = admin) => app.inject({ method: 'PUT', url: `/api/members/${id}`, headers: as.headers, payload: body });

  it('lists members with search and role filters in the list dialect', async () => {
    const response = await app.inject({ method: 'GET', url: `/api/members?filter=${encodeURIComponent('{"role":["auditor","executive"]}')}&sort=["email","ASC"]`, headers: { cookie: admin.cookie } });
    expect(response.headers['content-range']).toBe('members 0-1/2');
    expect(response.json().map((m: { role: string }) => m.role).sort()).toEqual(['auditor', 'executive']);
  });

  it('pages, sorts, searches and counts the members of the caller\'s organisation only', async () => {
    await createOrganisation(app);
    const list = async (query: string) => {
      const response = await app.inject({ method: 'GET', url: `/api/members?${query}`, headers: { cookie: admin.cookie } });
      expect(response.statusCode).toBe(200);
      return { range: response.headers['content-range'], members: response.json() as { id: string; role: string; email: string; name: string }[] };
    };
    const filter = (value: object) => `filter=${encodeURIComponent(JSON.stringify(value))}`;
    // A full page cannot tell the total; a short one can; one past the end counts again.
    expect((await list('range=[0,1]')).range).toBe('members 0-1/6');
    expect((await list('range=[4,9]')).range).toBe('members 4-5/6');
    expect((await list('range=[10,19]')).range).toBe('members */6');
    const all = (await list('')).members;
    expect(all.map((m) => m.name)).toEqual([...all.map((m) => m.name)].sort());
    // Ties (one creation time) are ordered by id, in the requested direction.
    expect((await list('sort=["createdAt","DESC"]')).members.map((m) => m.id)).toEqual(all.map((m) => m.id).sort().reverse());
    expect((await list(filter({ q: 'AUDITOR' }))).members.map((m) => m.role)).toEqual(['auditor']);
    // "_" is a literal in a search, not LIKE's any-character (the emails use "-").
    expect((await list(filter({ q: '_' }))).members.map((m) => m.role).sort()).toEqual(['clinical_safety_officer', 'compliance_lead', 'org_admin']);
    expect((await list(filter({ id: [all[0].id, all[2].id] }))).range).toBe('members 0-1/2');
    const refused = await app.inject({ method: 'GET', url: `/api/members?${filter({ organisationId: org.id })}`, headers: { cookie: admin.cookie } });
    expect(refused.json()).toMatchObject({ statusCode: 400, code: 'validation_failed' });
  });

  it('keeps at least one admin: the last one can neither leave nor be demoted', async () => {
    const self = org.members.org_admin.membershipId;
    expect((await put(self, { role: 'executive', version: 1 })).json()).toMatchObject({ statusCode: 422, code: 'last_admin' });
    expect((await app.inject({ method: 'DELETE', url: `/api/members/${self}`, headers: admin.headers })).statusCode).toBe(422);
    const promoted = await put(org.members.compliance_lead.membershipId, { role: 'org_admin', version: 1 });
    expect(promoted.statusCode).toBe(200);
    expect((await put(self, { role: 'executive', version: 1 })).statusCode).toBe(200);
    // Now an executive: no longer allowed to manage members.
    expect((await put(org.members.auditor.membershipId, { role: 'contributor', version: 1 })).statusCode).toBe(403);
  });

  it('refuses a stale version with 409', async () => {
    const lead = await signIn(app, org.members.compliance_lead.email);
    const id = org.members.contributor.membershipId;
    expect((await put(id, { role: 'auditor', version: 1 }, lead)).statusCode).toBe(200);
    const stale = await put(id, { role: 'executive', version: 1 }, lead);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('stale_version');
  });

  it('issues a personal token shown once, stored hashed, usable as a bearer token, revocable', async () => {
    const auditor = await signIn(app, org.members.auditor.email);
    const created = await app.inject({ method: 'POST', url: '/api/api-tokens', headers: auditor.headers, payload: { name: 'export job', role: 'auditor', expiresInDays: 30 } });
    expect(created.statusCode).toBe(201);
    const { token, id, prefix } = created.json();
    expect(token).toMatch(/^plt_[A-Za-z0-9_-]{40,}$/);
    expect(token.startsWith(prefix)).toBe(true);
    const listed = await app.inject({ method: 'GET', url: '/api/api-tokens', headers: { cookie: auditor.cookie } });
    expect(JSON.stringify(listed.json())).not.toContain(token);

    const bearer = { authorization: `Bearer ${token}` };
    expect((await app.inject({ method: 'GET', url: '/api/audit-events', headers: bearer })).statusCode).toBe(200);
    // No CSRF for tokens, but still only what the token's role allows.
    expect((await app.inject({ method: 'GET', url: '/api/invitations', headers: bearer })).statusCode).toBe(403);
    const mint = await app.inject({ method: 'POST', url: '/api/api-tokens', headers: bearer, payload: { name: 'child', role: 'auditor' } });
    expect(mint.json().code).toBe('token_cannot_mint_tokens');

    expect((await app.inject({ method: 'DELETE', url: `/api/api-tokens/${id}`, headers: auditor.headers })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/audit-events', headers: bearer })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/audit-events', headers: { authorization: 'Bearer plt_forged' } })).statusCode).toBe(401);
  });

  it("never grants more than its owner's current role", async () => {
    const other = await createOrganisation(app);
    const otherAdmin = await signIn(app, other.members.org_admin.email);
    const contributor = await signIn(app, other.members.contributor.email);
    const tooMuch = await app.inject({ method: 'POST', url: '/api/api-tokens', headers: contributor.headers, payload: { name: 'x', role: 'org_admin' } });
    expect(tooMuch.statusCode).toBe(422);
    expect(tooMuch.json().code).toBe('role_exceeds_yours');

    const lead = await signIn(app, other.members.compliance_lead.email);
    const { token } = (await app.inject({ method: 'POST', url: '/api/api-tokens', headers: lead.headers, payload: { name: 'x', role: 'compliance_lead' } })).json();
    const bearer = { authorization: `Bearer ${token}` };
    expect((await app.inject({ method: 'GET', url: '/api/members', headers: bearer })).statusCode).toBe(200);
    await app.inject({ method: 'PUT', url: `/api/members/${other.members.compliance_lead.membershipId}`, headers: otherAdmin.headers, payload: { role: 'executive', version: 1 } });
    expect((await app.inject({ method: 'GET', url: '/api/members', headers: bearer })).statusCode).toBe(401);
  });
});
