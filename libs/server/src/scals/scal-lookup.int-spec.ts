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

  it('lists the organisation’s SCALs in the list dialect (range, sort, filter, Content-Range, getMany by id)', async () => {
    const productId = await product('Dialect');
    const [a, b] = [await journey(productId, 'optum'), await journey(productId, 'tpp')];
    const first = await attachScal(app, lead, [a], 'attached');
    const second = await attachScal(app, lead, [b], 'attached');
    const all = await find('');
    expect(all.statusCode).toBe(200);
    expect(all.headers['content-range']).toMatch(/^scals 0-\d+\/\d+$/);
    expect(all.json().map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining([first, second]));

    const page = await find(`filter=${encodeURIComponent(JSON.stringify({ productId }))}&sort=${encodeURIComponent('["id","ASC"]')}&range=${encodeURIComponent('[0,0]')}`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-range']).toBe('scals 0-0/2');
    expect(page.json().map((s: { id: string }) => s.id)).toEqual([[first, second].sort()[0]]);

    const many = await find(`filter=${encodeURIComponent(JSON.stringify({ id: [second] }))}`);
    expect(many.json().map((s: { id: string }) => s.id)).toEqual([second]);
    const byJourney = await find(`filter=${encodeURIComponent(JSON.stringify({ journeyId: [a, b] }))}`);
    expect(byJourney.json().map((s: { id: string }) => s.id)).toEqual([first, second]);
  });

  it('refuses a malformed lookup with 400', async () => {
    expect((await find(`filter=${encodeURIComponent('{"journeyId":"nope"}')}`)).json()).toMatchObject({ statusCode: 400, details: [{ field: 'filter.journeyId', problems: ['must be a UUID'] }] });
    expect((await find('journeyId=not-a-uuid')).statusCode).toBe(400);
    expect((await find('journeyId=00000000-0000-4000-8000-000000000000&colour=red')).statusCode).toBe(400);
  });
});
