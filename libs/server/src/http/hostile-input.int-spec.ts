import { RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import fc from 'fast-check';
import { readdir } from 'node:fs/promises';
import { multipart, pdf } from '../testing/evidence-fixtures';
import { createOrganisation, signIn, type SignedIn, type TestOrganisation } from '../testing/identity-fixtures';
import { ownerQuery, startTestApp, type TestApp } from '../testing/test-app';

interface WriteRoute {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** Fields the route's body DTO declares (none: a route without a body). */
  fields: string[];
}

/** Every write route the application registers, with its body DTO's fields. */
function writeRoutes(app: TestApp): WriteRoute[] {
  const discovery = app.app.get(DiscoveryService);
  const scanner = app.app.get(MetadataScanner);
  const found: WriteRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance || !wrapper.metatype) continue;
    const base = String(Reflect.getMetadata(PATH_METADATA, wrapper.metatype) ?? '');
    for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
      const handler = (instance as Record<string, unknown>)[name] as object;
      const sub = Reflect.getMetadata(PATH_METADATA, handler);
      if (sub === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number] as WriteRoute['method'];
      if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) continue;
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, wrapper.metatype, name) ?? {}) as Record<string, { index: number; data?: string }>;
      const body = Object.entries(args).find(([key, arg]) => key.split(':')[0] === String(RouteParamtypes.BODY) && !arg.data);
      const types = (Reflect.getMetadata('design:paramtypes', wrapper.metatype.prototype, name) ?? []) as Type[];
      const dto = body ? types[body[1].index] : undefined;
      const fields = dto ? [...new Set(getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false).map((m) => m.propertyName))] : [];
      const path = `/${['api', base, String(sub)].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/');
      found.push({ method, path, fields });
    }
  }
  return found.sort((a, b) => `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`));
}

/** Path parameters: well-formed ids, so a request gets past the parameter pipes to the body. */
const fillPath = (path: string) =>
  path.replace(/:(\w+)/g, (_, name: string) => (/id$|Id$/.test(name) ? '00000000-0000-4000-8000-000000000000' : name === 'number' ? '1' : 'x'));

const NUL = fc.string({ maxLength: 20 }).map((s) => `${s}\u0000${s}`);
const SURROGATE = fc.constantFrom('\ud800', '\udfff', 'a\udc00b', 'x\ud83d');
/** Values no field of any DTO accepts: each is refused where the body enters. */
const refusedAtEntry = fc.oneof(NUL, SURROGATE, fc.constant(null).map(() => JSON.parse('{"__proto__":{"admin":true}}')));
/** Anything: wrong types, nulls, huge strings, nesting; may by chance be valid somewhere. */
const anything = fc.oneof(
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.string({ maxLength: 40 }),
  fc.constant('x'.repeat(200_000)),
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string(), fc.constant(null)), { maxKeys: 3 }),
  fc.constant(JSON.parse(`${'['.repeat(50)}${']'.repeat(50)}`)),
);

describe('hostile input on every write route', () => {
  let app: TestApp;
  let org: TestOrganisation;
  let admin: SignedIn;
  let routes: WriteRoute[];

  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL: undefined });
    org = await createOrganisation(app);
    admin = await signIn(app, org.members.org_admin.email);
    routes = writeRoutes(app);
  });
  afterAll(() => app.close());

  /** Rows of every table, and each organisation's audit head: what a refused request must leave as it was. */
  const snapshot = async () => {
    const tables = (await ownerQuery<{ tablename: string }>(app, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).map((t) => t.tablename);
    const counts: Record<string, number> = {};
    for (const table of tables) counts[table] = (await ownerQuery<{ n: number }>(app, `SELECT count(*)::int AS n FROM "${table}"`))[0].n;
    const heads = await ownerQuery(app, `SELECT organisation_id, max(seq)::int AS seq, (array_agg(hash ORDER BY seq DESC))[1] AS hash FROM audit_event GROUP BY 1 ORDER BY 1`);
    return { counts, heads, files: (await readdir(app.config.evidence.storage.kind === 'local' ? app.config.evidence.storage.dir : '.', { recursive: true }).catch(() => [])).length };
  };

  const send = (route: WriteRoute, payload: unknown) =>
    app.inject({ method: route.method, url: fillPath(route.path), headers: { ...admin.headers, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });

  it('finds the write routes and their bodies', () => {
    expect(routes.length).toBeGreaterThan(60);
    expect(routes.find((r) => r.path === '/api/products' && r.method === 'POST')?.fields).toEqual(expect.arrayContaining(['name', 'useCase']));
  });

  it('refuses NUL bytes, lone surrogates and prototype keys in any field of any body with a 4xx naming it, and changes nothing', async () => {
    const before = await snapshot();
    const failures: string[] = [];
    for (const route of routes) {
      const fields = route.fields.length ? route.fields : ['anything'];
      await fc.assert(
        fc.asyncProperty(fc.subarray(fields, { minLength: 1 }), fc.array(refusedAtEntry, { minLength: fields.length, maxLength: fields.length }), async (chosen, values) => {
          const body = Object.fromEntries(chosen.map((field, i) => [field, values[i]]));
          const response = await send(route, body);
          const named = JSON.stringify(response.json().details ?? '');
          const ok = response.statusCode >= 400 && response.statusCode < 500 && (response.statusCode !== 400 || chosen.some((f) => named.includes(f)));
          if (!ok) failures.push(`${route.method} ${route.path} ${JSON.stringify(body).slice(0, 120)} → ${response.statusCode} ${response.body.slice(0, 160)}`);
          return true;
        }),
        { numRuns: 8, seed: 17 },
      );
    }
    expect(failures).toEqual([]);
    expect(await snapshot()).toEqual(before);
  }, 120_000);

  it('never answers 5xx to wrong types, nulls, huge strings and nesting in any body', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      // A fresh session each time: a route may end it (sign-out, password change), and every later
      // request would stop at 401 instead of reaching its body.
      admin = await signIn(app, org.members.org_admin.email);
      const fields = [...route.fields, 'unexpected'];
      await fc.assert(
        fc.asyncProperty(fc.dictionary(fc.constantFrom(...fields), anything, { maxKeys: fields.length }), async (body) => {
          const response = await send(route, body);
          if (response.statusCode >= 500) failures.push(`${route.method} ${route.path} ${JSON.stringify(body).slice(0, 160)} → ${response.statusCode}`);
          return true;
        }),
        { numRuns: 10, seed: 17 },
      );
    }
    expect(failures).toEqual([]);
  }, 180_000);

  it('over valid bodies for real records, any one field made hostile: never 5xx, and a refusal changes nothing', async () => {
    admin = await signIn(app, org.members.org_admin.email);
    const post = async (url: string, payload: object) => {
      const response = await app.inject({ method: 'POST', url, headers: admin.headers, payload });
      expect({ url, status: response.statusCode }).toEqual({ url, status: 201 });
      return response.json();
    };
    const product = await post('/api/products', { name: 'Fuzz', useCase: 'x', intendedUsers: 'y', medicalDeviceStatus: 'undetermined' });
    const journey = await post('/api/journeys', { productId: product.id, mechanismId: 'im1_patient', providerSupplierId: 'optum' });
    const hazard = await post('/api/hazards', { productId: product.id, name: 'H', description: 'd', initial: { severity: 'major', likelihood: 'low' } });
    const control = await post('/api/hazard-controls', { productId: product.id, type: 'design', description: 'c', hazardIds: [hazard.id] });
    const evidence = await post('/api/evidence', { title: 'E' });
    const item = await post('/api/blocking-items', { journeyId: journey.id, title: 'B', owedBy: 'us' });
    const freeze = await post('/api/change-freezes', { providerSupplierId: 'tpp', startsOn: '2030-01-01', endsOn: '2030-01-10' });
    const bases: [string, string, Record<string, unknown>][] = [
      ['POST', '/api/products', { name: 'Fuzz 2', productVersion: '1', useCase: 'x', intendedUsers: 'y', medicalDeviceStatus: 'undetermined', ownerUserId: org.members.org_admin.userId }],
      ['PUT', `/api/products/${product.id}`, { name: 'Fuzz', productVersion: '1', useCase: 'x', intendedUsers: 'y', medicalDeviceStatus: 'undetermined', ownerUserId: null, version: product.version }],
      ['POST', '/api/journeys', { productId: product.id, mechanismId: 'gpc_access_record_html', ownerUserId: null, targetGoLive: '2031-01-01', notes: 'n' }],
      ['PUT', `/api/journeys/${journey.id}`, { ownerUserId: null, targetGoLive: '2031-01-01', notes: 'n', version: journey.version }],
      ['POST', '/api/hazards', { productId: product.id, name: 'H2', description: 'd', possibleCauses: ['a'], hazardType: null, journeyIds: [journey.id], initial: { severity: 'major', likelihood: 'low' }, residual: null, actionSummary: 'a', nextReviewOn: '2031-01-01' }],
      ['PUT', `/api/hazards/${hazard.id}`, { name: 'H', description: 'd', possibleCauses: ['a'], effect: 'e', harm: 'h', initial: { severity: 'major', likelihood: 'low' }, version: hazard.version }],
      ['PUT', `/api/hazard-controls/${control.id}`, { description: 'c', status: 'planned', hazardIds: [hazard.id], verificationReference: null, version: control.version }],
      ['PUT', `/api/evidence/${evidence.id}`, { title: 'E', description: null, version: evidence.version }],
      ['PUT', `/api/blocking-items/${item.id}`, { journeyId: journey.id, title: 'B', owedBy: 'us', status: 'open', dueOn: null, description: 'd', version: item.version }],
      ['PUT', `/api/change-freezes/${freeze.id}`, { providerSupplierId: 'tpp', startsOn: '2030-01-01', endsOn: '2030-01-10', reason: 'r', version: freeze.version }],
      ['PUT', `/api/clinical-safety-officers/${product.id}`, { userId: null, name: 'Dr A', profession: 'GP', registrationNumber: 'GMC 1' }],
      ['POST', '/api/api-tokens', { name: 't', role: 'auditor', expiresInDays: 30 }],
    ];
    // Every field gets each of these in turn; then fast-check draws more.
    const wrong: unknown[] = [null, '', -1, 1e308, true, [], { a: { b: 1 } }, '2026-02-30', 'not-a-uuid'];
    const hostile = fc.oneof(NUL, SURROGATE, fc.string({ maxLength: 30 }), fc.integer(), fc.double(), fc.constant('00000000-0000-4000-8000-000000000000'), fc.constant('x'.repeat(200_000)), fc.constant([null]));
    const head = async () => (await ownerQuery<{ seq: number | null }>(app, 'SELECT max(seq)::int AS seq FROM audit_event WHERE organisation_id = $1', [org.id]))[0].seq;
    const failures: string[] = [];
    const attempt = async (method: string, url: string, payload: Record<string, unknown>, field: string) => {
      const before = await head();
      const response = await app.inject({ method: method as 'POST', url, headers: admin.headers, payload });
      const after = await head();
      if (response.statusCode >= 500 || (response.statusCode >= 400 && after !== before) || (response.statusCode === 400 && !response.body.includes(field))) {
        failures.push(`${method} ${url} ${field}=${JSON.stringify(payload[field]).slice(0, 40)} → ${response.statusCode} ${response.body.slice(0, 120)}`);
      }
    };
    for (const [method, url, base] of bases) {
      for (const field of Object.keys(base)) for (const value of wrong) await attempt(method, url, { ...base, [field]: value }, field);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...Object.keys(base)), hostile, async (field, value) => attempt(method, url, { ...base, [field]: value }, field)),
        { numRuns: 12, seed: 42 },
      );
    }
    expect(failures).toEqual([]);
  }, 180_000);

  it('answers malformed JSON, and nesting 10,000 deep, with 400 before anything else runs', async () => {
    for (const route of routes) {
      for (const payload of ['{"name":', `{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, '\u0000', '{"a":"\\ud800"}']) {
        const response = await app.inject({ method: route.method, url: fillPath(route.path), headers: { ...admin.headers, 'content-type': 'application/json' }, payload });
        expect({ route: `${route.method} ${route.path}`, status: response.statusCode }).toEqual({ route: `${route.method} ${route.path}`, status: 400 });
      }
    }
  }, 60_000);

  it('refuses malformed multipart uploads with 400 and stores nothing', async () => {
    admin = await signIn(app, org.members.org_admin.email);
    const item = (await app.inject({ method: 'POST', url: '/api/evidence', headers: admin.headers, payload: { title: 'Fuzzed' } })).json();
    const before = await snapshot();
    const whole = multipart({ effectiveOn: '2026-01-01', note: 'n' }, [{ name: 'a.pdf', content: pdf(4_000) }]);
    const boundary = whole.headers['content-type'].split('boundary=')[1];
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          // Cut anywhere before the closing boundary.
          fc.integer({ min: 0, max: whole.payload.length - boundary.length - 8 }).map((at) => ({ payload: whole.payload.subarray(0, at), type: whole.headers['content-type'] })),
          // Another boundary than the header announces.
          fc.constant({ payload: whole.payload, type: 'multipart/form-data; boundary=somethingelse' }),
          // Garbage, with or without a boundary.
          fc.uint8Array({ maxLength: 2_000 }).map((bytes) => ({ payload: Buffer.from(bytes), type: whole.headers['content-type'] })),
          fc.string({ maxLength: 200 }).map((text) => ({ payload: Buffer.from(text), type: 'multipart/form-data' })),
          // A field with a NUL byte.
          fc.constant({ ...multipart({ effectiveOn: '2026-01-01', note: 'a\u0000b' }, [{ name: 'a.pdf', content: pdf() }]), type: '' }).map((b) => ({ payload: b.payload, type: b.headers['content-type'] })),
        ),
        async ({ payload, type }) => {
          const response = await app.inject({ method: 'POST', url: `/api/evidence/${item.id}/revisions`, headers: { ...admin.headers, 'content-type': type }, payload });
          expect({ status: response.statusCode, code: response.json().code }).toEqual({ status: 400, code: expect.stringMatching(/^(multipart_malformed|validation_failed|upload_interrupted)$/) });
        },
      ),
      { numRuns: 40, seed: 17 },
    );
    expect(await snapshot()).toEqual(before);
  }, 120_000);

  it('refuses malformed multipart on the import upload too: the same shared reader', async () => {
    admin = await signIn(app, org.members.org_admin.email);
    const before = await snapshot();
    const csv = Buffer.from('Requirement ID,Description,Level\nT-1,Row,MUST\n');
    const boundary = 'fuzzboundary';
    const whole = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="t.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: whole.length - boundary.length - 8 }), async (at) => {
        const response = await app.inject({ method: 'POST', url: '/api/scal-templates/files', headers: { ...admin.headers, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: whole.subarray(0, at) });
        expect({ at, status: response.statusCode }).toEqual({ at, status: 400 });
      }),
      { numRuns: 25, seed: 17 },
    );
    expect(await snapshot()).toEqual(before);
  });

  it('refuses NUL bytes and lone surrogates in list filters and searches', async () => {
    admin = await signIn(app, org.members.org_admin.email);
    for (const url of ['/api/products', '/api/journeys', '/api/hazards', '/api/evidence', '/api/members', '/api/audit-events']) {
      await fc.assert(
        fc.asyncProperty(fc.oneof(NUL, SURROGATE), fc.constantFrom('q', 'name', 'status'), async (value, key) => {
          const response = await app.inject({ method: 'GET', url: `${url}?filter=${encodeURIComponent(JSON.stringify({ [key]: value }))}`, headers: { cookie: admin.cookie } });
          expect({ url, status: response.statusCode }).toEqual({ url, status: 400 });
        }),
        { numRuns: 5, seed: 17 },
      );
    }
  });
});
