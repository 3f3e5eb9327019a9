import type { LoginRequest, Permission, SessionDto } from '@pairline/contracts';
import type { AuthProvider, UserIdentity } from 'react-admin';
import { acceptInvitation, fetchSession, login, logout, type AcceptInvitationRequest } from './dataProvider';
import { errorCode, errorStatus } from './errors';
import { clearSession, getSession } from './session';

/** Where a user whose organisation enforces MFA (and who has none yet) is sent. */
export const MFA_SETUP_PATH = '/profile';

/** Login form parameters, or an invitation acceptance (which also signs the user in). */
export type LoginParams = LoginRequest | { invitation: AcceptInvitationRequest };

let pendingSession: Promise<SessionDto> | null = null;

/** The cached session, or GET /api/auth/session once (concurrent callers share the request). */
function ensureSession(): Promise<SessionDto> {
  const cached = getSession();
  if (cached) return Promise.resolve(cached);
  pendingSession ??= fetchSession().finally(() => {
    pendingSession = null;
  });
  return pendingSession;
}

function afterLogin(session: SessionDto): { redirectTo: string } | undefined {
  return session.mfaSetupRequired ? { redirectTo: MFA_SETUP_PATH } : undefined;
}

export const authProvider: AuthProvider = {
  async login(params: LoginParams) {
    const session = 'invitation' in params ? await acceptInvitation(params.invitation) : await login(params);
    return afterLogin(session);
  },

  async logout() {
    // Without a cached session there is no CSRF token, and most likely no server session either.
    // Post while the CSRF token is still known, then forget the session whatever the answer.
    if (getSession() !== null) {
      try {
        await logout();
      } catch {
        // Already expired or revoked: nothing left to end.
      }
    }
    clearSession();
  },

  async checkAuth() {
    await ensureSession();
  },

  /**
   * Only a 401 signs the user out, and only when the session really is gone: a 401 can also mean
   * "the password you just typed is wrong" (password change, MFA disable), so ask the API first.
   */
  async checkError(error) {
    const status = errorStatus(error);
    if (status === 401) {
      try {
        await fetchSession();
        return;
      } catch {
        clearSession();
        throw error;
      }
    }
    // The organisation started requiring MFA mid-session: re-read the session so the layout's
    // guard sends the user to their profile. Resolving (rather than rejecting with a redirect) lets
    // the caller see the API's message; react-admin would otherwise swallow the error.
    if (status === 403 && errorCode(error) === 'mfa_setup_required') {
      await fetchSession().catch(() => undefined);
    }
  },

  async getPermissions(): Promise<Permission[]> {
    // Public pages (invitation acceptance) render without a session: no permissions, no logout.
    try {
      return (await ensureSession()).permissions;
    } catch {
      return [];
    }
  },

  async getIdentity(): Promise<UserIdentity> {
    const session = await ensureSession();
    return { id: session.user.id, fullName: session.user.name };
  },
};
