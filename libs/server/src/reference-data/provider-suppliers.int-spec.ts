import { PROVIDER_SUPPLIERS } from '@pairline/domain';
import { createOrganisation, signIn } from '../testing/identity-fixtures';
import { countQueries } from '../testing/query-counter';
import { startTestApp, type TestApp } from '../testing/test-app';

describe('GET /api/provider-suppliers', () => {
  let app: TestApp;
  let cookie: string;
  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL: undefined });
    const organisation = await createOrganisation(app);
    ({ cookie } = await signIn(app, organisation.members.executive.email));
  });
  afterAll(() => app.close());

  const list = (query: Record<string, unknown>) =>
    app.inject({
      method: 'GET',
      url: '/api/provider-suppliers',
      headers: { cookie },
      query: Object.fromEntries(Object.entries(query).map(([k, v]) => [k, JSON.stringify(v)])),
    });

  it('serves the reference data the migration wrote, identical to the domain list', async () => {
    const response = await list({ range: [0, 24] });
    expect(response.statusCode).toBe(200);
    const byId = Object.fromEntries(response.json().map((s: { id: string }) => [s.id, s]));
    for (const supplier of PROVIDER_SUPPLIERS) {
      const { key, ...rest } = supplier;
      expect(byId[key]).toEqual({ id: key, ...rest });
    }
    expect(response.json()).toHaveLength(PROVIDER_SUPPLIERS.length);
  });

  it('pages with Content-Range in the ra-data-simple-rest dialect', async () => {
    const first = await list({ sort: ['systemName', 'ASC'], range: [0, 1] });
    expect(first.headers['content-range']).toBe('provider-suppliers 0-1/4');
    expect(first.json().map((s: { systemName: string }) => s.systemName)).toEqual(['EMIS Web', 'Medicus']);
    const second = await list({ sort: ['systemName', 'ASC'], range: [2, 3] });
    expect(second.headers['content-range']).toBe('provider-suppliers 2-3/4');
    expect(second.json().map((s: { systemName: string }) => s.systemName)).toEqual(['SystmOne', 'Vision']);
    const beyond = await list({ range: [10, 19] });
    expect(beyond.json()).toEqual([]);
    expect(beyond.headers['content-range']).toBe('provider-suppliers */4');
  });

  it('filters by ids (getMany), by flag and by free text', async () => {
    const many = await list({ filter: { id: ['tpp', 'medicus'] }, sort: ['name', 'DESC'] });
    expect(many.json().map((s: { id: string }) => s.id)).toEqual(['tpp', 'medicus']);
    const flagged = await list({ filter: { statusUnconfirmed: true } });
    expect(flagged.json().map((s: { id: string }) => s.id)).toEqual(['cegedim']);
    const search = await list({ filter: { q: 'systm' } });
    expect(search.json().map((s: { id: string }) => s.id)).toEqual(['tpp']);
    const wildcard = await list({ filter: { q: '%' } });
    expect(wildcard.json()).toEqual([]);
  });

  it('answers 400 naming every bad parameter', async () => {
    const response = await list({ sort: ['status', 'UP'], filter: { owner: 'me' } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'validation_failed',
      details: [
        { field: 'sort', problems: [expect.stringContaining('cannot sort by "status"')] },
        { field: 'filter.owner', problems: [expect.stringContaining('is not a filter')] },
      ],
    });
  });

  it('gets one supplier, and 404s an unknown one', async () => {
    const tpp = await app.inject({ method: 'GET', url: '/api/provider-suppliers/tpp', headers: { cookie } });
    expect(tpp.json()).toMatchObject({ id: 'tpp', systemName: 'SystmOne' });
    const missing = await app.inject({ method: 'GET', url: '/api/provider-suppliers/emis', headers: { cookie } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({
      statusCode: 404,
      error: 'Not Found',
      code: 'provider_supplier_not_found',
      message: 'No provider supplier "emis".',
    });
  });

  it('requires a signed-in member', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/provider-suppliers' });
    expect(response.statusCode).toBe(401);
  });

  it('runs at most two queries (page and total) whatever the page size', async () => {
    for (const range of [[0, 0], [0, 1], [0, 499], [2, 401]]) {
      const queries = await countQueries(app, /provider_supplier/, async () => expect((await list({ range })).statusCode).toBe(200));
      expect(queries).toBeGreaterThanOrEqual(1);
      expect(queries).toBeLessThanOrEqual(2);
    }
  });
});
