import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { ListQuery, ListSpec, Page } from './list-query';

const escapeLike = (term: string) => term.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Applies a parsed list query to a query builder and fetches one page and the total: always two
 * queries, whatever the page size.
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
  if (options.count === false) {
    const items = await qb.getMany();
    return new Page(spec.resource, items, query.offset, items.length);
  }
  const [items, total] = await qb.getManyAndCount();
  return new Page(spec.resource, items, query.offset, total);
}
