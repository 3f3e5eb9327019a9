import { createOrganisation, signIn, type SignedIn } from '../testing/identity-fixtures';
import { attachScal } from '../testing/scal-fixtures';
import { startTestApp, type TestApp } from '../testing/test-app';

describe('finding a SCAL by journey or product', () => {
  let app: TestApp;
  let lead: SignedIn;
  let outsider: SignedIn;

  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL: undefined });
    const [org, other] = [await createOrganisation(app), await createOrganisation(app)];
    [lead, outsider] = await Promise.all([signIn(app, org.members.compliance_lead.email), signIn(app, other.members.compliance_lead.email)]);
  });
  afterAll(() => app.close());

  const product = async (name: string): Promise<string> =>
    (await app.inject({ method: 'POST', url: '/api/products', headers: lead.headers, payload: { name, useCase: 'x', intendedUsers: 'y', medicalDeviceStatus: 'not_a_medical_device' } })).json().id;
  const journey = async (productId: string, providerSupplierId: string): Promise<string> =>
    (await app.inject({ method: 'POST', url: '/api/journeys', headers: lead.headers, payload: { productId, mechanismId: 'im1_patient', providerSupplierId } })).json().id;
  const find = (query: string, as = lead) => app.inject({ method: 'GET', url: `/api/scals?${query}`, headers: { cookie: as.cookie } });

  it('answers the SCAL a journey shares, a product’s SCALs, nothing for a journey without one, and nothing across organisations', async () => {
    const productId = await product('CarePlan');
    const [optum, tpp, medicus] = [await journey(productId, 'optum'), await journey(productId, 'tpp'), await journey(productId, 'medicus')];
    const shared = await attachScal(app, lead, [optum, tpp], 'attached');

    for (const journeyId of [optum, tpp]) {
      const found = await find(`journeyId=${journeyId}`);
      expect(found.statusCode).toBe(200);
      expect(found.json()).toEqual([
        expect.objectContaining({ id: shared, productId, journeyIds: [optum, tpp].sort(), template: expect.objectContaining({ key: 'baseline', baseline: true }), version: 1 }),
      ]);
    }
    expect((await find(`journeyId=${medicus}`)).json()).toEqual([]);

    const own = await attachScal(app, lead, [medicus], 'attached');
    expect((await find(`productId=${productId}`)).json().map((s: { id: string }) => s.id)).toEqual([shared, own]);
    expect((await find(`productId=${productId}&journeyId=${medicus}`)).json().map((s: { id: string }) => s.id)).toEqual([own]);

    // Row-level security: another organisation's SCALs do not exist for this one.
    expect((await find(`journeyId=${optum}`, outsider)).json()).toEqual([]);
    expect((await find(`productId=${productId}`, outsider)).json()).toEqual([]);
  });

  it('refuses an unbounded or malformed lookup with 400', async () => {
    expect((await find('')).json()).toMatchObject({ statusCode: 400, code: 'scal_lookup_unbounded' });
    expect((await find('journeyId=not-a-uuid')).statusCode).toBe(400);
    expect((await find('journeyId=00000000-0000-4000-8000-000000000000&colour=red')).statusCode).toBe(400);
  });
});
