import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../config/app-config';

/** Route config flag (`@RouteConfig({ [MULTIPART_ROUTE]: true })`) of the routes that take multipart bodies. */
export const MULTIPART_ROUTE = 'multipartUpload';

/**
 * Multipart parsing for evidence uploads only. The plugin adds a body parser for
 * multipart/form-data to the whole (root) instance, where Nest registers every route; a hook
 * keeps every other route as it was: multipart there is still 415 before any of it is read.
 * File sizes are enforced while streaming (busboy stops one byte past the limit, and the upload
 * counts too), never by buffering.
 */
export async function registerMultipart(fastify: FastifyInstance, config: Pick<AppConfig, 'evidence'>): Promise<void> {
  await fastify.register(fastifyMultipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: config.evidence.maxBytes + 1, files: 20, fields: 10, fieldSize: 10_000, parts: 30, headerPairs: 100 },
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    const type = request.headers['content-type'];
    const config = request.routeOptions.config as unknown as Record<string, unknown> | undefined;
    if (typeof type === 'string' && type.toLowerCase().startsWith('multipart/') && !config?.[MULTIPART_ROUTE]) {
      void reply.code(415).send({ statusCode: 415, error: 'Unsupported Media Type', message: `Unsupported Media Type: ${type.split(';')[0]}`, code: 'unsupported_media_type' });
      return;
    }
    done();
  });
}
