import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
/** Test-only: never imported by production code (the build excludes this folder). */
import { createHttpApp } from '../http/http-app';
import { loadConfig, type AppConfig } from '../config/app-config';
import { createTestDatabase, dropRedisPrefix, requireTestEnv, type TestDatabase } from '@pairline/testing';

export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly config: AppConfig;
  readonly db: TestDatabase;
  readonly inject: NestFastifyApplication['inject'];
  close(): Promise<void>;
}

/** Environment of a test process: its own database, its own Redis key prefix, quiet logs. */
export async function testEnvironment(overrides: Record<string, string | undefined> = {}) {
  const db = await createTestDatabase();
  const env: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    DATABASE_POOL_MAX: '4',
    REDIS_URL: requireTestEnv('redisUrl'),
    QUEUE_PREFIX: `pairline-test-${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'error',
    LOG_FORMAT: 'json',
    WEB_DIST_DIR: 'tmp/no-web-in-integration-tests',
    // Many logins per test file from one address; the rate-limit test sets its own limit.
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    // Evidence files of a test go to a temporary directory of their own, never to the repository's .data.
    EVIDENCE_DIR: join(tmpdir(), `pairline-evidence-${randomBytes(6).toString('hex')}`),
    // Keys of this test process alone, never files under the repository's .data.
    TOTP_ENCRYPTION_KEYS: `test1:${randomBytes(32).toString('base64')}`,
    AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    ...overrides,
  };
  return { db, env };
}

/** The real HTTP application (Fastify, filters, pipes) on a fresh database; no network port. */
export async function startTestApp(overrides: Record<string, string | undefined> = {}, extraModules: Type[] = []): Promise<TestApp> {
  const { db, env } = await testEnvironment(overrides);
  const config = loadConfig(env);
  const app = await createHttpApp(config, extraModules);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    config,
    db,
    inject: app.inject.bind(app),
    close: async () => {
      await app.close();
      if (config.queue) await dropRedisPrefix(config.queue.redisUrl, config.queue.prefix);
      await db.drop();
      if (!overrides.EVIDENCE_DIR && config.evidence.storage.kind === 'local') await rm(config.evidence.storage.dir, { recursive: true, force: true });
    },
  };
}

/** Runs SQL as the database owner (what an operator, or an attacker with the owner's password, could do). */
export async function ownerQuery<T = Record<string, unknown>>(app: TestApp, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: app.db.url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}
