import type { HazardLogVersionDetailDto } from '@pairline/contracts';
import { Secret, TOTP } from 'otpauth';
import { createOrganisation, signIn, TEST_PASSWORD, type SignedIn, type TestOrganisation } from '../testing/identity-fixtures';
import { ownerQuery, startTestApp, type TestApp } from '../testing/test-app';

/** Hazard log sign-off by a CSO who has two-factor authentication on: the code, not the password, proves presence. */
describe('hazard log sign-off with TOTP', () => {
  let app: TestApp;
  let org: TestOrganisation;
  let cso: SignedIn;
  let totp: TOTP;
  let productId: string;

  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL: undefined, LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
    org = await createOrganisation(app);
    cso = await signIn(app, org.members.clinical_safety_officer.email);
    const setup = await app.inject({ method: 'POST', url: '/api/auth/mfa/setup', headers: cso.headers });
    totp = new TOTP({ secret: Secret.fromBase32(setup.json().secret), digits: 6, period: 30, algorithm: 'SHA1' });
    expect((await app.inject({ method: 'POST', url: '/api/auth/mfa/enable', headers: cso.headers, payload: { code: totp.generate() } })).statusCode).toBe(204);

    const lead = await signIn(app, org.members.compliance_lead.email);
    const product = await app.inject({ method: 'POST', url: '/api/products', headers: lead.headers, payload: { name: 'Signed with a code', useCase: 'Booking', intendedUsers: 'Practice staff', medicalDeviceStatus: 'class_i' } });
    productId = product.json().id;
    const officer = await app.inject({
      method: 'PUT',
      url: `/api/clinical-safety-officers/${productId}`,
      headers: cso.headers,
      payload: { userId: cso.session.user.id, name: 'Dr Asha Patel', profession: 'General practitioner', registrationNumber: 'GMC 7654321' },
    });
    expect(officer.statusCode).toBe(200);
    const hazard = await app.inject({ method: 'POST', url: '/api/hazards', headers: cso.headers, payload: { productId, name: 'Wrong patient record', description: 'Record matched to another patient', initial: { severity: 'major', likelihood: 'low' }, residual: { severity: 'major', likelihood: 'very_low' } } });
    expect(hazard.statusCode).toBe(201);
  });
  afterAll(() => app.close());

  const issue = async (changeSummary: string): Promise<HazardLogVersionDetailDto> => {
    const issued = await app.inject({ method: 'POST', url: '/api/hazard-log-versions', headers: cso.headers, payload: { productId, changeSummary } });
    expect(issued.statusCode).toBe(201);
    return issued.json();
  };
  const approve = (id: string, payload: object) => app.inject({ method: 'POST', url: `/api/hazard-log-versions/${id}/approve`, headers: cso.headers, payload });
  const approvals = async (id: string) => (await ownerQuery(app, `SELECT 1 FROM hazard_log_approval WHERE hazard_log_version_id = $1`, [id])).length;
  const approvalEvents = async (id: string) => (await ownerQuery(app, `SELECT 1 FROM audit_event WHERE organisation_id = $1 AND entity_id = $2 AND action = 'hazard_log_version.approved'`, [org.id, id])).length;
  const lastStep = async () => (await ownerQuery<{ step: string | null }>(app, `SELECT totp_last_step::text AS step FROM app_user WHERE id = $1`, [cso.session.user.id]))[0].step;
  /** A six-digit code that none of the steps the server accepts (now ±1) would produce. */
  const wrongCode = () => {
    const valid = new Set([-30_000, 0, 30_000].map((offset) => totp.generate({ timestamp: Date.now() + offset })));
    for (let n = 0; ; n++) {
      const code = String(n).padStart(6, '0');
      if (!valid.has(code)) return code;
    }
  };

  it('refuses a wrong code with 403 naming the code and changes nothing, then approves with the current code and refuses its replay', async () => {
    const v1 = await issue('First issue');
    const stepBefore = await lastStep();

    const wrong = await approve(v1.id, { statement: 'Approved', totp: wrongCode() });
    expect(wrong.json()).toMatchObject({ statusCode: 403, code: 'reauthentication_failed', message: expect.stringMatching(/^totp: .*code/), details: { field: 'totp' } });
    expect(await approvals(v1.id)).toBe(0);
    expect(await approvalEvents(v1.id)).toBe(0);
    expect(await lastStep()).toBe(stepBefore);

    const malformed = await approve(v1.id, { statement: 'Approved', totp: '12ab56' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().details).toEqual([expect.objectContaining({ field: 'totp' })]);
    expect(await approvals(v1.id)).toBe(0);

    // The code that enabled MFA belongs to the current step, so signing needs the next one.
    const code = totp.generate({ timestamp: Date.now() + 30_000 });
    const signed = await approve(v1.id, { statement: 'I approve hazard log v1.0.', totp: code });
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({ approval: { approverUserId: cso.session.user.id, professionalRegistration: 'GMC 7654321', statement: 'I approve hazard log v1.0.' } });
    const [event] = await ownerQuery<{ changes: { reauthenticatedWith: { after: string } } }>(app, `SELECT changes FROM audit_event WHERE organisation_id = $1 AND entity_id = $2 AND action = 'hazard_log_version.approved'`, [org.id, v1.id]);
    expect(event.changes.reauthenticatedWith.after).toBe('totp');
    expect(Number(await lastStep())).toBeGreaterThan(Number(stepBefore));

    // An observed code cannot sign a second time.
    const v2 = await issue('Second issue');
    const replay = await approve(v2.id, { statement: 'Approved', totp: code });
    expect(replay.json()).toMatchObject({ statusCode: 403, code: 'reauthentication_failed', details: { field: 'totp' } });
    expect(await approvals(v2.id)).toBe(0);
  });

  it('with MFA on, asks for the code instead of the password and refuses both at once', async () => {
    const v = await issue('Password attempt');
    const passwordOnly = await approve(v.id, { statement: 'Approved', password: TEST_PASSWORD });
    expect(passwordOnly.json()).toMatchObject({ statusCode: 403, code: 'reauthentication_required', message: expect.stringMatching(/^totp: /), details: { field: 'totp' } });
    // A wrong password beside a right code must not pass unchecked.
    const both = await approve(v.id, { statement: 'Approved', password: 'not the password at all', totp: totp.generate() });
    expect(both.json()).toMatchObject({ statusCode: 400, code: 'reauthentication_ambiguous' });
    expect(both.json().message).toMatch(/either password or totp/);
    expect(await approvals(v.id)).toBe(0);
    expect(await approvalEvents(v.id)).toBe(0);
    // The session survives every refusal.
    expect((await app.inject({ method: 'GET', url: '/api/hazard-log-versions', headers: { cookie: cso.cookie } })).statusCode).toBe(200);
  });

  it('without MFA, a code is no substitute for the password', async () => {
    const other = await createOrganisation(app);
    const plain = await signIn(app, other.members.clinical_safety_officer.email);
    const lead = await signIn(app, other.members.compliance_lead.email);
    const product = (await app.inject({ method: 'POST', url: '/api/products', headers: lead.headers, payload: { name: 'No MFA', useCase: 'Booking', intendedUsers: 'Practice staff', medicalDeviceStatus: 'class_i' } })).json();
    await app.inject({ method: 'POST', url: '/api/hazards', headers: plain.headers, payload: { productId: product.id, name: 'Late results', description: 'Results shown late' } });
    const version = (await app.inject({ method: 'POST', url: '/api/hazard-log-versions', headers: plain.headers, payload: { productId: product.id, changeSummary: 'First' } })).json();
    const codeOnly = await app.inject({ method: 'POST', url: `/api/hazard-log-versions/${version.id}/approve`, headers: plain.headers, payload: { statement: 'Approved', totp: '123456' } });
    expect(codeOnly.json()).toMatchObject({ statusCode: 403, code: 'reauthentication_required', details: { field: 'password' } });
    const both = await app.inject({ method: 'POST', url: `/api/hazard-log-versions/${version.id}/approve`, headers: plain.headers, payload: { statement: 'Approved', password: TEST_PASSWORD, totp: '123456' } });
    expect(both.json()).toMatchObject({ statusCode: 400, code: 'reauthentication_ambiguous' });
    expect(await approvals(version.id)).toBe(0);
  });
});
