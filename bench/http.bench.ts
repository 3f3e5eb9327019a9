/**
 * HTTP benchmark: requests/s and latency of Pairline's endpoints against a bare Fastify handler
 * running the same SQL and Redis calls, measured in one run on the same database and Redis.
 * Pairline's requests carry a session cookie (the list needs a signed-in member); the bare
 * handler does no authentication, so the list ratio includes authenticating every request.
 * Prints ratios (Pairline / bare); absolute numbers depend on the machine.
 *
 *   npm run bench            (BENCH_SECONDS=10 BENCH_CONNECTIONS=10 by default)
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import autocannon from 'autocannon';
import { CliModule, DemoSeed, loadConfig } from '@pairline/server';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { databaseUrl, freePort, resolvePostgres, resolveRedis, testDatabaseName, withAdmin } from '@pairline/testing';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROUTES = ['/api/health', '/api/provider-suppliers'];

async function startServer(script: string, env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = fork(join(__dirname, 'servers', script), {
    env: { ...process.env, ...env, PORT: String(port) },
    execArgv: ['-r', '@swc-node/register'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

async function stop(child: ChildProcess): Promise<void> {
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

interface Measurement {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function measure(url: string, seconds: number, headers: Record<string, string> = {}): Promise<Measurement> {
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: seconds });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

async function main(): Promise<void> {
  const [postgres, redis] = await Promise.all([resolvePostgres(), resolveRedis()]);
  const database = testDatabaseName('bench');
  await withAdmin(postgres.url, (c) => c.query(`CREATE DATABASE "${database}"`));
  const env = {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl(postgres.url, database),
    DATABASE_POOL_MAX: '10',
    REDIS_URL: redis.url,
    QUEUE_PREFIX: `pairline-bench-${process.pid}`,
    // Request logging off on both sides: we compare the request path, not stdout throughput.
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    WEB_DIST_DIR: 'tmp/none',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    SWC_NODE_PROJECT: join(__dirname, '..', 'tsconfig.base.json'),
  };
  // Pairline first: it migrates the database and its in-process worker writes the heartbeat.
  const pairline = await startServer('pairline.ts', env);
  const bare = await startServer('bare.ts', env);
  // Reference data needs a signed-in member: seed the demo organisation and sign in once.
  const context = await NestFactory.createApplicationContext(CliModule.register(loadConfig({ ...env, WORKER_IN_PROCESS: 'false' })), { logger: ['error'] });
  const member = (await context.get(DemoSeed).seedIfEmpty())!.find((a) => a.role === 'executive')!;
  await context.close();
  const login = await fetch(`${pairline.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: member.email, password: member.password }) });
  const headers = { cookie: login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') };
  const rows: Record<string, unknown>[] = [];
  try {
    for (const route of ROUTES) {
      // Warm both (JIT, pools, prepared plans), then measure alternately.
      await measure(pairline.url + route, 2, headers);
      await measure(bare.url + route, 2);
      const ours = await measure(pairline.url + route, SECONDS, headers);
      const base = await measure(bare.url + route, SECONDS);
      rows.push({
        route,
        'pairline req/s': Math.round(ours.requestsPerSecond),
        'bare req/s': Math.round(base.requestsPerSecond),
        'req/s ratio': +(ours.requestsPerSecond / base.requestsPerSecond).toFixed(2),
        'pairline p99 ms': ours.p99,
        'bare p99 ms': base.p99,
        'p99 ratio': +(ours.p99 / Math.max(base.p99, 1)).toFixed(2),
        'errors/non-2xx': `${ours.errors + base.errors}/${ours.non2xx + base.non2xx}`,
      });
    }
  } finally {
    await Promise.all([stop(pairline.child), stop(bare.child)]);
    await withAdmin(postgres.url, (c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
    await Promise.all([postgres.stop(), redis.stop()]);
  }
  console.log(`\nHTTP benchmark: ${CONNECTIONS} connections, ${SECONDS}s per measurement, PostgreSQL (${postgres.origin}), Redis (${redis.origin})`);
  console.table(rows);
  const out = join(__dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, `http-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), JSON.stringify(rows, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
