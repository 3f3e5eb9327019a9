import { applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiHeader, ApiQuery } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ListSpec, parseListQuery, RawListParams } from './list-query';

/** Injects the parsed list query of the request, validated against `spec`. */
export const ListParams = createParamDecorator((spec: ListSpec, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<FastifyRequest<{ Querystring: RawListParams }>>();
  return parseListQuery(request.query ?? {}, spec);
});

/** Documents the ra-data-simple-rest query parameters of a list endpoint in OpenAPI. */
export function ApiList(spec: ListSpec): MethodDecorator {
  return applyDecorators(
    ApiQuery({ name: 'sort', required: false, description: `JSON ["field","ASC"|"DESC"]; fields: ${spec.sortable.join(', ')}`, example: `["${spec.defaultSort.field}","${spec.defaultSort.order}"]` }),
    ApiQuery({ name: 'range', required: false, description: 'JSON [start,end], inclusive, zero-based', example: '[0,24]' }),
    ApiQuery({ name: 'filter', required: false, description: `JSON object; keys: ${[...spec.filterable, ...(spec.searchable?.length ? ['q'] : [])].join(', ')}`, example: '{}' }),
    ApiHeader({ name: 'Content-Range', required: false, description: 'Response header: `resource start-end/total`' }),
  );
}
