import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsString, Max, MinLength, ValidateNested } from 'class-validator';
import { Client } from 'pg';
import { Public } from '../auth/decorators';
import { createOrganisation, signIn } from '../testing/identity-fixtures';
import { startTestApp, type TestApp } from '../testing/test-app';
import { Nullable, Optional } from './validation';

class ProbeOwner {
  @IsEmail()
  email!: string;
}

class ProbeBody {
  @IsString()
  @MinLength(3)
  name!: string;

  @IsIn(['draft', 'live'])
  status!: string;

  @IsInt()
  @Max(10)
  count!: number;

  @ValidateNested()
  @Type(() => ProbeOwner)
  owner!: ProbeOwner;

  @Optional()
  @IsString()
  nickname?: string;

  @Nullable()
  @IsString()
  note?: string | null;
}

/** A write endpoint to exercise body handling in isolation from any feature's rules. */
@Controller('probe')
class ProbeController {
  @Post()
  @Public()
  @HttpCode(200)
  echo(@Body() body: ProbeBody): ProbeBody {
    return body;
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

describe('error model over HTTP', () => {
  let app: TestApp;
  let cookie: string;
  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL: undefined, HTTP_BODY_LIMIT_BYTES: '2048' }, [ProbeModule]);
    ({ cookie } = await signIn(app, (await createOrganisation(app)).members.executive.email));
  });
  afterAll(() => app.close());

  it('answers malformed JSON with 400, never 500', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/probe', headers: { 'content-type': 'application/json' }, payload: '{"name":' });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ statusCode: 400, code: 'malformed_json' });
  });

  it('refuses NUL bytes, lone surrogates and prototype keys anywhere in a body, naming the field, before validation', async () => {
    const post = (payload: string) => app.inject({ method: 'POST', url: '/api/probe', headers: { 'content-type': 'application/json' }, payload });
    const nul = await post('{"name":"a\\u0000b","status":"live","count":1,"owner":{"email":"x\\u0000@y.org"}}');
    expect(nul.statusCode).toBe(400);
    expect(nul.json().details).toEqual([
      { field: 'name', problems: [expect.stringMatching(/NUL/)] },
      { field: 'owner.email', problems: [expect.stringMatching(/NUL/)] },
    ]);
    expect((await post('{"name":"x\\ud800y","status":"live","count":1,"owner":{"email":"a@b.org"}}')).json().details).toEqual([{ field: 'name', problems: [expect.stringMatching(/surrogate/)] }]);
    // A proper pair is text like any other.
    expect((await post('{"name":"x\\ud83d\\ude00y","status":"live","count":1,"owner":{"email":"a@b.org"}}')).statusCode).toBe(200);
    const proto = await post('{"name":"abc","status":"live","count":1,"owner":{"email":"a@b.org","__proto__":{"admin":true}}}');
    expect(proto.json()).toMatchObject({ statusCode: 400, details: [{ field: 'owner.__proto__', problems: [expect.stringMatching(/__proto__/)] }] });
    const query = await app.inject({ method: 'GET', url: `/api/provider-suppliers?filter=${encodeURIComponent('{"q":"a\\u0000"}')}`, headers: { cookie } });
    expect(query.json()).toMatchObject({ statusCode: 400, details: [{ field: 'filter.q' }] });
  });

  it('refuses JSON nested past the depth limit at parse time, and bytes that are not UTF-8', async () => {
    const deep = await app.inject({ method: 'POST', url: '/api/probe', headers: { 'content-type': 'application/json' }, payload: `{"name":${'['.repeat(600)}${']'.repeat(600)}}` });
    expect(deep.json()).toMatchObject({ statusCode: 400, code: 'json_too_deep' });
    const latin1 = await app.inject({ method: 'POST', url: '/api/probe', headers: { 'content-type': 'application/json' }, payload: Buffer.from('{"name":"caf\xe9"}', 'latin1') });
    expect(latin1.json()).toMatchObject({ statusCode: 400, code: 'malformed_json', message: expect.stringMatching(/UTF-8/) });
  });

  it('answers an unsupported content type with 415', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/probe', headers: { 'content-type': 'application/xml' }, payload: '<a/>' });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ code: 'unsupported_media_type' });
  });

  it('answers a body over the configured limit with 413', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/probe', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ pad: 'x'.repeat(4096) }) });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'body_too_large' });
  });

  it('lists every bad field of a body, nested ones by path, and refuses unknown fields', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/probe',
      payload: { name: 'ab', status: 'gone', count: 11, owner: { email: 'nope' }, extra: true },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.code).toBe('validation_failed');
    expect(body.details.map((d: { field: string }) => d.field).sort()).toEqual(['count', 'extra', 'name', 'owner.email', 'status']);
    expect(body.message).toMatch(/name .*count .*|count .*name/);
  });

  it('refuses null for a field that cannot be empty, naming it, and takes null as "clear" where it can', async () => {
    const base = { name: 'abc', status: 'live', count: 3, owner: { email: 'cso@example.org' } };
    const refused = await app.inject({ method: 'POST', url: '/api/probe', payload: { ...base, nickname: null } });
    expect(refused.json()).toMatchObject({ statusCode: 400, details: [{ field: 'nickname', problems: ['nickname cannot be null: leave it out to keep its value'] }] });
    const cleared = await app.inject({ method: 'POST', url: '/api/probe', payload: { ...base, note: null } });
    expect(cleared.statusCode).toBe(200);
    expect(cleared.json().note).toBeNull();
  });

  it('accepts a valid body', async () => {
    const payload = { name: 'abc', status: 'live', count: 3, owner: { email: 'cso@example.org' } };
    const response = await app.inject({ method: 'POST', url: '/api/probe', payload });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(payload);
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const response = await app.inject({ method: 'DELETE', url: '/api/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ statusCode: 404, code: 'not_found' });
  });

  it('turns an unexpected failure into a 500 with a correlation id and no internals', async () => {
    // As the owner: the application's own role may not alter tables.
    const owner = new Client({ connectionString: app.db.url });
    await owner.connect();
    await owner.query('ALTER TABLE provider_supplier RENAME TO provider_supplier_gone');
    try {
      const response = await app.inject({ method: 'GET', url: '/api/provider-suppliers', headers: { 'x-request-id': 'trace-me-123', cookie } });
      expect(response.statusCode).toBe(500);
      expect(response.headers['x-request-id']).toBe('trace-me-123');
      expect(response.json()).toEqual({
        statusCode: 500,
        error: 'Internal Server Error',
        code: 'internal_error',
        message: expect.stringContaining('correlation id'),
        correlationId: 'trace-me-123',
      });
      expect(response.body).not.toMatch(/provider_supplier|does not exist|SELECT/);
    } finally {
      await owner.query('ALTER TABLE provider_supplier_gone RENAME TO provider_supplier');
      await owner.end();
    }
  });

  it('serves the OpenAPI document', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/docs/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(Object.keys(response.json().paths)).toEqual(expect.arrayContaining(['/api/health', '/api/provider-suppliers', '/api/provider-suppliers/{id}']));
  });

  it('exposes Prometheus metrics with route-level request durations', async () => {
    await app.inject({ method: 'GET', url: '/api/provider-suppliers/tpp', headers: { cookie } });
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/provider-suppliers\/:id",status_code="200"\} \d+/);
  });
});

describe('CORS', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL: undefined, PUBLIC_URL: 'https://pairline.example.org' });
  });
  afterAll(() => app.close());

  it('lets the configured origin read Content-Range', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/provider-suppliers', headers: { origin: 'https://pairline.example.org' } });
    expect(response.headers['access-control-allow-origin']).toBe('https://pairline.example.org');
    expect(String(response.headers['access-control-expose-headers'])).toMatch(/Content-Range/);
  });

  it('gives no CORS grant to any other origin', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/provider-suppliers', headers: { origin: 'https://evil.example.com' } });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sends HSTS with the other security headers when served over HTTPS', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/health' });
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
  });
});

describe('security headers', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL: undefined });
  });
  afterAll(() => app.close());

  it('sends helmet\'s headers and the strict CSP on every response, errors included', async () => {
    for (const url of ['/api/health', '/api/members', '/api/nothing-here']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.headers).toMatchObject({
        'content-security-policy':
          "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'none';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';upgrade-insecure-requests;connect-src 'self'",
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
        'origin-agent-cluster': '?1',
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
        'x-dns-prefetch-control': 'off',
        'x-download-options': 'noopen',
        'x-frame-options': 'SAMEORIGIN',
        'x-permitted-cross-domain-policies': 'none',
        'x-xss-protection': '0',
      });
      expect(response.headers['strict-transport-security']).toBeUndefined();
      expect(response.headers['x-powered-by']).toBeUndefined();
    }
  });
});
