import { useCallback, useEffect, useRef, useState } from 'react';
import type { HealthResponse } from '@pairline/contracts';

export const HEALTH_URL = '/api/health';
/** How often the dashboard re-reads the health report while it is open. */
export const HEALTH_REFRESH_MS = 30_000;

export type ApiHealth =
  | { state: 'loading' }
  | { state: 'loaded'; report: HealthResponse; httpStatus: number; checkedAt: Date }
  | { state: 'unreachable'; reason: string; checkedAt: Date };

function isHealthResponse(body: unknown): body is HealthResponse {
  if (typeof body !== 'object' || body === null) return false;
  const candidate = body as Partial<HealthResponse>;
  return typeof candidate.status === 'string' && typeof candidate.details === 'object' && candidate.details !== null;
}

/**
 * GET /api/health. A failing check answers 503 with the same body, so the report is read whatever
 * the status code; only a missing or malformed body counts as "unreachable".
 */
export async function fetchApiHealth(signal?: AbortSignal): Promise<ApiHealth> {
  try {
    const response = await fetch(HEALTH_URL, {
      headers: { Accept: 'application/json' },
      cache: 'no-store',
      signal,
    });
    const body: unknown = await response.json().catch(() => null);
    if (!isHealthResponse(body)) {
      return {
        state: 'unreachable',
        reason: `${HEALTH_URL} answered HTTP ${response.status} without a health report.`,
        checkedAt: new Date(),
      };
    }
    return { state: 'loaded', report: body, httpStatus: response.status, checkedAt: new Date() };
  } catch (error) {
    if (signal?.aborted) throw error;
    return {
      state: 'unreachable',
      reason: error instanceof Error ? `Could not reach the API: ${error.message}` : 'Could not reach the API.',
      checkedAt: new Date(),
    };
  }
}

/** The live health report, refreshed every HEALTH_REFRESH_MS and on demand. */
export function useApiHealth(): { health: ApiHealth; refresh: () => void } {
  const [health, setHealth] = useState<ApiHealth>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  const refresh = useCallback(() => setGeneration((value) => value + 1), []);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    const controller = new AbortController();
    const poll = async () => {
      try {
        setHealth(await fetchApiHealth(controller.signal));
      } catch {
        return; // aborted: the component unmounted or a refresh superseded this poll
      }
      timer.current = setTimeout(() => void poll(), HEALTH_REFRESH_MS);
    };
    void poll();
    return () => {
      controller.abort();
      clearTimeout(timer.current);
    };
  }, [generation]);

  return { health, refresh };
}
