import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ListQuery, ListSpec, Page } from './list-query';

const escapeLike = (term: string) => term.replace(/[\\%_]/g, (c) => `\\${c}`);

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
  // A page that is neither full nor past the end already tells the total: skip the COUNT.
  const knownTotal = items.length < query.limit && (items.length > 0 || query.offset === 0);
  const total = knownTotal ? query.offset + items.length : await qb.getCount();
  return new Page(spec.resource, items, query.offset, total);
}
