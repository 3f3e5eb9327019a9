/**
 * Identity benchmark, in one run on the same database:
 *  1. an authenticated, RLS-scoped list (GET /api/members with a session cookie) against a bare
 *     Fastify handler running the same SQL in the same kind of transaction;
 *  2. audited writes per second (a change and its hash-chained audit event in one transaction),
 *     for one organisation and for ten in parallel.
 *   npm run bench:identity   (BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_WRITES)
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import autocannon from 'autocannon';
import type { ChildProcess } from 'node:child_process';
import { AdminCommands, CliModule, DemoSeed, loadConfig, migrate } from '@pairline/server';
import { AuditTrail, systemAuthor } from '@pairline/server/audit/audit.service';
import { Db } from '@pairline/server/database/db.service';
import { databaseUrl, resolvePostgres, resolveRedis, testDatabaseName, withAdmin } from '@pairline/testing';
import { serverEnv, signIn, startServer, stop } from './harness';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const WRITES = Number(process.env.BENCH_WRITES ?? 3000);

async function measure(url: string, headers: Record<string, string>, seconds: number) {
  const r = await autocannon({ url, headers, connections: CONNECTIONS, duration: seconds });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts + r.non2xx };
}

async function main(): Promise<void> {
  const [postgres, redis] = await Promise.all([resolvePostgres(), resolveRedis()]);
  const database = testDatabaseName('benchid');
  await withAdmin(postgres.url, (c) => c.query(`CREATE DATABASE "${database}"`));
  const env = serverEnv('benchid', databaseUrl(postgres.url, database), redis.url);
  const config = loadConfig({ ...env, WORKER_IN_PROCESS: 'false' });
  await migrate(config.database);
  const context = await NestFactory.createApplicationContext(CliModule.register(config), { logger: ['error'] });
  const servers: ChildProcess[] = [];
  try {
    const accounts = (await context.get(DemoSeed).seedIfEmpty())!;
    const admin = accounts.find((a) => a.role === 'org_admin')!;
    const others = [];
    for (let i = 0; i < 9; i++) others.push(await context.get(AdminCommands).createAdmin({ organisation: `Bench ${i}`, odsCode: null, email: `bench-${i}@example.org`, name: `Bench ${i}`, password: 'bench password 123' }));

    // 1. List: Pairline (authenticated, RLS) vs the bare handler.
    const pairline = await startServer('pairline.ts', env);
    servers.push(pairline.child);
    const { cookie, session } = await signIn(pairline.url, admin.email, admin.password);
    const bare = await startServer('bare-members.ts', { ...env, BENCH_ORG_ID: session.organisation.id, BENCH_USER_ID: session.user.id });
    servers.push(bare.child);
    await measure(`${pairline.url}/api/members`, { cookie }, 2);
    await measure(`${bare.url}/api/members`, {}, 2);
    const ours = await measure(`${pairline.url}/api/members`, { cookie }, SECONDS);
    const base = await measure(`${bare.url}/api/members`, {}, SECONDS);
    await Promise.all(servers.map(stop));
    servers.length = 0;

    // 2. Audited writes, in-process: the same transaction and audit code the API runs. Each write
    //    creates a record (an API token row) and its audit event, so writers of one organisation
    //    contend only on that organisation's audit chain, as real edits of different records do.
    const db = context.get(Db);
    const audit = context.get(AuditTrail);
    const owners = new Map([[session.organisation.id, session.user.id], ...others.map((o) => [o.organisationId, o.userId] as [string, string])]);
    const write = (organisationId: string, i: number) =>
      db.transaction(async (manager) => {
        const [row] = await manager.query(
          `INSERT INTO "api_token" ("organisation_id", "user_id", "name", "role", "token_hash", "prefix") VALUES ($1, $2, $3, 'auditor', md5(random()::text) || $3, 'plt_bench') RETURNING "id"`,
          [organisationId, owners.get(organisationId), `bench ${i}`],
        );
        await audit.record(manager, systemAuthor(organisationId), { action: 'api_token.created', entityType: 'api_token', entityId: row.id, changes: { name: { after: `bench ${i}` } } });
      }, { organisationId });
    async function writesPerSecond(orgs: string[]): Promise<number> {
      let next = 0;
      const started = performance.now();
      await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
        while (next < WRITES) {
          const i = next++;
          await write(orgs[i % orgs.length], i);
        }
      }));
      return WRITES / ((performance.now() - started) / 1000);
    }
    const allOrgs = [session.organisation.id, ...others.map((o) => o.organisationId)];
    await writesPerSecond([allOrgs[0]]);
    const one = await writesPerSecond([allOrgs[0]]);
    const ten = await writesPerSecond(allOrgs);
    const verified = await Promise.all(allOrgs.map((id) => audit.verify(id)));

    console.log(`\nIdentity benchmark: ${CONNECTIONS} connections, ${SECONDS}s per HTTP measurement, ${WRITES} writes per write measurement`);
    console.table([
      { measurement: 'GET /api/members (session, RLS) req/s', pairline: Math.round(ours.rps), bare: Math.round(base.rps), ratio: +(ours.rps / base.rps).toFixed(2), target: '>= 0.7' },
      { measurement: 'GET /api/members p99 ms', pairline: ours.p99, bare: base.p99, ratio: +(ours.p99 / Math.max(base.p99, 1)).toFixed(2), target: '' },
      { measurement: 'audited writes/s, one organisation', pairline: Math.round(one), bare: '', ratio: '', target: '>= 800' },
      { measurement: 'audited writes/s, ten organisations', pairline: Math.round(ten), bare: '', ratio: '', target: '' },
    ]);
    console.log(`errors/non-2xx: ${ours.errors + base.errors}; audit chains verified: ${verified.every((v) => v.ok) ? 'all intact' : 'BROKEN'}`);
  } finally {
    await Promise.all(servers.map(stop));
    await context.close();
    await withAdmin(postgres.url, (c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
    await Promise.all([postgres.stop(), redis.stop()]);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
