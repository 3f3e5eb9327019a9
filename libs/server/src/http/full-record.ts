import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, UseInterceptors, type Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModuleRef } from '@nestjs/core';
import type { ApiErrorDetail } from '@pairline/contracts';
import { canonicalJson } from '@pairline/domain';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { getMetadataStorage } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import type { Observable } from 'rxjs';
import type { Actor } from '../auth/actor';
import { ValidationFailed } from '../errors/http-error.filter';

// `@Type` metadata lives in this module, which the package's types do not declare as an entry point.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: MetadataStorage };

type RecordReader = (actor: Actor, id: string) => Promise<unknown>;

/** The fields a DTO class declares (its own and inherited), which the validation pipe allows. */
function declaredFields(dto: Type): Set<string> {
  return new Set(getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false).map((m) => m.propertyName));
}

/** The DTO class of a nested field (`@Type(() => X)`), if it has one. */
function nestedClass(dto: Type, field: string): Type | null {
  const type = defaultMetadataStorage.findTypeMetadata(dto, field)?.typeFunction();
  return typeof type === 'function' && type !== Object ? (type as Type) : null;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
/** Values as the API answered them (dates as ISO strings), for comparison. */
const asSent = (value: unknown) => canonicalJson(value === undefined ? null : JSON.parse(JSON.stringify(value)));

/**
 * Removes from `body` (in place) the fields its DTO does not declare whose values equal the
 * stored record's, at every depth of nested DTOs; reports those whose values differ. Fields the
 * record does not have either are left for the validation pipe to refuse as unknown.
 */
export function stripUnchangedReadOnly(body: Record<string, unknown>, stored: Record<string, unknown>, dto: Type, path = '', problems: ApiErrorDetail[] = []): ApiErrorDetail[] {
  const declared = declaredFields(dto);
  for (const [key, value] of Object.entries(body)) {
    const field = path ? `${path}.${key}` : key;
    if (declared.has(key)) {
      const nested = nestedClass(dto, key);
      if (nested && isObject(value) && isObject(stored[key])) stripUnchangedReadOnly(value, stored[key], nested, field, problems);
      if (nested && Array.isArray(value) && Array.isArray(stored[key])) {
        value.forEach((item, i) => isObject(item) && isObject((stored[key] as unknown[])[i]) && stripUnchangedReadOnly(item, (stored[key] as Record<string, unknown>[])[i], nested, `${field}[${i}]`, problems));
      }
      continue;
    }
    if (!(key in stored)) continue;
    if (asSent(value) === asSent(stored[key])) delete body[key];
    else problems.push({ field, problems: [`is read-only: it cannot be changed here (stored: ${asSent(stored[key]).slice(0, 200)})`] });
  }
  return problems;
}

/**
 * Lets an update take the whole record as the client read it (react-admin's stock data provider
 * sends every field of the record back): read-only fields equal to the stored values are
 * dropped before validation, and a change to one is refused with a 400 naming it. The stored
 * record is what the controller's `get(actor, id)` answers, in the request's own transaction;
 * it is read only when the body carries fields the update does not declare. A stale `version`
 * skips the comparison (the read-only fields will have moved too) so the update answers 409.
 */
@Injectable()
export class FullRecordInterceptor implements NestInterceptor {
  constructor(private readonly moduleRef: ModuleRef) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<FastifyRequest & { actor?: Actor }>();
    const body = request.body;
    const dto = bodyClass(context);
    if (!dto || !isObject(body) || !request.actor) return next.handle();
    const declared = declaredFields(dto);
    if (Object.keys(body).every((key) => declared.has(key)) && !hasNestedExtras(body, dto)) return next.handle();
    const controller = this.moduleRef.get(context.getClass(), { strict: false }) as { get?: RecordReader };
    const id = Object.values((request.params ?? {}) as Record<string, string>)[0];
    if (typeof controller.get !== 'function' || id === undefined) return next.handle();
    const stored = await controller.get(request.actor, id);
    if (!isObject(stored)) return next.handle();
    const storedPlain = JSON.parse(JSON.stringify(stored)) as Record<string, unknown>;
    if ('version' in storedPlain && 'version' in body && body.version !== storedPlain.version) {
      for (const key of Object.keys(body)) if (!declared.has(key) && key in storedPlain) delete body[key];
      return next.handle();
    }
    const problems = stripUnchangedReadOnly(body, storedPlain, dto);
    if (problems.length) throw new ValidationFailed(problems);
    return next.handle();
  }
}

function hasNestedExtras(body: Record<string, unknown>, dto: Type): boolean {
  return Object.entries(body).some(([key, value]) => {
    const nested = nestedClass(dto, key);
    if (!nested) return false;
    const items = Array.isArray(value) ? value : [value];
    const declared = declaredFields(nested);
    return items.some((item) => isObject(item) && (Object.keys(item).some((k) => !declared.has(k)) || hasNestedExtras(item, nested)));
  });
}

/** The class of the handler's `@Body()` parameter. */
function bodyClass(context: ExecutionContext): Type | null {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), context.getHandler().name) ?? {}) as Record<string, { index: number }>;
  const entry = Object.entries(args).find(([key]) => key.split(':')[0] === String(RouteParamtypes.BODY));
  if (!entry) return null;
  const types = (Reflect.getMetadata('design:paramtypes', context.getClass().prototype, context.getHandler().name) ?? []) as Type[];
  return types[entry[1].index] ?? null;
}

/** An update route (`PUT :id`) that accepts the full record as read from `GET :id`. */
export const AcceptsFullRecord = () => applyDecorators(UseInterceptors(FullRecordInterceptor));
