import type { FastifyRequest } from 'fastify';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { Writable } from 'node:stream';
import { pinoHttp, type Options } from 'pino-http';
import { loggerParams, logsEachRequest, withRequestLogs } from './logging.module';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      raw.push(String(chunk));
      const { time: _time, ...line } = JSON.parse(String(chunk));
      lines.push(line);
      done();
    },
  });
  return { lines, raw, stream };
}

function incoming(): IncomingMessage {
  const req = new IncomingMessage(new Socket());
  req.method = 'GET';
  req.url = '/api/members?range=[0,9]';
  req.headers = { cookie: 'pairline_session=secret', authorization: 'Bearer plt_secret', 'x-csrf-token': 'csrf' };
  (req as IncomingMessage & { id: string }).id = 'req-1';
  return req;
}

const logger = (level: string, stream: Writable) => pinoHttp(loggerParams({ log: { level, format: 'json' } }).pinoHttp as Options, stream);

describe('request log lines', () => {
  it('writes one line per request from info down only', () => {
    expect(['trace', 'debug', 'info'].map(logsEachRequest)).toEqual([true, true, true]);
    expect(['warn', 'error', 'fatal', 'silent'].map(logsEachRequest)).toEqual([false, false, false, false]);
  });

  it('binds the request to a line the same way whether or not each request is logged', () => {
    const eachRequest = capture();
    const middleware = logger('info', eachRequest.stream);
    const req = incoming();
    middleware(req, new ServerResponse(req), () => undefined);
    req.log.error({ context: 'HttpError', correlationId: 'req-1' }, 'Unhandled error');

    const quiet = capture();
    const root = logger('warn', quiet.stream).logger;
    withRequestLogs({ id: 'req-1', raw: incoming() } as unknown as FastifyRequest, () => root.error({ context: 'HttpError', correlationId: 'req-1' }, 'Unhandled error'));

    expect(quiet.lines).toEqual(eachRequest.lines);
    expect(quiet.raw[0].replace(/"time":\d+,/, '')).toBe(eachRequest.raw[0].replace(/"time":\d+,/, ''));
    expect(quiet.lines[0]).toMatchObject({ req: { id: 'req-1', method: 'GET', url: '/api/members?range=[0,9]' }, service: 'pairline', msg: 'Unhandled error' });
    expect(quiet.raw[0]).not.toMatch(/secret|csrf/);
  });

  it('binds nothing outside a request', () => {
    const quiet = capture();
    logger('warn', quiet.stream).logger.warn({ context: 'Web' }, 'no web app');
    expect(quiet.lines[0]).not.toHaveProperty('req');
    expect(quiet.lines[0]).not.toHaveProperty('service');
  });
});
