/**
 * Writes a new migration with the SQL TypeORM would need to bring a fully migrated database in
 * line with the entities, as a starting point to review and extend (RLS policies, grants,
 * triggers and data changes are never generated: add them by hand).
 *
 *   npm run migration:generate -- <kebab-case-name>
 */
import { MIGRATIONS } from '@pairline/migrations';
import { dataSourceOptions } from '@pairline/server/database/data-source-options';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { databaseUrl, resolvePostgres, testDatabaseName, withAdmin } from '@pairline/testing';

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) throw new Error('usage: npm run migration:generate -- <kebab-case-name>');
  const postgres = await resolvePostgres();
  const database = testDatabaseName('gen');
  await withAdmin(postgres.url, (c) => c.query(`CREATE DATABASE "${database}"`));
  const dataSource = new DataSource(dataSourceOptions({ url: databaseUrl(postgres.url, database), poolMax: 1 }));
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'all' });
    const sql = await dataSource.driver.createSchemaBuilder().log();
    if (sql.upQueries.length === 0) {
      console.log(`No schema changes: the entities match the ${MIGRATIONS.length} migrations.`);
      return;
    }
    const timestamp = Date.now();
    const className = name.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()) + timestamp;
    const q = (query: string) => `    await db.query(\`${query.replace(/`/g, '\\`')}\`);`;
    const file = join(__dirname, '..', 'migrations', `${timestamp}-${name}.ts`);
    writeFileSync(
      file,
      `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(db: QueryRunner): Promise<void> {
${sql.upQueries.map((u) => q(u.query)).join('\n')}
  }

  async down(db: QueryRunner): Promise<void> {
${sql.downQueries.reverse().map((d) => q(d.query)).join('\n')}
  }
}
`,
    );
    console.log(`Wrote ${file}; add it to migrations/index.ts after review.`);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await withAdmin(postgres.url, (c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
    await postgres.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
