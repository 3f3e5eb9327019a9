import { createOrganisation, signIn, type SignedIn } from '../testing/identity-fixtures';
import { attachScal } from '../testing/scal-fixtures';
import { startTestApp, type TestApp } from '../testing/test-app';

/**
 * Every list the web app uses, through the list dialect react-admin's stock ra-data-simple-rest
 * sends: sorted by id (its default), getMany as `filter={"id":[…]}`, Content-Range on every
 * answer, and filter values of the wrong type refused with a 400 naming the filter.
 */
describe('every list, in the ra-data-simple-rest dialect', () => {
  let app: TestApp;
  let admin: SignedIn;
  let scalId: string;
  let templateId: string;
  const lists: string[] = [];

  const get = (url: string, params: Record<string, unknown> = {}) => {
    const query = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, JSON.stringify(v)]));
    return app.inject({ method: 'GET', url: `${url}${url.includes('?') ? '&' : '?'}${query}`, headers: { cookie: admin.cookie } });
  };

  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL: undefined });
    const org = await createOrganisation(app);
    admin = await signIn(app, org.members.org_admin.email);
    const product = (await app.inject({ method: 'POST', url: '/api/products', headers: admin.headers, payload: { name: 'Lists', useCase: 'x', intendedUsers: 'y', medicalDeviceStatus: 'not_a_medical_device' } })).json();
    const journey = (await app.inject({ method: 'POST', url: '/api/journeys', headers: admin.headers, payload: { productId: product.id, mechanismId: 'im1_patient', providerSupplierId: 'optum' } })).json();
    scalId = await attachScal(app, admin, [journey.id], 'attached');
    templateId = (await app.inject({ method: 'GET', url: `/api/scals/${scalId}`, headers: { cookie: admin.cookie } })).json().template.id;
    lists.push(
      '/api/products',
      '/api/journeys',
      '/api/provider-suppliers',
      '/api/members',
      '/api/invitations',
      '/api/api-tokens',
      '/api/audit-events',
      '/api/blocking-items',
      '/api/change-freezes',
      '/api/evidence',
      '/api/hazards',
      '/api/hazard-controls',
      '/api/hazard-log-versions',
      '/api/hazard-library',
      '/api/risk-plans',
      '/api/notifications',
      '/api/email-outbox',
      '/api/scal-templates',
      `/api/scal-templates/${templateId}/requirements`,
      '/api/scals',
      `/api/scals/${scalId}/requirements`,
      '/api/timeline-baselines',
      '/api/executive-reports',
    );
  });
  afterAll(() => app.close());

  it('sorts every list by id, both ways, with Content-Range', async () => {
    for (const url of lists) {
      for (const order of ['ASC', 'DESC']) {
        const response = await get(url, { sort: ['id', order], range: [0, 9] });
        expect({ url, status: response.statusCode }).toEqual({ url, status: 200 });
        expect({ url, range: response.headers['content-range'] }).toEqual({ url, range: expect.stringMatching(/^[a-z-]+ (\d+-\d+|\*)\/\d+$/) });
        const ids = (response.json() as { id?: string; identifier?: string }[]).map((item) => item.id ?? item.identifier ?? '');
        const sorted = [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        // Text order in PostgreSQL's C collation (the tests' clusters) is byte order, as here.
        if (/^[0-9a-f-]{36}$/.test(ids[0] ?? '')) expect({ url, ids }).toEqual({ url, ids: order === 'ASC' ? sorted : sorted.reverse() });
      }
    }
  });

  it('answers getMany (filter={"id":[…]}) on every list with exactly the items asked for', async () => {
    for (const url of lists) {
      const all = (await get(url, { range: [0, 9] })).json() as { id?: string; identifier?: string }[];
      const wanted = all.slice(0, 2).map((item) => item.id ?? item.identifier!);
      if (wanted.length === 0) {
        const none = await get(url, { filter: { id: ['00000000-0000-4000-8000-000000000000'] } });
        expect({ url, status: none.statusCode, body: none.json() }).toEqual({ url, status: 200, body: [] });
        continue;
      }
      const many = await get(url, { filter: { id: wanted } });
      expect({ url, status: many.statusCode }).toEqual({ url, status: 200 });
      expect({ url, ids: (many.json() as { id?: string; identifier?: string }[]).map((item) => item.id ?? item.identifier).sort() }).toEqual({ url, ids: [...wanted].sort() });
    }
  });

  it('refuses a non-UUID for a uuid filter on every list whose ids are UUIDs, naming the filter (no 500)', async () => {
    for (const url of lists.filter((u) => !/provider-suppliers|scals\/[^/]+\/requirements/.test(u))) {
      const response = await get(url, { filter: { id: 'nope' } });
      expect({ url, status: response.statusCode, details: response.json().details }).toEqual({ url, status: 400, details: [{ field: 'filter.id', problems: ['must be a UUID'] }] });
    }
    const several = await get('/api/products', { filter: { ownerUserId: [admin.session.user.id, 'nope'] } });
    expect(several.json()).toMatchObject({ statusCode: 400, details: [{ field: 'filter.ownerUserId', problems: ['must be a UUID (each value)'] }] });
  });

  it('refuses values outside a filter’s type or set: enums, booleans, integers and dates', async () => {
    const refused = async (url: string, filter: Record<string, unknown>, field: string, problem: string) => {
      const response = await get(url, { filter });
      expect({ url, status: response.statusCode, details: response.json().details }).toEqual({ url, status: 400, details: [{ field: `filter.${field}`, problems: [problem] }] });
    };
    await refused(`/api/scal-templates/${templateId}/requirements`, { level: 'MUSTNT' }, 'level', 'must be one of: MUST, SHOULD, MAY');
    await refused(`/api/scal-templates/${templateId}/requirements`, { environment: 'Production' }, 'environment', 'must be one of: Internet Facing, OpenTest, INT, INT(PROVIDER), ENVNA');
    await refused('/api/journeys', { status: 'finished' }, 'status', 'must be one of: not_started, in_progress, blocked, live, withdrawn');
    await refused('/api/hazards', { withdrawn: 'yes' }, 'withdrawn', 'must be one of: true, false');
    await refused('/api/hazards', { residualRating: 'high' }, 'residualRating', 'must be an integer');
    await refused('/api/timeline-baselines', { asOf: '2026-02-30' }, 'asOf', 'must be a date (YYYY-MM-DD)');
    await refused('/api/members', { role: 'owner' }, 'role', expect.stringMatching(/^must be one of: org_admin, /) as unknown as string);
    // Accepted values still filter.
    const must = await get(`/api/scal-templates/${templateId}/requirements`, { filter: { level: 'MUST' }, range: [0, 499] });
    expect(must.statusCode).toBe(200);
    expect((must.json() as { level: string }[]).every((r) => r.level === 'MUST')).toBe(true);
    expect((await get('/api/hazards', { filter: { residualRating: '4', withdrawn: false } })).statusCode).toBe(200);
  });
});
