import { QueryFailedError, type EntityManager } from 'typeorm';

interface PgConnection {
  query(config: { text: string; values?: readonly unknown[]; name?: string }): Promise<{ rows: unknown[] }>;
}

/**
 * Names for the statements run here, so each pooled connection parses and plans one only once
 * (PostgreSQL's parse and plan of a list query under RLS cost more than running it). Bounded:
 * texts past the cap (lists filtered in unusual ways) run unnamed, as any other query does.
 */
const statementNames = new Map<string, string>();
const MAX_NAMED_STATEMENTS = 200;

function statementName(sql: string): string | undefined {
  let name = statementNames.get(sql);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `pairline_${statementNames.size + 1}`;
    statementNames.set(sql, name);
  }
  return name;
}

/**
 * `manager.query(sql, params)` for hot reads: a prepared statement on the connection of the
 * manager's transaction. TypeORM's own path awaits subscriber broadcasts and a connection lookup
 * around every statement, about fifteen promises each (on a list request, more CPU than the rest
 * of the statement's handling); the app registers no subscribers and no query logging, so nothing
 * is skipped but the overhead. Errors are wrapped exactly as TypeORM wraps them.
 */
export async function queryRows<T>(manager: EntityManager, sql: string, params: readonly unknown[] = []): Promise<T[]> {
  const runner = manager.queryRunner;
  if (!runner || runner.isReleased) return manager.query(sql, [...params]);
  const connection = (await runner.connect()) as PgConnection;
  try {
    return (await connection.query({ name: statementName(sql), text: sql, values: params })).rows as T[];
  } catch (error) {
    throw new QueryFailedError(sql, [...params], error as Error);
  }
}
