import {
  LIST_DEFAULT_PAGE_SIZE,
  LIST_MAX_PAGE_SIZE,
  LIST_SEARCH_FILTER,
  type ApiErrorDetail,
} from '@pairline/contracts';
import { ValidationFailed } from '../errors/http-error.filter';

/**
 * What a filter takes, checked once here for every list: a value of the wrong kind is a 400 naming
 * the filter and what it expects, never a query that fails in PostgreSQL (a non-UUID compared with
 * a uuid column) or an empty page for a mistyped value.
 */
export type FilterType =
  | 'uuid'
  | 'text'
  | 'integer'
  | 'boolean'
  /** A calendar day, `YYYY-MM-DD`. */
  | 'date'
  /** Only these values. */
  | { readonly oneOf: readonly string[] };

/**
 * What a list endpoint accepts. Only whitelisted fields can be sorted or filtered, so a client can
 * never sort by an unindexed column or probe one it should not see. Every list has an `id` field,
 * always sortable (react-admin's default sort) and filterable (its getMany is `filter={"id":[…]}`).
 */
export interface ListSpec<Field extends string = string> {
  /** Resource name used in `Content-Range`, e.g. "provider-suppliers". */
  readonly resource: string;
  /** API field → SQL expression (a column of the listed alias, never user input). */
  readonly fields: Readonly<Record<Field | 'id', string>>;
  readonly sortable: readonly Field[];
  /** Exact-match filters and the type of value each takes; an array value means "any of". */
  readonly filterable: Readonly<Partial<Record<Field, FilterType>>> & { readonly id: FilterType };
  /** Fields matched case-insensitively by the `q` filter. */
  readonly searchable?: readonly Field[];
  /** Filter keys that bound a field, e.g. `from`/`to` on a timestamp (ISO 8601 values). */
  readonly ranges?: Readonly<Record<string, { readonly field: Field; readonly op: '>=' | '<=' }>>;
  readonly defaultSort: { readonly field: Field | 'id'; readonly order: 'ASC' | 'DESC' };
  /** Appended to every ORDER BY so pages are stable when the sort key has ties. */
  readonly tieBreaker: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The value a filter of this type reads from a JSON scalar, or undefined when it takes no such value. */
function readFilterValue(type: FilterType, value: unknown): unknown {
  if (typeof type === 'object') return typeof value === 'string' && type.oneOf.includes(value) ? value : undefined;
  switch (type) {
    case 'uuid':
      return typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : undefined;
    case 'text':
      return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
    case 'integer':
      return Number.isSafeInteger(value) ? value : typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'date':
      return typeof value === 'string' && DAY.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().startsWith(value) ? value : undefined;
  }
}

const expected = (type: FilterType): string => {
  if (typeof type === 'object') return `must be one of: ${type.oneOf.join(', ')}`;
  return {
    uuid: 'must be a UUID',
    text: 'must be a string',
    integer: 'must be an integer',
    boolean: 'must be one of: true, false',
    date: 'must be a date (YYYY-MM-DD)',
  }[type];
};

/** The filter keys a spec takes, for messages and documentation. */
export const filterKeys = (spec: ListSpec): string[] => [
  ...Object.keys(spec.filterable),
  ...Object.keys(spec.ranges ?? {}),
  ...(spec.searchable?.length ? [LIST_SEARCH_FILTER] : []),
];

/** The fields a spec sorts by: its own and `id`. */
export const sortKeys = (spec: ListSpec): string[] => (spec.sortable.includes('id') ? [...spec.sortable] : [...spec.sortable, 'id']);

export interface ListQuery {
  readonly sort: { readonly column: string; readonly order: 'ASC' | 'DESC' };
  readonly offset: number;
  readonly limit: number;
  readonly filters: readonly { readonly column: string; readonly values: readonly unknown[] }[];
  readonly bounds: readonly { readonly column: string; readonly op: '>=' | '<='; readonly value: string }[];
  readonly search: { readonly columns: readonly string[]; readonly term: string } | null;
}

export interface RawListParams {
  sort?: unknown;
  range?: unknown;
  filter?: unknown;
}

function parseJson(raw: unknown, field: string, problems: ApiErrorDetail[]): unknown {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') {
    problems.push({ field, problems: ['must be given once, as a JSON value'] });
    return undefined;
  }
  try {
    return JSON.parse(raw);
  } catch {
    problems.push({ field, problems: ['must be valid JSON'] });
    return undefined;
  }
}

const isScalar = (v: unknown) => ['string', 'number', 'boolean'].includes(typeof v);

/** Parses `sort`, `range` and `filter` (ra-data-simple-rest) against a spec; 400 names each bad one. */
export function parseListQuery<F extends string>(raw: RawListParams, spec: ListSpec<F>): ListQuery {
  const problems: ApiErrorDetail[] = [];

  let sort = { column: spec.fields[spec.defaultSort.field], order: spec.defaultSort.order };
  const sortValue = parseJson(raw.sort, 'sort', problems);
  if (sortValue !== undefined) {
    const [field, order] = Array.isArray(sortValue) ? sortValue : [];
    const orderUpper = typeof order === 'string' ? order.toUpperCase() : order;
    if (!Array.isArray(sortValue) || sortValue.length !== 2) {
      problems.push({ field: 'sort', problems: ['must be ["field","ASC"|"DESC"]'] });
    } else if (typeof field !== 'string' || !sortKeys(spec).includes(field)) {
      problems.push({ field: 'sort', problems: [`cannot sort by "${String(field)}"; sortable: ${sortKeys(spec).join(', ')}`] });
    } else if (orderUpper !== 'ASC' && orderUpper !== 'DESC') {
      problems.push({ field: 'sort', problems: ['order must be ASC or DESC'] });
    } else {
      sort = { column: spec.fields[field as F | 'id'], order: orderUpper };
    }
  }

  let offset = 0;
  let limit = LIST_DEFAULT_PAGE_SIZE;
  const rangeValue = parseJson(raw.range, 'range', problems);
  if (rangeValue !== undefined) {
    const [start, end] = Array.isArray(rangeValue) ? rangeValue : [];
    if (
      !Array.isArray(rangeValue) ||
      rangeValue.length !== 2 ||
      !Number.isSafeInteger(start) ||
      !Number.isSafeInteger(end) ||
      start < 0 ||
      end < start
    ) {
      problems.push({ field: 'range', problems: ['must be [start,end] with 0 <= start <= end'] });
    } else if (end - start + 1 > LIST_MAX_PAGE_SIZE) {
      problems.push({ field: 'range', problems: [`asks for ${end - start + 1} rows; at most ${LIST_MAX_PAGE_SIZE} per page`] });
    } else {
      offset = start;
      limit = end - start + 1;
    }
  }

  const filters: { column: string; values: unknown[] }[] = [];
  const bounds: { column: string; op: '>=' | '<='; value: string }[] = [];
  let search: ListQuery['search'] = null;
  const filterValue = parseJson(raw.filter, 'filter', problems);
  if (filterValue !== undefined) {
    if (typeof filterValue !== 'object' || filterValue === null || Array.isArray(filterValue)) {
      problems.push({ field: 'filter', problems: ['must be a JSON object'] });
    } else {
      for (const [key, value] of Object.entries(filterValue)) {
        const range = spec.ranges?.[key];
        if (range) {
          if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
            problems.push({ field: `filter.${key}`, problems: ['must be an ISO 8601 date or date-time'] });
          } else {
            bounds.push({ column: spec.fields[range.field], op: range.op, value: new Date(value).toISOString() });
          }
        } else if (key === LIST_SEARCH_FILTER && spec.searchable?.length) {
          if (typeof value !== 'string') problems.push({ field: `filter.${key}`, problems: ['must be a string'] });
          else if (value.trim() !== '') search = { columns: spec.searchable.map((f) => spec.fields[f]), term: value.trim() };
        } else if (!Object.hasOwn(spec.filterable, key)) {
          problems.push({ field: `filter.${key}`, problems: [`is not a filter; filters: ${filterKeys(spec).join(', ')}`] });
        } else {
          const type = spec.filterable[key as F]!;
          const values = Array.isArray(value) ? value : [value];
          const read = values.map((v) => readFilterValue(type, v));
          if (values.length === 0 || values.length > LIST_MAX_PAGE_SIZE || !values.every(isScalar)) {
            problems.push({ field: `filter.${key}`, problems: [`must be a value or a list of 1 to ${LIST_MAX_PAGE_SIZE} values`] });
          } else if (read.some((v) => v === undefined)) {
            problems.push({ field: `filter.${key}`, problems: [`${expected(type)}${values.length > 1 ? ' (each value)' : ''}`] });
          } else {
            filters.push({ column: spec.fields[key as F], values: read });
          }
        }
      }
    }
  }

  if (problems.length > 0) throw new ValidationFailed(problems);
  return { sort, offset, limit, filters, bounds, search };
}

/** One page of a list and the total it came from; becomes the body and the `Content-Range`. */
export class Page<T> {
  constructor(
    readonly resource: string,
    readonly items: T[],
    readonly offset: number,
    readonly total: number,
  ) {}

  /** The same page with each item converted (entity to DTO). */
  map<U>(convert: (item: T) => U): Page<U> {
    return new Page(this.resource, this.items.map(convert), this.offset, this.total);
  }

  /** e.g. `provider-suppliers 0-3/4`; an empty page has the unsatisfied form `provider-suppliers &ast;/0`. */
  get contentRange(): string {
    if (this.items.length === 0) return `${this.resource} */${this.total}`;
    return `${this.resource} ${this.offset}-${this.offset + this.items.length - 1}/${this.total}`;
  }
}
