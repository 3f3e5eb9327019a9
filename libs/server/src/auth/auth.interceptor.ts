import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CSRF_HEADER, type Permission } from '@pairline/contracts';
import { DomainError } from '@pairline/domain';
import { from, lastValueFrom, switchMap, type Observable } from 'rxjs';
import type { EntityManager } from 'typeorm';
import { Db } from '../database/db.service';
import type { AuthenticatedRequest } from './actor';
import { Authenticator } from './authenticator';
import { ALLOWED_BEFORE_MFA_SETUP, AUTHENTICATED_ONLY, OWN_TRANSACTIONS, PUBLIC_ROUTE, REQUIRED_PERMISSION } from './decorators';
import { safeEqual } from './secrets';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type AuthenticatedRequestWithSession = AuthenticatedRequest & { csrfToken?: string | null; mfaSetupRequired?: boolean };

interface AccessRule {
  isPublic: boolean;
  permission: Permission | undefined;
  authenticatedOnly: boolean;
  beforeMfa: boolean;
  ownTransactions: boolean;
}

/**
 * Authentication and access control for every route, and the request's transaction.
 *
 * Every route is closed unless it says `@Public()`, `@Authenticated()` or `@RequirePermission(…)`;
 * a route that says none is refused (and a test lists them all). For signed-in routes, the
 * credentials are checked inside the request's own transaction, which the SQL functions leave
 * scoped to the caller's organisation; the handler's work joins it, so a request is one
 * transaction that commits before the response is sent, or rolls back entirely on any error.
 * (An interceptor rather than a guard, because guards cannot wrap the handler in a transaction.)
 */
@Injectable()
export class AuthInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Auth');
  private readonly rules = new WeakMap<object, WeakMap<object, AccessRule>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
    private readonly db: Db,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const rule = this.ruleOf(context);
    const request = context.switchToHttp().getRequest<AuthenticatedRequestWithSession>();
    // Public routes and those that manage their own transactions (sign-in hashes passwords
    // outside any; exports stream after the handler returns) authenticate on their own.
    if (rule.isPublic || rule.ownTransactions) {
      return from(this.admit(request, rule, this.db.manager)).pipe(switchMap(() => next.handle()));
    }
    return from(
      this.db.requestTransaction(async (manager) => {
        await this.admit(request, rule, manager);
        return lastValueFrom(next.handle(), { defaultValue: undefined });
      }),
    );
  }

  /** A route's rule, read from its decorators once: metadata does not change after boot. */
  private ruleOf(context: ExecutionContext): AccessRule {
    const handler = context.getHandler();
    const controller = context.getClass();
    let byController = this.rules.get(handler);
    if (!byController) this.rules.set(handler, (byController = new WeakMap()));
    let rule = byController.get(controller);
    if (!rule) {
      const targets = [handler, controller];
      const flag = (key: string) => this.reflector.getAllAndOverride<boolean>(key, targets) ?? false;
      rule = {
        isPublic: flag(PUBLIC_ROUTE),
        permission: this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets),
        authenticatedOnly: flag(AUTHENTICATED_ONLY),
        beforeMfa: flag(ALLOWED_BEFORE_MFA_SETUP),
        ownTransactions: flag(OWN_TRANSACTIONS),
      };
      byController.set(controller, rule);
    }
    return rule;
  }

  private async admit(request: AuthenticatedRequestWithSession, rule: AccessRule, manager: EntityManager): Promise<void> {
    if (!rule.isPublic && !rule.permission && !rule.authenticatedOnly) {
      this.logger.error(`${request.method} ${request.routeOptions.url} declares no access rule; refused`);
      throw new DomainError('forbidden', 'forbidden', 'This endpoint is not available.');
    }
    const authentication = await this.authenticator.authenticate(request, manager);
    if (authentication) {
      request.actor = authentication.actor;
      request.csrfToken = authentication.csrfToken;
      request.mfaSetupRequired = authentication.mfaSetupRequired;
    }
    if (rule.isPublic) return;
    if (!authentication) throw new DomainError('unauthenticated', 'unauthenticated', 'Sign in, or send a valid API token.');
    if (authentication.csrfToken !== null && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !safeEqual(sent, authentication.csrfToken)) {
        throw new DomainError('forbidden', 'csrf_token_invalid', `Missing or wrong ${CSRF_HEADER} header for a signed-in change.`);
      }
    }
    if (authentication.mfaSetupRequired && !rule.beforeMfa) {
      throw new DomainError('forbidden', 'mfa_setup_required', 'Your organisation requires two-factor authentication: set it up in your profile first.');
    }
    if (rule.permission && !authentication.actor.permissions.includes(rule.permission)) {
      throw new DomainError('forbidden', 'forbidden', `Your role (${authentication.actor.role}) does not allow this (${rule.permission}).`);
    }
  }
}
