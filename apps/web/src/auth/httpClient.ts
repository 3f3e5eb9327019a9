import { CSRF_HEADER } from '@pairline/contracts';
import { fetchUtils } from 'react-admin';
import { getSession } from './session';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** Request headers every API call carries: JSON, and the session's CSRF token on writes. */
export function apiHeaders(init?: HeadersInit, method = 'GET'): Headers {
  const headers = new Headers(init);
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  const csrfToken = getSession()?.csrfToken;
  if (csrfToken && !SAFE_METHODS.has(method.toUpperCase())) headers.set(CSRF_HEADER, csrfToken);
  return headers;
}

/**
 * `fetchUtils.fetchJson` with the session cookie (same origin) and the CSRF header the API requires
 * on every cookie-authenticated write. Rejects with an `HttpError` whose `body` is the API's
 * `ApiErrorBody` and whose `message` is the API's `message`.
 */
export const httpClient = (url: string, options: fetchUtils.Options = {}) => {
  const method = options.method ?? 'GET';
  return fetchUtils.fetchJson(url, {
    ...options,
    credentials: 'same-origin',
    headers: apiHeaders(options.headers, method),
  });
};
