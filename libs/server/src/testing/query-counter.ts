/** Test-only: counts the SQL statements the app sends while some requests run. */
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { TestApp } from './test-app';

/**
 * Counts statements matching `pattern` sent through TypeORM's query runners (every transaction's
 * connection), and the prepared statements `queryRows` sends straight to those connections, while
 * `work` runs: "a fixed number of queries whatever the number of rows" is then a comparison of two
 * counts.
 */
export async function countQueries(app: TestApp, pattern: RegExp, work: () => Promise<unknown>): Promise<number> {
  const dataSource = app.app.get(DataSource);
  const original = dataSource.driver.createQueryRunner.bind(dataSource.driver);
  let count = 0;
  dataSource.driver.createQueryRunner = (mode: 'master' | 'slave') => {
    const runner = original(mode);
    const query = runner.query.bind(runner);
    runner.query = ((sql: string, ...rest: Parameters<typeof query> extends [string, ...infer R] ? R : never) => {
      if (pattern.test(sql)) count += 1;
      return query(sql, ...rest);
    }) as typeof runner.query;
    return runner;
  };
  // queryRows passes a query config ({ name, text, values }); TypeORM passes the SQL text.
  const clientQuery = Client.prototype.query;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const config = args[0] as { text?: unknown } | string;
    if (typeof config === 'object' && config !== null && typeof config.text === 'string' && pattern.test(config.text)) count += 1;
    return (clientQuery as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof clientQuery;
  try {
    await work();
    return count;
  } finally {
    dataSource.driver.createQueryRunner = original;
    Client.prototype.query = clientQuery;
  }
}
