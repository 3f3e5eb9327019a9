import { MIGRATIONS } from '@pairline/migrations';
import { types } from 'pg';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';

// A DATE is a day in England, not an instant: keep PostgreSQL's 'YYYY-MM-DD' text instead of
// letting pg turn it into a local-midnight Date that shifts with the server's time zone.
types.setTypeParser(types.builtins.DATE, (value: string) => value);

/**
 * The one description of the database, used by the app, the worker, the migration CLI and tests.
 * Schema changes only ever come from migrations: `synchronize` silently drops columns.
 */
export function dataSourceOptions(
  database: Pick<AppConfig['database'], 'url' | 'poolMax'>,
  applicationName = 'pairline',
  /** Role every pooled connection switches to; omitted for the owner (migrations, tests' setup). */
  runAs?: string,
): DataSourceOptions {
  return {
    type: 'postgres',
    url: database.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migration',
    // One transaction for the whole run: a failed migration leaves the schema as it was.
    migrationsTransactionMode: 'all',
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    // gen_random_uuid() is built into PostgreSQL 13+; uuid-ossp would need an extension.
    uuidExtension: 'pgcrypto',
    poolSize: database.poolMax,
    applicationName,
    connectTimeoutMS: 10_000,
    extra: {
      idleTimeoutMillis: 30_000,
      // Every connection works as the application role, which owns nothing and cannot bypass
      // row-level security, whatever the login role may do. Set once per connection, before use.
      ...(runAs ? { onConnect: (client: { query(sql: string): Promise<unknown> }) => client.query(`SET ROLE "${runAs.replace(/"/g, '""')}"`) } : {}),
    },
  };
}
