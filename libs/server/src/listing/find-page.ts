import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { queryRows } from '../database/query-rows';
import { ListQuery, ListSpec, Page } from './list-query';

const escapeLike = (term: string) => term.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A page that is neither full nor past the end already tells the total: no COUNT needed. */
const knowsTotal = (rows: number, query: ListQuery) => rows < query.limit && (rows > 0 || query.offset === 0);

/**
 * What a list reads, in SQL. Every table joined must be to-one from the listed one, so each row is
 * one item and `COUNT(*)` is the total.
 */
export interface ListSource {
  /** The select list, e.g. `m."id", u."email"`. */
  readonly select: string;
  /** `"table" alias` and its joins: the aliases the spec's fields use. */
  readonly from: string;
  /** What every row must satisfy (the tenant scope), with `$1`… placeholders for `params`. */
  readonly where: string;
  readonly params: readonly unknown[];
}

/**
 * The one list executor: a parsed list query over a `ListSource` as parameterised SQL (filters,
 * bounds, search, order with the spec's tie-breaker, page) sent as prepared statements, and the
 * total: one statement, or two when the page alone cannot tell the total, whatever the page size.
 * Rows are plain objects as the driver reads them (no entity hydration); `toItem` makes the DTO.
 * Only ListSpec expressions and placeholders reach the SQL text.
 */
export async function findPage<Row, T = Row>(
  manager: EntityManager,
  source: ListSource,
  query: ListQuery,
  spec: Pick<ListSpec, 'resource' | 'tieBreaker'>,
  toItem: (row: Row) => T = (row) => row as unknown as T,
  options: { count?: boolean } = {},
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
  if (options.count === false) return new Page(spec.resource, rows.map(toItem), query.offset, query.offset + rows.length);
  const total = knowsTotal(rows.length, query)
    ? query.offset + rows.length
    : Number((await queryRows<{ total: string }>(manager, `SELECT COUNT(*) AS "total" ${from}`, filterParams))[0].total);
  return new Page(spec.resource, rows.map(toItem), query.offset, total);
}

const selects = new Map<unknown, Map<string, string>>();

/**
 * The select list of an entity's columns under `alias`, each named as the entity's property
 * (`t."created_at" AS "createdAt"`), so a list row has the entity's shape without hydration.
 * Columns the entity hides from selects (`select: false`) and those named in `except` (large ones
 * a list does not show) are left out. Worked out once per entity, alias and exceptions.
 */
export function entityColumns(manager: EntityManager, entity: EntityTarget<ObjectLiteral>, alias: string, except: readonly string[] = []): string {
  let byAlias = selects.get(entity);
  if (!byAlias) selects.set(entity, (byAlias = new Map()));
  const key = [alias, ...except].join(' ');
  let select = byAlias.get(key);
  if (select === undefined) {
    // Virtual columns are a relation's join column without a property of its own.
    const columns = manager.connection.getMetadata(entity).columns.filter((c) => c.isSelect && !c.isVirtual && !except.includes(c.propertyName));
    select = columns.map((c) => `${alias}."${c.databaseName}" AS "${c.propertyName}"`).join(', ');
    byAlias.set(key, select);
  }
  return select;
}
