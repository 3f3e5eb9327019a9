import fastifyStatic from '@fastify/static';
import { NotFoundException } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { toErrorBody } from '../errors/http-error.filter';

const isApiPath = (url: string) => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?') || url.startsWith('/metrics');

/**
 * Serves the built react-admin app from the API's own origin. Hashed assets are cached forever;
 * every other non-API GET gets index.html so client-side routes survive a reload.
 */
export async function serveWebApp(app: NestFastifyApplication, distDir: string): Promise<boolean> {
  const root = resolve(distDir);
  if (!existsSync(resolve(root, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: false,
    setHeaders(reply, path) {
      reply.header('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  const spa = async (request: FastifyRequest, reply: FastifyReply) => {
    if (isApiPath(request.url)) {
      const path = request.url.split('?')[0];
      return reply.status(404).send(toErrorBody(new NotFoundException(`No route GET ${path}`), String(request.id)));
    }
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
  };
  fastify.get('/', spa);
  fastify.get('/*', spa);
  return true;
}
