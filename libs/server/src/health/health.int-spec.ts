import { MIGRATIONS } from '@pairline/migrations';
import { NestFactory } from '@nestjs/core';
import { ALL_QUEUES, type HealthResponse } from '@pairline/contracts';
import { databaseUrl, requireTestEnv, testDatabaseName, withAdmin } from '@pairline/testing';
import { startTestApp, type TestApp } from '../testing/test-app';
import { WorkerModule } from '../worker.module';
import { QueuesService } from '../queue/queues.service';

async function health(app: TestApp) {
  const response = await app.inject({ method: 'GET', url: '/api/health' });
  return { status: response.statusCode, body: response.json() as HealthResponse };
}

async function eventually<T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    value = await probe();
  }
  return value;
}

describe('GET /api/health', () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('is green with database, migrations, queue and an in-process worker', async () => {
    app = await startTestApp();
    const result = await eventually(() => health(app!), (h) => h.status === 200);
    expect(result.status).toBe(200);
    expect(result.body.status).toBe('ok');
    expect(Object.fromEntries(Object.entries(result.body.details).map(([k, v]) => [k, v.status]))).toEqual({
      database: 'up',
      migrations: 'up',
      queue: 'up',
      worker: 'up',
    });
    // Depth and failed count for every queue the app declares.
    expect(result.body.details.queue.queues).toEqual(Object.fromEntries(ALL_QUEUES.map((name) => [name, expect.objectContaining({ failed: 0, waiting: expect.any(Number), delayed: expect.any(Number) })])));
  });

  it('stays green without Redis and says scheduled reminders are paused', async () => {
    app = await startTestApp({ REDIS_URL: undefined });
    const result = await health(app);
    expect(result.status).toBe(200);
    expect(result.body.details.queue).toEqual({ status: 'unavailable', message: QueuesService.DISABLED_MESSAGE });
    expect(result.body.details.queue.message).toMatch(/reminders are paused.*REDIS_URL/);
    expect(result.body.details.worker).toBeUndefined();
  });

  it('turns red while no worker consumes jobs, and green once the worker app runs', async () => {
    app = await startTestApp({ WORKER_IN_PROCESS: 'false' });
    const before = await health(app);
    expect(before.status).toBe(503);
    expect(before.body.status).toBe('error');
    expect(before.body.details.worker.status).toBe('down');
    expect(before.body.details.database.status).toBe('up');

    const worker = await NestFactory.createApplicationContext(WorkerModule.register(app.config), { logger: false });
    try {
      await worker.init();
      const after = await eventually(() => health(app!), (h) => h.status === 200);
      expect(after.status).toBe(200);
      expect(after.body.details.worker.status).toBe('up');
    } finally {
      await worker.close();
    }
  });

  it('is red while migrations are pending', async () => {
    const adminUrl = requireTestEnv('adminUrl');
    const empty = testDatabaseName('empty');
    await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE "${empty}"`));
    try {
      app = await startTestApp({ DATABASE_URL: databaseUrl(adminUrl, empty), DATABASE_RUN_MIGRATIONS: 'false', REDIS_URL: undefined });
      const result = await health(app);
      expect(result.status).toBe(503);
      expect(result.body.details.migrations).toEqual({ status: 'down', message: 'Migrations are pending', pending: MIGRATIONS.map((m) => m.name) });
    } finally {
      await app?.close();
      app = undefined;
      await withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${empty}" WITH (FORCE)`));
    }
  });
});
