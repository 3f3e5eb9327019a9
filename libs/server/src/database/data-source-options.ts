import { MIGRATIONS } from '@pairline/migrations';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { ENTITIES } from './entities';

/**
 * The one description of the database, used by the app, the worker, the migration CLI and tests.
 * Schema changes only ever come from migrations: `synchronize` silently drops columns.
 */
export function dataSourceOptions(
  database: Pick<AppConfig['database'], 'url' | 'poolMax'>,
  applicationName = 'pairline',
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
    poolSize: database.poolMax,
    applicationName,
    connectTimeoutMS: 10_000,
    extra: { idleTimeoutMillis: 30_000 },
  };
}
