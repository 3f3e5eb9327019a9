import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Permission, Role } from '@pairline/contracts';
import type { FastifyRequest } from 'fastify';
import type { TransactionOptions } from '../database/db.service';

/** Who is acting, in which organisation, with what rights, and from where. */
export interface Actor {
  readonly userId: string;
  readonly email: string;
  readonly organisationId: string;
  readonly role: Role;
  readonly permissions: readonly Permission[];
  readonly via: 'session' | 'api_token';
  readonly sessionId: string | null;
  readonly tokenId: string | null;
  readonly requestId: string | null;
  readonly ip: string | null;
}

/** Where a request came from, for audit events of requests that have no actor yet (login). */
export interface RequestOrigin {
  readonly requestId: string | null;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

export type AuthenticatedRequest = FastifyRequest & { actor?: Actor };

/** The tenant transaction settings for work done on an actor's behalf. */
export function tenantOf(actor: Pick<Actor, 'organisationId' | 'userId'>): TransactionOptions {
  return { organisationId: actor.organisationId, userId: actor.userId };
}

export function originOf(request: FastifyRequest): RequestOrigin {
  const userAgent = request.headers['user-agent'];
  return { requestId: String(request.id), ip: request.ip ?? null, userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 500) : null };
}

/** Injects the authenticated actor (set by the global AuthInterceptor). */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without an authenticated actor');
  return actor;
});

export const Origin = createParamDecorator((_: unknown, context: ExecutionContext): RequestOrigin =>
  originOf(context.switchToHttp().getRequest<FastifyRequest>()),
);
