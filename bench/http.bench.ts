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
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { databaseUrl, resolvePostgres, resolveRedis, testDatabaseName, withAdmin } from '@pairline/testing';
import { serverEnv, signIn, startServer, stop } from './harness';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROUTES = ['/api/health', '/api/provider-suppliers'];

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
  // Request logging off on both sides (warn level): we compare the request path, not stdout throughput.
  const env = serverEnv('bench', databaseUrl(postgres.url, database), redis.url);
  // Pairline first: it migrates the database and its in-process worker writes the heartbeat.
  const pairline = await startServer('pairline.ts', env);
  const bare = await startServer('bare.ts', env);
  // Reference data needs a signed-in member: seed the demo organisation and sign in once.
  const context = await NestFactory.createApplicationContext(CliModule.register(loadConfig({ ...env, WORKER_IN_PROCESS: 'false' })), { logger: ['error'] });
  const member = (await context.get(DemoSeed).seedIfEmpty())!.find((a) => a.role === 'executive')!;
  await context.close();
  const headers = { cookie: (await signIn(pairline.url, member.email, member.password)).cookie };
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
