import { DomainError, type DomainErrorKind } from '@pairline/domain';

/** What a task sends back: a value, or the domain error it raised (errors lose their class crossing threads). */
export type TaskOutcome<T> = { ok: true; value: T } | { ok: false; error: { kind: DomainErrorKind; code: string; message: string; details?: Record<string, unknown> } };

/** Wraps a task for the thread side: its domain errors travel back as data, anything else as a failure. */
export function documentTask<I, O>(task: (input: I) => O | Promise<O>): (input: I) => Promise<TaskOutcome<O>> {
  return async (input) => {
    try {
      return { ok: true, value: await task(input) };
    } catch (error) {
      if (error instanceof DomainError) return { ok: false, error: { kind: error.kind, code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } };
      throw error;
    }
  };
}
