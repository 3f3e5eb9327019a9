import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { AUTHENTICATED_ONLY, PUBLIC_ROUTE, REQUIRED_PERMISSION } from './decorators';
import { startTestApp, type TestApp } from '../testing/test-app';

interface Route {
  method: string;
  path: string;
  rule: 'public' | 'permission' | 'authenticated' | 'none';
}

/** Every route the application registers, with the access rule it declares. */
function routes(app: TestApp): Route[] {
  const discovery = app.app.get(DiscoveryService);
  const scanner = app.app.get(MetadataScanner);
  const reflector = app.app.get(Reflector);
  const found: Route[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance || !wrapper.metatype) continue;
    const base = String(Reflect.getMetadata(PATH_METADATA, wrapper.metatype) ?? '');
    for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
      const handler = (instance as Record<string, unknown>)[name] as object;
      const sub = Reflect.getMetadata(PATH_METADATA, handler);
      if (sub === undefined) continue;
      const targets = [handler as never, wrapper.metatype as never];
      const rule = reflector.getAllAndOverride(PUBLIC_ROUTE, targets)
        ? 'public'
        : reflector.getAllAndOverride(REQUIRED_PERMISSION, targets)
          ? 'permission'
          : reflector.getAllAndOverride(AUTHENTICATED_ONLY, targets)
            ? 'authenticated'
            : 'none';
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      const path = `/${[base === 'metrics' ? '' : 'api', base, String(sub)].filter((p) => p && p !== '/').join('/')}`.replace(/\/+/g, '/');
      found.push({ method, path, rule });
    }
  }
  return found;
}

describe('every endpoint is guarded unless explicitly public', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ REDIS_URL: undefined });
  });
  afterAll(() => app.close());

  it('finds the application routes', () => {
    expect(routes(app).length).toBeGreaterThan(20);
  });

  it('declares an access rule on every route', () => {
    expect(routes(app).filter((r) => r.rule === 'none')).toEqual([]);
  });

  it('makes public only what must be reachable signed out', () => {
    expect(routes(app).filter((r) => r.rule === 'public').map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      // The secret in a calendar feed's URL, and the signed token in an unsubscribe link, are the credential.
      'GET /api/calendar-feed/:file',
      'GET /api/health',
      'GET /api/invitations/lookup',
      'GET /api/reminders/unsubscribe',
      'GET /metrics',
      'POST /api/auth/login',
      'POST /api/invitations/accept',
      'POST /api/reminders/unsubscribe',
    ]);
  });

  it('answers 401 to every non-public route without credentials', async () => {
    for (const route of routes(app).filter((r) => r.rule !== 'public')) {
      const url = route.path.replace(/:[a-zA-Z]+/g, '00000000-0000-4000-8000-000000000000');
      const response = await app.inject({ method: route.method as 'GET', url, payload: ['GET', 'DELETE'].includes(route.method) ? undefined : {} });
      expect({ route: `${route.method} ${route.path}`, status: response.statusCode }).toEqual({ route: `${route.method} ${route.path}`, status: 401 });
    }
  });
});
