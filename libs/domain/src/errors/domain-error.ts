/**
 * What kind of rule a request broke. The HTTP layer maps each kind to one status code, so business
 * rules never mention HTTP.
 */
export type DomainErrorKind =
  | 'invalid' // the input is malformed or out of range
  | 'unauthenticated' // no valid credentials
  | 'not_found' // no such record for this caller
  | 'conflict' // the record changed underneath the caller, or a duplicate
  | 'unprocessable' // well-formed, but a business rule refuses it
  | 'forbidden' // the caller may not do this
  | 'gone' // it existed but can no longer be used (e.g. an expired invitation)
  | 'too_large' // an upload over its size limit
  | 'unsupported_media'; // an upload whose content is not an accepted type, or not what its name says

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    /** Stable, machine-readable, snake_case. */
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
