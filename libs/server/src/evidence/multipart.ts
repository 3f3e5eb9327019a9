import fastifyMultipart, { type Multipart } from '@fastify/multipart';
import { DomainError } from '@pairline/domain';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/app-config';
import { ValidationFailed } from '../errors/http-error.filter';
import { textProblem } from '../http/request-text';

/** Route config flag (`@RouteConfig({ [MULTIPART_ROUTE]: true })`) of the routes that take multipart bodies. */
export const MULTIPART_ROUTE = 'multipartUpload';

/** What a route's multipart body may hold, for the messages of its refusals. */
export interface MultipartShape {
  /** Names of the form fields, sent before the files. */
  readonly fields: readonly string[];
  /** Name of the file parts. */
  readonly filePart: string;
  readonly maxFiles: number;
  /** busboy limits of this route, in place of the plugin's defaults. */
  readonly limits?: { readonly fileSize?: number; readonly files?: number; readonly fields?: number };
}

/**
 * Multipart parsing for the routes that take files. The plugin adds a body parser for
 * multipart/form-data to the whole (root) instance, where Nest registers every route; a hook
 * keeps every other route as it was: multipart there is still 415 before any of it is read.
 * File sizes are enforced while streaming (busboy stops one byte past the limit, and the upload
 * counts too), never by buffering.
 */
export async function registerMultipart(fastify: FastifyInstance, config: Pick<AppConfig, 'evidence'>): Promise<void> {
  await fastify.register(fastifyMultipart, {
    throwFileSizeLimit: false,
    limits: { fileSize: config.evidence.maxBytes + 1, files: 20, fields: 10, fieldSize: 10_000, parts: 30, headerPairs: 100 },
  });
  fastify.addHook('onRequest', (request, reply, done) => {
    const type = request.headers['content-type'];
    const config = request.routeOptions.config as unknown as Record<string, unknown> | undefined;
    if (typeof type === 'string' && type.toLowerCase().startsWith('multipart/') && !config?.[MULTIPART_ROUTE]) {
      void reply.code(415).send({ statusCode: 415, error: 'Unsupported Media Type', message: `Unsupported Media Type: ${type.split(';')[0]}`, code: 'unsupported_media_type' });
      return;
    }
    done();
  });
}

const interrupted = () => new DomainError('invalid', 'upload_interrupted', 'The upload was interrupted before it finished; nothing was stored.');

/**
 * What a failure while reading a multipart body means for the client, or the error itself when it
 * is not about the body. busboy's complaints have no codes, only messages ("Unexpected end of
 * multipart data", "Part terminated early…", "Multipart: Boundary not found"), and arrive from the
 * parts iterator or from a file stream being read, wherever the body broke.
 */
export function multipartFailure(error: unknown, shape: MultipartShape): unknown {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  switch (code) {
    case 'FST_FILES_LIMIT':
      return new DomainError('too_large', 'multipart_too_many_files', `At most ${shape.maxFiles} files may be sent at once; nothing was stored.`);
    case 'FST_PARTS_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new DomainError('too_large', 'multipart_too_many_parts', `Too many form fields or parts (fields: ${shape.fields.join(', ')}; files: at most ${shape.maxFiles}); nothing was stored.`);
    case 'FST_PROTO_VIOLATION':
      return new ValidationFailed([{ field: '__proto__', problems: ['the field name "__proto__" is refused'] }]);
    case 'FST_INVALID_JSON_FIELD_ERROR':
      return new DomainError('invalid', 'multipart_malformed', 'A form field declares JSON content that is not valid JSON; nothing was stored.');
    case 'ECONNRESET':
    case 'ERR_STREAM_PREMATURE_CLOSE':
    case 'FST_MP_PREMATURE_CLOSE':
      return interrupted();
  }
  if (message === 'aborted') return interrupted();
  if (typeof message === 'string' && /unexpected end of (multipart data|form|file)|terminated early|boundary not found|malformed/i.test(message) && !(error instanceof DomainError)) {
    return new DomainError('invalid', 'multipart_malformed', `The multipart body is malformed or incomplete (${message}); send the fields, then the files, each part between boundaries, and the closing boundary. Nothing was stored.`);
  }
  return error;
}

/** The parts, with every field's name and value checked as JSON text is (NUL, lone surrogates). */
async function* checkedParts(parts: AsyncIterableIterator<Multipart>): AsyncGenerator<Multipart> {
  for await (const part of parts) {
    const problems = [textProblem(part.fieldname), part.type === 'field' ? textProblem(String(part.value)) : null].filter((p): p is string => !!p);
    if (problems.length) throw new ValidationFailed([{ field: part.fieldname.replace(/\0/g, ''), problems }]);
    yield part;
  }
}

/**
 * Reads a multipart request: the one way a route takes multipart, so every malformed, truncated
 * or interrupted body is a 4xx here rather than in each route. `consume` gets the parts and a
 * signal that fires when the client goes before its body arrived whole (a file stream being read
 * may then never end or fail by itself); it must remove whatever it stored when it throws.
 */
export async function readMultipart<T>(
  request: FastifyRequest,
  shape: MultipartShape,
  consume: (parts: AsyncIterable<Multipart>, dropped: AbortSignal) => Promise<T>,
): Promise<T> {
  if (!request.isMultipart()) {
    const fields = shape.fields.length ? `the fields (${shape.fields.join(', ')}), then ` : '';
    throw new DomainError('unsupported_media', 'multipart_required', `Send this as multipart/form-data: ${fields}the file${shape.maxFiles > 1 ? 's' : ''} in part${shape.maxFiles > 1 ? 's' : ''} named "${shape.filePart}".`);
  }
  const dropped = new AbortController();
  const onClose = () => {
    if (!request.raw.complete) dropped.abort();
  };
  request.raw.once('close', onClose);
  try {
    return await consume(checkedParts(request.parts(shape.limits ? { limits: { ...shape.limits } } : undefined)), dropped.signal);
  } catch (error) {
    throw multipartFailure(error, shape);
  } finally {
    request.raw.off('close', onClose);
  }
}
