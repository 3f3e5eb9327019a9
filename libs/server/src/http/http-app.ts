import fastifyCookie from '@fastify/cookie';
import { Logger as NestLogger, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../app.module';
import type { AppConfig } from '../config/app-config';
import { migrate } from '../database/migrate';
import { registerMultipart } from '../evidence/multipart';
import { registerContentRange } from '../listing/content-range';
import { bindRequestsToLogs, requestIdFor } from '../logging/logging.module';
import { registerQueueDashboard } from '../queue/queue-dashboard';
import { registerRequestTextChecks } from './request-text';
import { registerSecurityHeaders } from './security-headers';
import { serveWebApp } from './web-app';

/**
 * Builds the HTTP application exactly as production runs it; tests and benchmarks call this too,
 * so they exercise the real stack (Fastify, filters, pipes, logging), not a test double.
 */
export async function createHttpApp(config: AppConfig, extraModules: Type[] = []): Promise<NestFastifyApplication> {
  if (config.database.runMigrations) {
    const applied = await migrate(config.database);
    if (applied.length > 0) new NestLogger('Migrations').log(`Applied ${applied.join(', ')}`);
  }
  const adapter = new FastifyAdapter({
    bodyLimit: config.http.bodyLimitBytes,
    genReqId: requestIdFor,
    // During shutdown: finish in-flight requests, refuse new ones with 503, drop idle keep-alives.
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config, extraModules), adapter, {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  app.setGlobalPrefix('api', { exclude: ['metrics'] });
  const fastify = app.getHttpAdapter().getInstance();
  bindRequestsToLogs(fastify, config);
  // The web app is served from the same origin; CORS only matters for a separately hosted client,
  // and only the configured public origin may use it.
  await app.register(fastifyCookie);
  registerRequestTextChecks(app, config.http.bodyLimitBytes);
  await registerMultipart(fastify, config);
  registerSecurityHeaders(fastify, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // MUI (emotion) injects <style> elements at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    // HSTS only makes sense (and only takes effect) when served over HTTPS.
    hsts: config.auth.secureCookies,
  });
  app.enableCors({
    origin: [new URL(config.http.publicUrl).origin],
    credentials: true,
    exposedHeaders: ['Content-Range', 'X-Request-Id'],
  });
  app.enableShutdownHooks();

  // Echo the request id so a caller can quote it; it is also every log line's `req.id`.
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  registerContentRange(fastify);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Pairline API')
      .setDescription('Onboarding and assurance tracker for NHS GP system integrations')
      .setVersion('0.1.0')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  await registerQueueDashboard(app, config);

  if (!(await serveWebApp(app, config.http.webDistDir))) {
    new NestLogger('Web').warn(
      `No built web app in ${config.http.webDistDir}; serving the API only (run \`npm run build\` or use \`npm run dev\`).`,
    );
  }
  return app;
}
