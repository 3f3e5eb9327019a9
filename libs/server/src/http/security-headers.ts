import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * What helmet does to a response with these options, worked out once. Our options are static (no
 * CSP nonces, no directive functions), so every response gets the same headers; @fastify/helmet
 * instead rebuilt helmet, parsing the whole policy, on every request.
 */
function helmetHeaders(options: Readonly<HelmetOptions>): { set: ReadonlyMap<string, string>; remove: readonly string[] } {
  const set = new Map<string, string>();
  const remove: string[] = [];
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      set.set(name, String(value));
    },
    removeHeader(name: string) {
      set.delete(name);
      remove.push(name);
    },
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return { set, remove };
}

/** Applies helmet's headers to every response, on the raw response as helmet itself does. */
export function registerSecurityHeaders(fastify: FastifyInstance, options: Readonly<HelmetOptions>): void {
  const { set, remove } = helmetHeaders(options);
  const headers = [...set];
  fastify.addHook('onRequest', (_request, reply, done) => {
    const raw = reply.raw;
    // Only when present: removing an absent header still costs a property delete per response.
    for (const name of remove) if (raw.hasHeader(name)) raw.removeHeader(name);
    for (const [name, value] of headers) raw.setHeader(name, value);
    done();
  });
}
