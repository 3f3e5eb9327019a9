import { useSyncExternalStore } from 'react';
import type { SessionDto } from '@pairline/contracts';

/**
 * The signed-in session as the API last described it (login, GET /api/auth/session, organisation
 * switch, invitation acceptance). Kept in memory only: the session itself lives in an HttpOnly
 * cookie, and a page reload simply asks the API again. Components read it with `useSession()`;
 * the HTTP client reads the CSRF token from here.
 */
let current: SessionDto | null = null;
const listeners = new Set<() => void>();

export function getSession(): SessionDto | null {
  return current;
}

export function setSession(session: SessionDto | null): void {
  current = session;
  listeners.forEach((listener) => listener());
}

export function clearSession(): void {
  setSession(null);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current session, re-rendering the caller whenever it changes. */
export function useSession(): SessionDto | null {
  return useSyncExternalStore(subscribe, getSession, getSession);
}
