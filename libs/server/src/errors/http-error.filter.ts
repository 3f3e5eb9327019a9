import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { ApiErrorBody, ApiErrorDetail } from '@pairline/contracts';
import { DomainError, DomainErrorKind } from '@pairline/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { withRequestLogs } from '../logging/logging.module';
import { fromDatabaseError } from './database-errors';

const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  forbidden: HttpStatus.FORBIDDEN,
  gone: HttpStatus.GONE,
  too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unsupported_media: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
};

/** Fastify's own 4xx errors (body parsing, content type, size) and the codes we answer with. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'empty_json_body',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_content_length',
};

interface FastifyClientError {
  code?: string;
  statusCode: number;
  message: string;
}

function isFastifyClientError(error: unknown): error is FastifyClientError {
  const status = (error as FastifyClientError | undefined)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
}

function fromFastifyError(error: FastifyClientError): ApiErrorBody {
  const code = (error.code && FASTIFY_CODES[error.code]) ?? 'bad_request';
  return body(error.statusCode, code, error.message);
}

/** Thrown by the validation pipe and the list-query parser: carries every bad field at once. */
export class ValidationFailed extends BadRequestException {
  constructor(readonly fields: ApiErrorDetail[]) {
    super(
      `Invalid request: ${fields.map((f) => `${f.field} (${f.problems.join('; ')})`).join(', ')}`,
    );
  }
}

function body(status: number, code: string, message: string, details?: ApiErrorBody['details']): ApiErrorBody {
  return {
    statusCode: status,
    error: STATUS_CODES[status] ?? 'Error',
    message,
    code,
    ...(details === undefined ? {} : { details }),
  };
}

/** Turns any thrown value into the API's one error shape. Only unknown errors are 500s. */
export function toErrorBody(exception: unknown, correlationId: string): ApiErrorBody {
  exception = fromDatabaseError(exception) ?? exception;
  if (exception instanceof DomainError) {
    return body(STATUS_BY_KIND[exception.kind], exception.code, exception.message, exception.details);
  }
  if (exception instanceof ValidationFailed) {
    return body(400, 'validation_failed', exception.message, exception.fields);
  }
  if (exception instanceof HttpException && isFastifyClientError(exception.cause)) {
    // Nest wraps Fastify's own errors (body parsing, content type, size) with the original as cause.
    return fromFastifyError(exception.cause);
  }
  if (exception instanceof HttpException && exception.getStatus() === HttpStatus.TOO_MANY_REQUESTS) {
    // The throttler's own text is its class name; the guard has set Retry-After already.
    return body(429, 'too_many_requests', 'Too many attempts from this address: wait a minute (see Retry-After) and try again.');
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : Array.isArray((response as { message?: unknown }).message)
          ? ((response as { message: string[] }).message).join('; ')
          : String((response as { message?: unknown }).message ?? exception.message);
    return body(status, (STATUS_CODES[status] ?? 'error').toLowerCase().replace(/[^a-z]+/g, '_'), message);
  }
  if (isFastifyClientError(exception)) return fromFastifyError(exception);
  return {
    ...body(500, 'internal_error', 'Something went wrong on our side. Quote the correlation id to support.'),
    correlationId,
  };
}

export function requestIdOf(request: FastifyRequest): string {
  return String(request.id);
}

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const error = toErrorBody(exception, requestIdOf(request));
    if (error.statusCode >= 500) {
      // Logged once here, with the stack, keyed by the id the client was given (bound here too
      // for errors raised before a route's handler ran, such as in Fastify's own hooks).
      withRequestLogs(request, () => this.logger.error({ err: exception, correlationId: error.correlationId }, 'Unhandled error'));
    }
    void reply.status(error.statusCode).send(error);
  }
}
