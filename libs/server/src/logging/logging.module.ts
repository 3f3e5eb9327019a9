import { Module, RequestMethod } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { LoggerModule, type Params } from 'nestjs-pino';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { levels } from 'pino';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

/** Paths never written to logs: credentials travel in these. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.secret',
  '*.totp',
];

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Accepts a caller's X-Request-Id when it is sane, so one id follows a request across services. */
export function requestIdFor(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/**
 * Whether each request gets its own "request completed" line. pino-http writes those at `info`;
 * at a higher level it writes none, yet still does its per-request work (two child loggers, the
 * request serialised and redacted, a middleware hop), which was a tenth of a signed-in list
 * request's CPU. Then `bindRequestsToLogs` binds the request to log lines instead, for free until
 * a line is written.
 */
export function logsEachRequest(level: string): boolean {
  return level !== 'silent' && levels.values[level] <= levels.values.info;
}

/** The request being handled, when requests are not logged one by one (see logsEachRequest). */
const requestContext = new AsyncLocalStorage<IncomingMessage>();

const SERVICE = 'pairline';

/**
 * Probes and scrapes every few seconds would drown the request log; their lines carry no request.
 * (Nest route info for nestjs-pino, and the Fastify routes they become.)
 */
const UNLOGGED = [
  { method: RequestMethod.GET, path: 'health', route: '/api/health' },
  { method: RequestMethod.GET, path: 'metrics', route: '/metrics' },
];

/** The logger's parameters; exported for the test that holds both ways of binding requests equal. */
export function loggerParams(config: Pick<AppConfig, 'log'>): Params {
  const eachRequest = logsEachRequest(config.log.level);
  return {
    exclude: UNLOGGED.map(({ method, path }) => ({ method, path })),
    // Without per-request lines pino-http's middleware is not mounted at all.
    ...(eachRequest ? {} : { forRoutes: [] }),
    pinoHttp: {
      level: config.log.level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      // Fastify already assigned the id (see http-app); reuse it so logs and error bodies agree.
      genReqId: (req: IncomingMessage) => (req as IncomingMessage & { id?: string }).id ?? requestIdFor(req),
      customProps: () => ({ service: SERVICE }),
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      },
      // The same fields, in the same place, as pino-http's request child logger gives its lines.
      ...(eachRequest
        ? {}
        : {
            mixin: () => {
              const req = requestContext.getStore();
              return req ? { req, service: SERVICE } : {};
            },
          }),
      ...(config.log.format === 'pretty'
        ? { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service' } } }
        : {}),
    },
  };
}

/** Runs `work` with `request` bound to the log lines it writes (see logsEachRequest). */
export function withRequestLogs<T>(request: FastifyRequest, work: () => T): T {
  // The request serializer reads the id from the raw request, where @fastify/middie puts it.
  (request.raw as IncomingMessage & { id?: string }).id = String(request.id);
  return requestContext.run(request.raw, work);
}

/**
 * When requests are not logged one by one: runs every route's handler (Nest's whole pipeline,
 * its exception filter included) with the request bound to log lines, as pino-http's middleware
 * would, minus the routes it leaves out.
 */
export function bindRequestsToLogs(fastify: FastifyInstance, config: Pick<AppConfig, 'log'>): void {
  if (logsEachRequest(config.log.level)) return;
  fastify.addHook('onRoute', (route) => {
    const methods = ([] as string[]).concat(route.method);
    if (UNLOGGED.some((u) => u.route === route.url && methods.every((m) => m === RequestMethod[u.method]))) return;
    const handler = route.handler;
    route.handler = function (this: FastifyInstance, request, reply) {
      return withRequestLogs(request, () => handler.call(this, request, reply));
    };
  });
}

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => loggerParams(config),
    }),
  ],
})
export class LoggingModule {}
