import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

/**
 * Applies pending migrations as the connecting (owner) role, in one transaction, before the
 * application starts using its restricted role. Returns the names of the migrations applied.
 */
export async function migrate(database: AppConfig['database']): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions({ url: database.url, poolMax: 1 }, 'pairline-migrate'));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
