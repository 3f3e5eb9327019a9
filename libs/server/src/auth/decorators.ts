import { SetMetadata } from '@nestjs/common';
import type { Permission } from '@pairline/contracts';

export const PUBLIC_ROUTE = 'pairline:public';
export const REQUIRED_PERMISSION = 'pairline:permission';
export const AUTHENTICATED_ONLY = 'pairline:authenticated';
export const ALLOWED_BEFORE_MFA_SETUP = 'pairline:before-mfa-setup';
export const OWN_TRANSACTIONS = 'pairline:own-transactions';

/** No authentication: login, invitation acceptance, health, metrics. Must be said explicitly. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The route needs this permission from the permission matrix. */
export const RequirePermission = (permission: Permission) => SetMetadata(REQUIRED_PERMISSION, permission);

/** Any signed-in member may do this to their own account (profile, own tokens, logout). */
export const Authenticated = () => SetMetadata(AUTHENTICATED_ONLY, true);

/** Reachable while the organisation demands MFA the user has not set up yet (to set it up). */
export const AllowedBeforeMfaSetup = () => SetMetadata(ALLOWED_BEFORE_MFA_SETUP, true);

/**
 * The handler opens its own transactions instead of running in the request's (it hashes
 * passwords, or streams a response after returning).
 */
export const OwnTransactions = () => SetMetadata(OWN_TRANSACTIONS, true);
