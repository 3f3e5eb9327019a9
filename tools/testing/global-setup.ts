import { MIGRATIONS } from '@pairline/migrations';
import { DataSource } from 'typeorm';
import { TEST_DB_PREFIX, TEST_ENV, databaseUrl, testDatabaseName, withAdmin } from './databases';
import { resolvePostgres, resolveRedis, type Service } from './services';

declare global {
  var __pairlineTestServices: { postgres: Service; redis: Service; template: string } | undefined;
}

/** Drops databases left by earlier runs whose process is gone (a crashed or killed run). */
async function dropOrphans(adminUrl: string): Promise<void> {
  await withAdmin(adminUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${TEST_DB_PREFIX}%`]);
    for (const { datname } of rows) {
      const pid = Number(datname.split('_')[3]);
      let alive = false;
      try {
        process.kill(pid, 0);
        alive = true;
      } catch {
        alive = false;
      }
      if (!alive) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  });
}

export default async function globalSetup(): Promise<void> {
  const [postgres, redis] = await Promise.all([resolvePostgres(), resolveRedis()]);
  await dropOrphans(postgres.url);
  const template = testDatabaseName('tpl');
  await withAdmin(postgres.url, (client) => client.query(`CREATE DATABASE "${template}"`));
  const dataSource = new DataSource({
    type: 'postgres',
    url: databaseUrl(postgres.url, template),
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migration',
  });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'all' });
  } finally {
    await dataSource.destroy();
  }
  process.env[TEST_ENV.adminUrl] = postgres.url;
  process.env[TEST_ENV.templateDb] = template;
  process.env[TEST_ENV.redisUrl] = redis.url;
  globalThis.__pairlineTestServices = { postgres, redis, template };
  console.log(`\nIntegration tests: PostgreSQL (${postgres.origin}), Redis (${redis.origin}), template ${template}`);
}
