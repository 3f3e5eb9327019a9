/**
 * Hazard log benchmark, in one run on one database, against the real app over HTTP:
 *  1. statements per hazard list request, counted in-process, for a product with 2,000 hazards and
 *     6,000 controls and for one with 10 hazards and 30 controls (a page both fill): must be the same;
 *  2. the hazard list of the big product: p99 < 50 ms one request at a time, then under
 *     BENCH_CONNECTIONS, against a trivial signed-in endpoint (GET /api/organisation) in the same run;
 *  3. the Clinical Safety Case Report PDF of an approved version with 500 hazards: < 10 s.
 *   npm run bench:hazards   (BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_HAZARDS, BENCH_REPORT_HAZARDS)
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { ChildProcess } from 'node:child_process';
import { Client } from 'pg';
import { AdminCommands, CliModule, loadConfig, migrate } from '@pairline/server';
import { databaseUrl, dropRedisPrefix, resolvePostgres, resolveRedis, testDatabaseName, withAdmin } from '@pairline/testing';
import { measure, serverEnv, signIn, startServer, statementsPerRequest, stop } from './harness';
import { fillLog } from './seed-hazards';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const HAZARDS = Number(process.env.BENCH_HAZARDS ?? 2000);
const REPORT_HAZARDS = Number(process.env.BENCH_REPORT_HAZARDS ?? 500);
const P99_TARGET_MS = 50;
const REPORT_TARGET_MS = 10_000;

const listPath = (productId: string, range: string, sort?: string) =>
  `/api/hazards?range=${encodeURIComponent(range)}&filter=${encodeURIComponent(JSON.stringify({ productId }))}${sort ? `&sort=${encodeURIComponent(sort)}` : ''}`;

async function main(): Promise<void> {
  const [postgres, redis] = await Promise.all([resolvePostgres(), resolveRedis()]);
  const database = testDatabaseName('benchhaz');
  await withAdmin(postgres.url, (c) => c.query(`CREATE DATABASE "${database}"`));
  const ownerUrl = databaseUrl(postgres.url, database);
  const env = serverEnv('benchhaz', ownerUrl, redis.url);
  const config = loadConfig({ ...env, WORKER_IN_PROCESS: 'false' });
  await migrate(config.database);
  const context = await NestFactory.createApplicationContext(CliModule.register(config), { logger: ['error'] });
  let server: ChildProcess | null = null;
  let failed = false;
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    const password = 'bench password 123';
    const admin = await context.get(AdminCommands).createAdmin({ organisation: 'Bench hazards', odsCode: null, email: 'bench-hazards@example.org', name: 'Bench Admin', password });
    const started = await startServer('pairline.ts', env);
    server = started.child;
    const base = started.url;
    const { cookie, headers: writeHeaders } = await signIn(base, admin.email, password);
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, { method, headers: { ...writeHeaders, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
      return response.json() as Promise<Record<string, unknown>>;
    };
    const product = async (name: string) => (await call('POST', '/api/products', { name, useCase: 'Shows GP record data to clinicians', intendedUsers: 'Clinicians', medicalDeviceStatus: 'class_i' })).id as string;
    const plan = (await call('GET', '/api/risk-plans/current')).id as string;
    const organisationId = (await call('GET', '/api/organisation')).id as string;
    const [big, small, reported] = [await product('Big log'), await product('Small log'), await product('Reported log')];
    let t = performance.now();
    await fillLog(owner, organisationId, big, plan, admin.userId, HAZARDS);
    await fillLog(owner, organisationId, small, plan, admin.userId, 10);
    await fillLog(owner, organisationId, reported, plan, admin.userId, REPORT_HAZARDS);
    await owner.query('ANALYZE');
    const fillMs = performance.now() - t;

    // 1. Statements per list request do not grow with the log.
    // A page both products fill, so both send the total's COUNT.
    const [[many, few]] = await statementsPerRequest(env, [{ email: admin.email, password, urls: [listPath(big, '[0,4]'), listPath(small, '[0,4]')] }]);
    const sameStatements = many.join('\n') === few.join('\n');
    if (!sameStatements) failed = true;

    // 2. The list, against a trivial signed-in endpoint, measured back to back.
    const routes = [
      { label: `GET /api/hazards?range=[0,24] (product of ${HAZARDS})`, path: listPath(big, '[0,24]') },
      { label: `GET /api/hazards sorted by residual rating`, path: listPath(big, '[0,24]', '["residualRating","DESC"]') },
      { label: `GET /api/hazards page 40 of 80`, path: listPath(big, '[975,999]') },
    ];
    const trivial = { label: 'GET /api/organisation (trivial)', path: '/api/organisation' };
    const table: Record<string, unknown>[] = [];
    await measure(base + trivial.path, { cookie }, 2, CONNECTIONS);
    const trivial1 = await measure(base + trivial.path, { cookie }, SECONDS, 1);
    const trivialN = await measure(base + trivial.path, { cookie }, SECONDS, CONNECTIONS);
    let errors = trivial1.errors + trivialN.errors;
    table.push({ measurement: `${trivial.label}, 1 connection p50 / p99 ms`, value: `${trivial1.p50} / ${trivial1.p99}`, 'vs trivial': '', target: '' });
    table.push({ measurement: `${trivial.label}, ${CONNECTIONS} connections req/s, p99 ms`, value: `${Math.round(trivialN.rps)}, ${trivialN.p99}`, 'vs trivial': '', target: '' });
    for (const route of routes) {
      await measure(base + route.path, { cookie }, 2, CONNECTIONS);
      const one = await measure(base + route.path, { cookie }, SECONDS, 1);
      const n = await measure(base + route.path, { cookie }, SECONDS, CONNECTIONS);
      errors += one.errors + n.errors;
      const met = one.p99 < P99_TARGET_MS;
      if (!met) failed = true;
      table.push({ measurement: `${route.label}, 1 connection p50 / p99 ms`, value: `${one.p50} / ${one.p99}`, 'vs trivial': `${(one.p99 / Math.max(trivial1.p99, 1)).toFixed(1)}× p99`, target: `p99 < ${P99_TARGET_MS}: ${met ? 'met' : 'NOT MET'}` });
      table.push({ measurement: `${route.label}, ${CONNECTIONS} connections req/s, p99 ms`, value: `${Math.round(n.rps)}, ${n.p99}`, 'vs trivial': `${(n.rps / trivialN.rps).toFixed(2)} req/s`, target: '' });
    }
    if (errors) failed = true;

    // 3. The safety case report of an approved version of the 500-hazard log.
    const version = await call('POST', '/api/hazard-log-versions', { productId: reported, changeSummary: 'Bench issue' });
    // Signed as the database owner: the bench has no CSO at a keyboard; the report reads the approval row.
    await owner.query(
      `INSERT INTO hazard_log_approval (organisation_id, hazard_log_version_id, approver_user_id, approver_name, profession, professional_registration, statement, residual_risk_profile)
       VALUES ($1, $2, $3, 'Bench CSO', 'General practitioner', 'GMC 0000000', 'Approved for the benchmark', '{}')`,
      [organisationId, version.id, admin.userId],
    );
    const reportMs: number[] = [];
    let bytes = 0;
    for (let i = 0; i < 3; i++) {
      t = performance.now();
      const response = await fetch(`${base}/api/hazard-log-versions/${String(version.id)}/safety-case-report.pdf`, { headers: { cookie } });
      if (!response.ok) throw new Error(`report answered ${response.status}`);
      bytes = (await response.arrayBuffer()).byteLength;
      reportMs.push(performance.now() - t);
    }
    const reportMet = Math.max(...reportMs) < REPORT_TARGET_MS;
    if (!reportMet) failed = true;

    console.log(`\nHazard log benchmark: ${HAZARDS} hazards and ${HAZARDS * 3} controls in one product (written in ${Math.round(fillMs)} ms with the other two); ${CONNECTIONS} connections, ${SECONDS}s per measurement`);
    console.table(table);
    console.table([
      { measurement: `safety case report PDF, ${REPORT_HAZARDS} hazards and ${REPORT_HAZARDS * 3} controls (3 runs) min / max ms`, value: `${Math.round(Math.min(...reportMs))} / ${Math.round(Math.max(...reportMs))} (${Math.round(bytes / 1024)} KB)`, target: `< ${REPORT_TARGET_MS}: ${reportMet ? 'met' : 'NOT MET'}` },
    ]);
    console.log(`statements per list request (BEGIN and COMMIT included): ${many.length} for ${HAZARDS} hazards, ${few.length} for 10: ${sameStatements ? 'the same statements' : 'DIFFERENT'}`);
    for (const sql of many) console.log(`  ${sql.slice(0, 110)}`);
    if (!sameStatements) for (const sql of few) console.log(`  (10) ${sql.slice(0, 110)}`);
    console.log(`errors/non-2xx: ${errors}`);
  } finally {
    if (server) await stop(server);
    await owner.end();
    await context.close();
    await withAdmin(postgres.url, (c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
    await dropRedisPrefix(redis.url, env.QUEUE_PREFIX);
    await Promise.all([postgres.stop(), redis.stop()]);
  }
  if (failed) process.exit(1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
