/** The JSON body of every error response from the API. */
export interface ApiErrorBody {
  statusCode: number;
  /** HTTP reason phrase, e.g. "Bad Request". */
  error: string;
  /** One sentence a person can act on. */
  message: string;
  /** Stable machine-readable code, e.g. "validation_failed", "body_too_large". */
  code: string;
  /** Per-field problems for validation errors; other structured context otherwise. */
  details?: ApiErrorDetail[] | Record<string, unknown>;
  /** Present on 500s: quote it to support; it is the request id in the logs. */
  correlationId?: string;
}

export interface ApiErrorDetail {
  /** Dotted path of the offending field or query parameter, e.g. "range" or "owner.email". */
  field: string;
  problems: string[];
}
