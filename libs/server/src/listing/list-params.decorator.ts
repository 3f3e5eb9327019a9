import { applyDecorators, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiHeader, ApiHideProperty, ApiQuery } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { filterKeys, ListSpec, parseListQuery, RawListParams, sortKeys } from './list-query';

/** Injects the parsed list query of the request, validated against `spec`. */
export const ListParams = createParamDecorator((spec: ListSpec, context: ExecutionContext) => {
  const request = context.switchToHttp().getRequest<FastifyRequest<{ Querystring: RawListParams }>>();
  return parseListQuery(request.query ?? {}, spec);
});

/**
 * The list parameters as a query DTO, for an endpoint that validates other query parameters with
 * `@Query()` too (which refuses parameters it does not declare); `@ListParams` reads and checks them.
 */
export class ListQueryParams {
  @ApiHideProperty()
  @IsOptional()
  sort?: unknown;

  @ApiHideProperty()
  @IsOptional()
  range?: unknown;

  @ApiHideProperty()
  @IsOptional()
  filter?: unknown;
}

/** Documents the ra-data-simple-rest query parameters of a list endpoint in OpenAPI. */
export function ApiList(spec: ListSpec): MethodDecorator {
  return applyDecorators(
    ApiQuery({ name: 'sort', required: false, description: `JSON ["field","ASC"|"DESC"]; fields: ${sortKeys(spec).join(', ')}`, example: `["${spec.defaultSort.field}","${spec.defaultSort.order}"]` }),
    ApiQuery({ name: 'range', required: false, description: 'JSON [start,end], inclusive, zero-based', example: '[0,24]' }),
    ApiQuery({ name: 'filter', required: false, description: `JSON object; keys: ${filterKeys(spec).join(', ')}`, example: '{}' }),
    ApiHeader({ name: 'Content-Range', required: false, description: 'Response header: `resource start-end/total`' }),
  );
}
