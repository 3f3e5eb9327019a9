import type { ApiErrorBody, ApiErrorDetail } from '@pairline/contracts';
import { HttpError } from 'react-admin';

/** An API error with the parts of the response the UI needs beyond the JSON body. */
export class ApiError extends HttpError {
  constructor(
    message: string,
    status: number,
    body: Partial<ApiErrorBody> | undefined,
    /** Seconds from the `Retry-After` header of a 429, when present. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message, status, body);
  }
}

function bodyOf(error: unknown): Partial<ApiErrorBody> | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const body = (error as { body?: unknown }).body;
  return typeof body === 'object' && body !== null ? (body as Partial<ApiErrorBody>) : undefined;
}

export function errorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { status?: unknown }).status;
  return typeof status === 'number' ? status : undefined;
}

/** The API's stable machine-readable code (`invalid_credentials`, `stale_version`…), if any. */
export function errorCode(error: unknown): string | undefined {
  const code = bodyOf(error)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The sentence to show a person: the API's `message`, or a fallback for network failures. */
export function errorMessage(error: unknown, fallback = 'Something went wrong. Please try again.'): string {
  const message = bodyOf(error)?.message ?? (error instanceof Error ? error.message : undefined);
  if (!message || message === 'Failed to fetch' || message === 'NetworkError when attempting to fetch resource.') {
    return errorStatus(error) === undefined ? 'Could not reach the server. Check your connection and try again.' : fallback;
  }
  return message;
}

/** Per-field problems of a validation error, flattened to sentences ("newPassword: too short"). */
export function errorProblems(error: unknown): string[] {
  const details = bodyOf(error)?.details;
  if (!Array.isArray(details)) return [];
  return (details as ApiErrorDetail[]).flatMap((detail) =>
    Array.isArray(detail?.problems) ? detail.problems.map((problem) => (detail.field ? `${detail.field}: ${problem}` : problem)) : [],
  );
}
