import { MIGRATIONS } from '@pairline/migrations';
import { DataSource } from 'typeorm';
import { createTestDatabase, databaseUrl, requireTestEnv, testDatabaseName, withAdmin } from '@pairline/testing';
import { dataSourceOptions } from './data-source-options';

describe('migrations', () => {
  it('leave no drift: TypeORM would generate nothing after all migrations ran', async () => {
    const db = await createTestDatabase();
    const dataSource = new DataSource(dataSourceOptions({ url: db.url, poolMax: 1 }));
    await dataSource.initialize();
    try {
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await dataSource.destroy();
      await db.drop();
    }
  });

  it('apply on an empty database, revert one by one, and apply again', async () => {
    const adminUrl = requireTestEnv('adminUrl');
    const name = testDatabaseName('migrate');
    await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
    const dataSource = new DataSource(dataSourceOptions({ url: databaseUrl(adminUrl, name), poolMax: 1 }));
    await dataSource.initialize();
    try {
      expect((await dataSource.runMigrations()).length).toBe(MIGRATIONS.length);
      for (let i = 0; i < MIGRATIONS.length; i++) await dataSource.undoLastMigration();
      const tables = await dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'typeorm_migration'`);
      expect(tables).toEqual([]);
      expect((await dataSource.runMigrations()).length).toBe(MIGRATIONS.length);
      expect(await dataSource.showMigrations()).toBe(false);
    } finally {
      await dataSource.destroy();
      await withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    }
  });
});
