import {
  LIST_DEFAULT_PAGE_SIZE,
  LIST_MAX_PAGE_SIZE,
  LIST_SEARCH_FILTER,
  type ApiErrorDetail,
} from '@pairline/contracts';
import { ValidationFailed } from '../errors/http-error.filter';

/**
 * What a list endpoint accepts. Only whitelisted fields can be sorted or filtered, so a client can
 * never sort by an unindexed column or probe one it should not see.
 */
export interface ListSpec<Field extends string = string> {
  /** Resource name used in `Content-Range`, e.g. "provider-suppliers". */
  readonly resource: string;
  /** API field → SQL expression (a column of the listed alias, never user input). */
  readonly fields: Readonly<Record<Field, string>>;
  readonly sortable: readonly Field[];
  /** Exact-match filters; an array value means "any of" (react-admin's getMany). */
  readonly filterable: readonly Field[];
  /** The only values some filters accept, so a mistyped one is a 400 rather than an empty list. */
  readonly filterValues?: Readonly<Partial<Record<Field, readonly (string | boolean)[]>>>;
  /** Fields matched case-insensitively by the `q` filter. */
  readonly searchable?: readonly Field[];
  /** Filter keys that bound a field, e.g. `from`/`to` on a timestamp (ISO 8601 values). */
  readonly ranges?: Readonly<Record<string, { readonly field: Field; readonly op: '>=' | '<=' }>>;
  readonly defaultSort: { readonly field: Field; readonly order: 'ASC' | 'DESC' };
  /** Appended to every ORDER BY so pages are stable when the sort key has ties. */
  readonly tieBreaker: string;
}

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
    } else if (!spec.sortable.includes(field as F)) {
      problems.push({ field: 'sort', problems: [`cannot sort by "${String(field)}"; sortable: ${spec.sortable.join(', ')}`] });
    } else if (orderUpper !== 'ASC' && orderUpper !== 'DESC') {
      problems.push({ field: 'sort', problems: ['order must be ASC or DESC'] });
    } else {
      sort = { column: spec.fields[field as F], order: orderUpper };
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
        } else if (!spec.filterable.includes(key as F)) {
          const allowed = [...spec.filterable, ...Object.keys(spec.ranges ?? {}), ...(spec.searchable?.length ? [LIST_SEARCH_FILTER] : [])];
          problems.push({ field: `filter.${key}`, problems: [`is not a filter; filters: ${allowed.join(', ')}`] });
        } else {
          const values = Array.isArray(value) ? value : [value];
          if (values.length === 0 || values.length > LIST_MAX_PAGE_SIZE || !values.every(isScalar)) {
            problems.push({ field: `filter.${key}`, problems: [`must be a value or a list of 1 to ${LIST_MAX_PAGE_SIZE} values`] });
          } else if (spec.filterValues?.[key as F] && !values.every((v) => spec.filterValues![key as F]!.includes(v as string | boolean))) {
            problems.push({ field: `filter.${key}`, problems: [`must be one of: ${spec.filterValues[key as F]!.map(String).join(', ')}`] });
          } else {
            filters.push({ column: spec.fields[key as F], values });
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
