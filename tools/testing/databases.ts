import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Set by the Jest global setup for every test worker. */
export const TEST_ENV = {
  adminUrl: 'PAIRLINE_TEST_PG_ADMIN_URL',
  templateDb: 'PAIRLINE_TEST_TEMPLATE_DB',
  redisUrl: 'PAIRLINE_TEST_REDIS_URL',
} as const;

export function requireTestEnv(name: keyof typeof TEST_ENV): string {
  const value = process.env[TEST_ENV[name]];
  if (!value) throw new Error(`${TEST_ENV[name]} is not set: run integration tests through their Jest config (global setup).`);
  return value;
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdmin<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export const TEST_DB_PREFIX = 'pairline_test_';

export function testDatabaseName(kind: string): string {
  return `${TEST_DB_PREFIX}${kind}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** A fresh database for one test file, cloned from the migrated template in milliseconds. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = requireTestEnv('adminUrl');
  const template = requireTestEnv('templateDb');
  const name = testDatabaseName('db');
  await withAdmin(adminUrl, async (client) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        return;
      } catch (error) {
        // Two workers cloning at the same instant can collide on the template's lock.
        if (attempt >= 10 || !/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  });
  return {
    name,
    url: databaseUrl(adminUrl, name),
    drop: () => withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
