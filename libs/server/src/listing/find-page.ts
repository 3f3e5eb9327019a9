import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { queryRows } from '../database/query-rows';
import { ListQuery, ListSpec, Page } from './list-query';

const escapeLike = (term: string) => term.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A page that is neither full nor past the end already tells the total: no COUNT needed. */
const knowsTotal = (rows: number, query: ListQuery) => rows < query.limit && (rows > 0 || query.offset === 0);

/**
 * Applies a parsed list query to a query builder and fetches one page and the total: one query,
 * or two when the page alone cannot tell the total, whatever the page size.
 */
export async function findPage<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  query: ListQuery,
  spec: Pick<ListSpec, 'resource' | 'tieBreaker'>,
  options: { count?: boolean } = {},
): Promise<Page<T>> {
  query.filters.forEach((filter, i) => {
    qb.andWhere(`${filter.column} IN (:...filter${i})`, { [`filter${i}`]: filter.values });
  });
  query.bounds.forEach((bound, i) => {
    qb.andWhere(`${bound.column} ${bound.op} :bound${i}`, { [`bound${i}`]: bound.value });
  });
  if (query.search) {
    const clause = query.search.columns.map((column) => `${column} ILIKE :search`).join(' OR ');
    qb.andWhere(`(${clause})`, { search: `%${escapeLike(query.search.term)}%` });
  }
  qb.orderBy(query.sort.column, query.sort.order).addOrderBy(spec.tieBreaker, query.sort.order);
  qb.offset(query.offset).limit(query.limit);
  const items = await qb.getMany();
  if (options.count === false) return new Page(spec.resource, items, query.offset, items.length);
  const total = knowsTotal(items.length, query) ? query.offset + items.length : await qb.getCount();
  return new Page(spec.resource, items, query.offset, total);
}

/**
 * What a list reads, in SQL, for `findSqlPage`. Every table joined must be to-one from the listed
 * one, so each row is one item and `COUNT(*)` is the total.
 */
export interface SqlListSource {
  /** The select list, e.g. `m."id", u."email"`. */
  readonly select: string;
  /** `"table" alias` and its joins: the aliases the spec's fields use. */
  readonly from: string;
  /** What every row must satisfy (the tenant scope), with `$1`… placeholders for `params`. */
  readonly where: string;
  readonly params: readonly unknown[];
}

/**
 * `findPage` in plain parameterised SQL, for hot lists: the same filters, search, order, page and
 * total, without the query builder's per-call SQL generation and entity hydration (a third of the
 * CPU a signed-in list request spent). Only ListSpec columns and placeholders reach the SQL text.
 */
export async function findSqlPage<Row, T>(
  manager: EntityManager,
  source: SqlListSource,
  query: ListQuery,
  spec: Pick<ListSpec, 'resource' | 'tieBreaker'>,
  toItem: (row: Row) => T,
): Promise<Page<T>> {
  const params = [...source.params];
  const bind = (value: unknown) => `$${params.push(value)}`;
  const conditions = [source.where];
  for (const filter of query.filters) conditions.push(`${filter.column} IN (${filter.values.map(bind).join(', ')})`);
  for (const bound of query.bounds) conditions.push(`${bound.column} ${bound.op} ${bind(bound.value)}`);
  if (query.search) {
    const term = bind(`%${escapeLike(query.search.term)}%`);
    conditions.push(`(${query.search.columns.map((column) => `${column} ILIKE ${term}`).join(' OR ')})`);
  }
  const from = `FROM ${source.from} WHERE ${conditions.join(' AND ')}`;
  const filterParams = params.slice();
  const rows = await queryRows<Row>(
    manager,
    `SELECT ${source.select} ${from} ORDER BY ${query.sort.column} ${query.sort.order}, ${spec.tieBreaker} ${query.sort.order} LIMIT ${bind(query.limit)} OFFSET ${bind(query.offset)}`,
    params,
  );
  const total = knowsTotal(rows.length, query)
    ? query.offset + rows.length
    : Number((await queryRows<{ total: string }>(manager, `SELECT COUNT(*) AS "total" ${from}`, filterParams))[0].total);
  return new Page(spec.resource, rows.map(toItem), query.offset, total);
}
