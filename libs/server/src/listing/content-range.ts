import type { FastifyInstance } from 'fastify';
import { Page } from './list-query';

/**
 * Lets controllers return a `Page`; answers with its items and the `Content-Range` header. A
 * Fastify hook on the payload rather than a Nest interceptor: each interceptor adds a layer of
 * rxjs and async scopes to every request, and this needs nothing from Nest.
 */
export function registerContentRange(fastify: FastifyInstance): void {
  fastify.addHook('preSerialization', (_request, reply, payload, done) => {
    if (!(payload instanceof Page)) return done(null, payload);
    void reply.header('Content-Range', payload.contentRange);
    done(null, payload.items);
  });
}
