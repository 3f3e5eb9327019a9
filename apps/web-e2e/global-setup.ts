import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { databaseUrl, freePort, resolvePostgres, resolveRedis, testDatabaseName, withAdmin } from '@pairline/testing';

export const STATE_FILE = join(__dirname, 'artifacts/.server.json');
const root = resolve(__dirname, '../..');

/** Starts the built product exactly as `npm start` runs it, on a fresh database. */
export default async function globalSetup(): Promise<void> {
  if (process.env.E2E_BASE_URL) return; // testing a server someone else started
  const [postgres, redis] = await Promise.all([resolvePostgres(), resolveRedis()]);
  const database = testDatabaseName('e2e');
  await withAdmin(postgres.url, (client) => client.query(`CREATE DATABASE "${database}"`));
  const port = await freePort();
  const prefix = `pairline-e2e-${port}`;
  const databaseUrlForE2e = databaseUrl(postgres.url, database);
  // The demo organisation, through the same command an operator would run; its one-time
  // passwords are kept for the tests only.
  const seeded = execFileSync(process.execPath, ['dist/server/apps/api/src/cli.js', 'seed-demo', '--json'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrlForE2e, REDIS_URL: '' },
  }).toString();
  const accounts = Object.fromEntries((JSON.parse(seeded.trim().split('\n').at(-1)!) as { role: string; email: string }[]).map((a) => [a.role, a]));
  mkdirSync(dirname(STATE_FILE), { recursive: true });
  writeFileSync(join(dirname(STATE_FILE), '.accounts.json'), JSON.stringify(accounts, null, 2));
  const server = spawn(process.execPath, ['--enable-source-maps', 'dist/server/apps/api/src/main.js'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: databaseUrlForE2e,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: prefix,
      // The suite signs in a dozen times from one address; the limit itself is covered by API tests.
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      // One demo account is also a platform operator, so the queue dashboard can be opened; the
      // organisation's admin is not one.
      PLATFORM_OPERATOR_EMAILS: accounts.executive.email,
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: false,
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilHealthy(baseUrl, () => server.exitCode);
  } catch (error) {
    server.kill('SIGTERM');
    await withAdmin(postgres.url, (client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
    throw error;
  }
  process.env.E2E_BASE_URL = baseUrl;
  writeFileSync(STATE_FILE, JSON.stringify({ pid: server.pid, adminUrl: postgres.url, database, redisUrl: redis.url, queuePrefix: prefix, redisOrigin: redis.origin, postgresOrigin: postgres.origin }));
  server.unref();
}

async function waitUntilHealthy(baseUrl: string, exitCode: () => number | null): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exitCode() !== null) throw new Error(`The API exited with code ${exitCode()} before it was healthy`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('The API did not become healthy within 60s');
    await new Promise((r) => setTimeout(r, 200));
  }
}
