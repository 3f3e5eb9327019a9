import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import { Logger, NotFoundException } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ALL_QUEUES } from '@pairline/contracts';
import { DomainError } from '@pairline/domain';
import type { Queue } from 'bullmq';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor';
import { Authenticator, type Authentication } from '../auth/authenticator';
import type { AppConfig } from '../config/app-config';
import { Db } from '../database/db.service';
import { toErrorBody } from '../errors/http-error.filter';
import { QueuesService } from './queues.service';

/** Outside `/api` (not part of the product's API) and not a route of the web app. */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** Platform operators are named by email in the configuration, not by a role inside an organisation. */
export function isPlatformOperator(config: Pick<AppConfig, 'platformOperatorEmails'>, actor: Pick<Actor, 'email'>): boolean {
  return config.platformOperatorEmails.includes(actor.email.toLowerCase());
}

/**
 * Who may see the dashboard. Queues are shared by every organisation, so job data and failure
 * reasons cross tenants: an organisation's role, even org_admin, grants nothing here. Only a
 * browser session counts (API tokens are bound to one organisation's role), and the session rules
 * of every signed-in route apply (timeouts, the organisation's MFA requirement).
 */
export function dashboardRefusal(config: Pick<AppConfig, 'platformOperatorEmails'>, authentication: Authentication | null, method: string): DomainError | null {
  if (!authentication) return new DomainError('unauthenticated', 'unauthenticated', 'Sign in as a platform operator to see the queue dashboard.');
  const { actor } = authentication;
  if (actor.via !== 'session') {
    return new DomainError('forbidden', 'platform_operator_session_required', 'The queue dashboard is for a signed-in platform operator, not an API token.');
  }
  if (authentication.mfaSetupRequired) {
    return new DomainError('forbidden', 'mfa_setup_required', 'Your organisation requires two-factor authentication: set it up in your profile first.');
  }
  if (!isPlatformOperator(config, actor)) {
    return new DomainError('forbidden', 'platform_operator_required', 'The queue dashboard shows every organisation\'s jobs: only platform operators may see it.');
  }
  // Retrying or removing a job here would bypass the audit trail and the email outbox's own retry.
  if (!SAFE_METHODS.has(method)) {
    return new DomainError('forbidden', 'queue_dashboard_read_only', 'The queue dashboard is read-only.');
  }
  return null;
}

/**
 * Mounts Bull Board, read-only, for platform operators. It is a Fastify plugin beside the Nest
 * routes, so the global AuthInterceptor never sees its requests: the hook below is its guard, and
 * it runs before any of the plugin's routes, its static files included.
 */
export async function registerQueueDashboard(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  const notFound = (request: FastifyRequest, reply: FastifyReply, message: string) =>
    reply.status(404).send(toErrorBody(new NotFoundException(message), String(request.id)));

  if (!config.queue) {
    // Without these routes the web app's fallback would answer with its own page.
    const off = (request: FastifyRequest, reply: FastifyReply) => notFound(request, reply, `The queue dashboard is off. ${QueuesService.DISABLED_MESSAGE}`);
    fastify.get(QUEUE_DASHBOARD_PATH, off);
    fastify.get(`${QUEUE_DASHBOARD_PATH}/*`, off);
    return;
  }

  const queues = ALL_QUEUES.map((name) => app.get<Queue>(getQueueToken(name), { strict: false }));
  const board = new BullBoardFastifyAdapter();
  board.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: queues.map((queue) => new BullMQAdapter(queue, { readOnlyMode: true })),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Pairline queues' } },
  });

  const authenticator = app.get(Authenticator, { strict: false });
  const db = app.get(Db, { strict: false });
  const logger = new Logger('QueueDashboard');
  await app.register(
    async (scope: FastifyInstance) => {
      scope.addHook('onRequest', async (request, reply) => {
        // The request's own transaction, as for every signed-in API route: the session is resolved
        // and touched (idle timeout) in it, and it commits before the dashboard answers.
        const authentication = await db.requestTransaction((manager) => authenticator.authenticate(request, manager));
        const refusal = dashboardRefusal(config, authentication, request.method);
        if (refusal) {
          const body = toErrorBody(refusal, String(request.id));
          return reply.status(body.statusCode).send(body);
        }
        if (request.url === QUEUE_DASHBOARD_PATH || request.url === `${QUEUE_DASHBOARD_PATH}/`) {
          logger.log(`Opened by platform operator ${authentication!.actor.userId}`);
        }
        return undefined;
      });
      await scope.register(board.registerPlugin());
      scope.get('/*', (request, reply) => notFound(request, reply, `No queue dashboard page ${request.url.split('?')[0]}`));
    },
    { prefix: QUEUE_DASHBOARD_PATH },
  );
}
