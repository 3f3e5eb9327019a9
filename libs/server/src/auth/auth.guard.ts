import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CSRF_HEADER, type Permission } from '@pairline/contracts';
import { DomainError } from '@pairline/domain';
import type { AuthenticatedRequest } from './actor';
import { Authenticator } from './authenticator';
import { ALLOWED_BEFORE_MFA_SETUP, AUTHENTICATED_ONLY, PUBLIC_ROUTE, REQUIRED_PERMISSION } from './decorators';
import { safeEqual } from './secrets';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export type AuthenticatedRequestWithSession = AuthenticatedRequest & { csrfToken?: string | null; mfaSetupRequired?: boolean };

/**
 * Global guard: every route is closed unless it says `@Public()`, `@Authenticated()` or
 * `@RequirePermission(...)`; a route that says none of them is refused (and a test lists them).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('AuthGuard');

  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets) ?? false;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets);
    const authenticatedOnly = this.reflector.getAllAndOverride<boolean>(AUTHENTICATED_ONLY, targets) ?? false;
    const request = context.switchToHttp().getRequest<AuthenticatedRequestWithSession>();

    const authentication = await this.authenticator.authenticate(request);
    if (authentication) {
      request.actor = authentication.actor;
      request.csrfToken = authentication.csrfToken;
      request.mfaSetupRequired = authentication.mfaSetupRequired;
    }
    if (isPublic) return true;
    if (!permission && !authenticatedOnly) {
      this.logger.error(`${request.method} ${request.routeOptions.url} declares no access rule; refused`);
      throw new DomainError('forbidden', 'forbidden', 'This endpoint is not available.');
    }
    if (!authentication) throw new DomainError('unauthenticated', 'unauthenticated', 'Sign in, or send a valid API token.');

    if (authentication.csrfToken !== null && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !safeEqual(sent, authentication.csrfToken)) {
        throw new DomainError('forbidden', 'csrf_token_invalid', `Missing or wrong ${CSRF_HEADER} header for a signed-in change.`);
      }
    }
    const beforeMfa = this.reflector.getAllAndOverride<boolean>(ALLOWED_BEFORE_MFA_SETUP, targets) ?? false;
    if (authentication.mfaSetupRequired && !beforeMfa) {
      throw new DomainError('forbidden', 'mfa_setup_required', 'Your organisation requires two-factor authentication: set it up in your profile first.');
    }
    if (permission && !authentication.actor.permissions.includes(permission)) {
      throw new DomainError('forbidden', 'forbidden', `Your role (${authentication.actor.role}) does not allow this (${permission}).`);
    }
    return true;
  }
}
