import type { ApiErrorDetail } from '@pairline/contracts';
import { DomainError } from '@pairline/domain';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { toErrorBody, ValidationFailed } from '../errors/http-error.filter';

/**
 * Deeper than any body the API takes (a risk plan's matrix is four levels), far shallower than
 * what overflows the stack of class-transformer (about 2,000 levels).
 */
export const MAX_JSON_DEPTH = 32;

/** A lone half of a UTF-16 surrogate pair: not Unicode text, and PostgreSQL cannot store it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a string cannot be stored as text, or null. */
export function textProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'contains a NUL character (\\u0000), which text cannot hold';
  if (LONE_SURROGATE.test(value)) return 'contains a lone UTF-16 surrogate (\\ud800–\\udfff without its pair), which is not Unicode text';
  return null;
}

/** Keys that would reach an object's prototype once a body is copied into a class instance. */
function keyProblem(key: string, value: unknown): string | null {
  if (key === '__proto__') return 'the key "__proto__" is refused: it could replace an object\'s prototype';
  if (key === 'constructor' && value !== null && typeof value === 'object' && 'prototype' in value) return 'the key "constructor" holding "prototype" is refused';
  return null;
}

const join = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

/** Every field of a parsed value that is not storable text or is a prototype key, by path. */
export function findTextProblems(value: unknown, path = '', found: ApiErrorDetail[] = []): ApiErrorDetail[] {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    if (problem) found.push({ field: path || '(body)', problems: [problem] });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => findTextProblems(item, join(path, index), found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const field = join(path, key);
      const problems = [keyProblem(key, item), textProblem(key) && `its name ${textProblem(key)}`].filter((p): p is string => !!p);
      if (problems.length) found.push({ field, problems });
      findTextProblems(item, field, found);
    }
  }
  return found;
}

/** How deeply arrays and objects nest in JSON text, counted without parsing it. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return max;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The JSON body parser of every route: refuses, before any DTO sees the body, what would
 * otherwise fail deep inside: bytes that are not UTF-8, and nesting that overflows the stack of
 * class-transformer. The text checks (NUL, lone surrogates, prototype keys) follow in the
 * preValidation hook, for every body whatever its parser.
 */
export function parseJsonBody(bytes: Buffer): unknown {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw new DomainError('invalid', 'malformed_json', 'The body is not UTF-8 text, so it cannot be JSON.');
  }
  if (text.trim() === '') throw new DomainError('invalid', 'empty_json_body', 'The body is empty but Content-Type is application/json: send a JSON value, or no Content-Type.');
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw new DomainError('invalid', 'json_too_deep', `The body nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep; no request needs that many.`, { maxDepth: MAX_JSON_DEPTH });
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DomainError('invalid', 'malformed_json', `The body is not valid JSON (${(error as Error).message}).`);
  }
}

/** JSON that a query parameter may carry (`filter`, `range`), checked as a body is. */
function queryProblems(query: unknown): ApiErrorDetail[] {
  if (query === null || typeof query !== 'object') return [];
  const found: ApiErrorDetail[] = [];
  for (const [key, value] of Object.entries(query)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item !== 'string') continue;
      findTextProblems(item, key, found);
      if (/^\s*[[{]/.test(item) && jsonDepth(item) <= MAX_JSON_DEPTH) {
        try {
          findTextProblems(JSON.parse(item), key, found);
        } catch {
          // Not JSON after all: the parameter's own parser says so.
        }
      }
    }
  }
  return found;
}

/**
 * The checks every route gets, once, before validation: the JSON body parser above, then text
 * that PostgreSQL cannot store (NUL, lone surrogates) or keys that reach a prototype, in the
 * body, the query string and the path parameters, each a 400 naming the field. Refused rather
 * than stripped: a silently altered value would be stored, and audited, as if the client had
 * sent it. Multipart fields are checked where multipart is read (`multipart.ts`).
 */
export function registerRequestTextChecks(app: NestFastifyApplication, bodyLimit: number): void {
  app.useBodyParser('application/json', { bodyLimit }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.getHttpAdapter().getInstance().addHook('preValidation', (request, reply, done) => {
    const problems = [...findTextProblems(request.body), ...queryProblems(request.query), ...findTextProblems(request.params)];
    if (problems.length === 0) return done();
    const body = toErrorBody(new ValidationFailed(problems), String(request.id));
    void reply.code(body.statusCode).send(body);
  });
}
