/**
 * Every list the web app uses, against a bare Fastify + pg handler running the same SQL in the same
 * kind of transaction, in one run on one database, for an organisation with 1,000 journeys, 5,000
 * hazards, a SCAL of 20,000 requirement rows and 100,000 audit events:
 *  1. the statements one request sends, for a page of 5 and of 100 (they must not differ, other
 *     than the total's COUNT that a page which is not full skips);
 *  2. req/s and p99 of a page of 25 with a sort and a filter, under BENCH_CONNECTIONS (10);
 *     targets: req/s ≥ 0.7 × the bare handler's, p99 ≤ 2 × the bare p99;
 *  3. one list's p99 with 20 connections while one user imports a large SCAL, against the same
 *     without the import (target: ratio ≤ 2, nothing holds one connection for everyone);
 *  4. the API process's resident memory after all that.
 * Each list is measured Pairline, bare, bare, Pairline and each side's two runs averaged, so drift
 * in the machine's other load weighs on both sides alike.
 *   npm run bench:lists   (BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_IMPORT_ROWS, BENCH_LISTS=journeys,members)
 * Exits 1 when a target is missed.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { ChildProcess } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AdminCommands, CliModule, createHttpApp, loadConfig, migrate } from '@pairline/server';
import { databaseUrl, dropRedisPrefix, resolvePostgres, resolveRedis, testDatabaseName, withAdmin } from '@pairline/testing';
import { measure, serverEnv, signIn, startServer, stop } from './harness';
import { fillLog } from './seed-hazards';
import { seedPortfolio } from './seed-portfolio';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 10_000);
const q = (params: Record<string, unknown>) => Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(JSON.stringify(v))}`).join('&');

type Recorded = { text: string; values: unknown[] };

/** Statements the app's pg clients send while `work` runs, with their values; the transaction and the session lookup left out. */
async function recorded(work: () => Promise<unknown>): Promise<{ all: number; replay: Recorded[] }> {
  const original = Client.prototype.query;
  const seen: Recorded[] = [];
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const a = args[0] as string | { text: string; values?: unknown[] };
    seen.push(typeof a === 'string' ? { text: a, values: (Array.isArray(args[1]) ? args[1] : []) as unknown[] } : { text: a.text, values: a.values ?? [] });
    return (original as (...x: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await work();
  } finally {
    Client.prototype.query = original;
  }
  const replay = seen.filter((s) => !/^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)\b/i.test(s.text) && !/app_resolve_session/.test(s.text));
  return { all: seen.length, replay };
}

async function main(): Promise<void> {
  const [postgres, redis] = await Promise.all([resolvePostgres(), resolveRedis()]);
  const database = testDatabaseName('benchlists');
  await withAdmin(postgres.url, (c) => c.query(`CREATE DATABASE "${database}"`));
  const ownerUrl = databaseUrl(postgres.url, database);
  const env = serverEnv('benchlists', ownerUrl, redis.url);
  const config = loadConfig({ ...env, WORKER_IN_PROCESS: 'false' });
  await migrate(config.database);
  const context = await NestFactory.createApplicationContext(CliModule.register(config), { logger: ['error'] });
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  const servers: ChildProcess[] = [];
  const replayFile = join(tmpdir(), `pairline-bench-replay-${process.pid}.json`);
  let failed = false;
  try {
    const password = 'bench password 123';
    const admin = await context.get(AdminCommands).createAdmin({ organisation: 'Bench lists', odsCode: null, email: 'bench-lists@example.org', name: 'Bench Admin', password });
    const org = admin.organisationId;
    const t = performance.now();
    await seedPortfolio(ownerUrl, org, admin.userId, 1000, 42);
    const pairline = await startServer('pairline.ts', env);
    servers.push(pairline.child);
    const base = pairline.url;
    const { cookie, headers } = await signIn(base, admin.email, password);
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, { method, headers: { ...headers, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
      return response.json() as Promise<Record<string, unknown>>;
    };
    const [{ id: productId }] = (await owner.query(`SELECT id FROM product WHERE organisation_id = $1 ORDER BY name LIMIT 1`, [org])).rows;
    const [{ id: journeyId }] = (await owner.query(`SELECT id FROM journey WHERE product_id = $1 AND status <> 'withdrawn' LIMIT 1`, [productId])).rows;
    const plan = (await call('GET', '/api/risk-plans/current')).id as string;
    await fillLog(owner, org, productId, plan, admin.userId, 5000);
    // A SCAL template of 20,000 requirements in 10 sections, and a SCAL of one journey answering it.
    const [{ id: templateId }] = (await owner.query(`INSERT INTO scal_template (organisation_id, key, version, name) VALUES ($1, 'bench', 1, 'Bench SCAL') RETURNING id`, [org])).rows;
    await owner.query(
      `INSERT INTO scal_requirement (organisation_id, template_id, identifier, section, section_name, description, level, environment, position)
       SELECT $1, $2, 'R-' || lpad(g::text, 5, '0'), 'S' || (g % 10), 'Section ' || (g % 10), 'Requirement ' || g || ': the system shall do what it says', (ARRAY['MUST','SHOULD','MAY'])[1 + g % 3], 'INT', g
       FROM generate_series(1, 20000) g`,
      [org, templateId],
    );
    const scalId = (await call('POST', '/api/scals', { templateId, journeyIds: [journeyId] })).id as string;
    // 100,000 audit events on the organisation's chain, appended as the app appends them.
    await owner.query(
      `SELECT audit_append($1, '{"bench":' || g || '}', now() - (g || ' seconds')::interval, $2, 'bench', (ARRAY['product.updated','journey.updated','hazard.updated'])[1 + g % 3], 'product', $3::text, NULL, NULL, NULL)
       FROM generate_series(1, 100000) g`,
      [org, admin.userId, productId],
    );
    await owner.query('ANALYZE');
    const seedSeconds = (performance.now() - t) / 1000;

    const allLists: { label: string; path: string }[] = [
      { label: 'journeys', path: `/api/journeys?${q({ sort: ['targetGoLive', 'ASC'], filter: { productId } })}` },
      { label: 'products', path: `/api/products?${q({ sort: ['updatedAt', 'DESC'], filter: { medicalDeviceStatus: 'not_a_medical_device' } })}` },
      { label: 'hazards', path: `/api/hazards?${q({ sort: ['residualRating', 'DESC'], filter: { productId, status: 'open' } })}` },
      { label: 'hazard controls', path: `/api/hazard-controls?${q({ sort: ['status', 'ASC'], filter: { productId } })}` },
      { label: 'hazard-log versions', path: `/api/hazard-log-versions?${q({ sort: ['issuedAt', 'DESC'], filter: { productId } })}` },
      { label: 'SCAL requirements', path: `/api/scals/${scalId}/requirements?${q({ sort: ['status', 'ASC'], filter: { level: 'MUST' } })}` },
      { label: 'SCAL templates', path: `/api/scal-templates?${q({ sort: ['createdAt', 'DESC'], filter: { baseline: false } })}` },
      { label: 'SCAL template requirements', path: `/api/scal-templates/${templateId}/requirements?${q({ sort: ['identifier', 'ASC'], filter: { section: 'S3' } })}` },
      { label: 'evidence', path: `/api/evidence?${q({ sort: ['updatedAt', 'DESC'], filter: { q: 'e' } })}` },
      { label: 'blocking items', path: `/api/blocking-items?${q({ sort: ['dueOn', 'ASC'], filter: { status: 'open' } })}` },
      { label: 'change freezes', path: `/api/change-freezes?${q({ sort: ['startsOn', 'ASC'], filter: { endsAfter: '2020-01-01' } })}` },
      { label: 'audit events', path: `/api/audit-events?${q({ sort: ['seq', 'DESC'], filter: { entityType: 'product' } })}` },
      { label: 'notifications', path: `/api/notifications?${q({ sort: ['createdAt', 'DESC'], filter: { read: false } })}` },
      { label: 'members', path: `/api/members?${q({ sort: ['name', 'ASC'], filter: { role: 'org_admin' } })}` },
      { label: 'invitations', path: `/api/invitations?${q({ sort: ['createdAt', 'DESC'], filter: { role: 'auditor' } })}` },
      { label: 'api tokens', path: `/api/api-tokens?${q({ sort: ['createdAt', 'DESC'], filter: { role: 'auditor' } })}` },
      { label: 'email outbox', path: `/api/email-outbox?${q({ sort: ['createdAt', 'DESC'], filter: { state: 'failed' } })}` },
      { label: 'hazard library', path: `/api/hazard-library?${q({ sort: ['name', 'ASC'], filter: { q: 'record' } })}` },
      { label: 'provider suppliers', path: `/api/provider-suppliers?${q({ sort: ['name', 'ASC'], filter: { statusUnconfirmed: false } })}` },
      { label: 'risk plans', path: `/api/risk-plans?${q({ sort: ['version', 'DESC'], filter: { productId } })}` },
      { label: 'timeline baselines', path: `/api/timeline-baselines?${q({ sort: ['createdAt', 'DESC'], filter: { q: 'b' } })}` },
      { label: 'executive reports', path: `/api/executive-reports?${q({ sort: ['createdAt', 'DESC'], filter: { trigger: 'on_demand' } })}` },
    ];
    const only = process.env.BENCH_LISTS?.split(',');
    const lists = only ? allLists.filter((l) => only.includes(l.label)) : allLists;

    // 1. In-process: each list's statements for pages of 5 and 100, and the SQL the baseline replays (page of 25).
    const app = await createHttpApp(loadConfig({ ...env, WORKER_IN_PROCESS: 'false', DATABASE_RUN_MIGRATIONS: 'false' }));
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: admin.email, password } });
    const inProcessCookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const get = async (url: string) => {
      const response = await app.inject({ method: 'GET', url, headers: { cookie: inProcessCookie } });
      if (response.statusCode !== 200) throw new Error(`GET ${url} answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
    };
    const replay: Record<string, Recorded[]> = {};
    const statements: Record<string, { small: number; large: number }> = {};
    for (const list of lists) {
      const page = (range: [number, number]) => `${list.path}&${q({ range })}`;
      for (const range of [[0, 4], [0, 99], [0, 24]] as [number, number][]) await get(page(range));
      const small = await recorded(() => get(page([0, 4])));
      const large = await recorded(() => get(page([0, 99])));
      statements[list.label] = { small: small.all, large: large.all };
      replay[`${list.path}&${q({ range: [0, 24] })}`] = (await recorded(() => get(page([0, 24])))).replay;
    }
    await app.close();
    writeFileSync(replayFile, JSON.stringify(replay));
    const bare = await startServer('bare-replay.ts', { ...env, BENCH_REPLAY_FILE: replayFile, BENCH_ORG_ID: org, BENCH_USER_ID: admin.userId });
    servers.push(bare.child);

    // 2. Each list, Pairline then the baseline, back to back.
    const table: Record<string, unknown>[] = [];
    let errors = 0;
    for (const list of lists) {
      const path = `${list.path}&${q({ range: [0, 24] })}`;
      await measure(base + path, { cookie }, 1, CONNECTIONS);
      await measure(bare.url + path, {}, 1, CONNECTIONS);
      const runs: Awaited<ReturnType<typeof measure>>[] = [];
      for (const side of [base, bare.url, bare.url, base]) runs.push(await measure(side + path, side === base ? { cookie } : {}, SECONDS, CONNECTIONS));
      const both = (a: Awaited<ReturnType<typeof measure>>, b: Awaited<ReturnType<typeof measure>>) => ({ rps: (a.rps + b.rps) / 2, p99: (a.p99 + b.p99) / 2, errors: a.errors + b.errors });
      const ours = both(runs[0], runs[3]);
      const theirs = both(runs[1], runs[2]);
      errors += ours.errors + theirs.errors;
      const rps = ours.rps / theirs.rps;
      const p99 = ours.p99 / Math.max(theirs.p99, 1);
      const met = rps >= 0.7 && p99 <= 2;
      // A COUNT more on a full page is the one allowed difference.
      const fixed = statements[list.label].large - statements[list.label].small <= 1;
      if (!met || !fixed) failed = true;
      table.push({
        list: list.label,
        'req/s': Math.round(ours.rps),
        'bare req/s': Math.round(theirs.rps),
        ratio: +rps.toFixed(2),
        'p99 ms': ours.p99,
        'bare p99': theirs.p99,
        'p99 ratio': +p99.toFixed(2),
        'statements 5 / 100': `${statements[list.label].small} / ${statements[list.label].large}`,
        target: met && fixed ? 'met' : 'NOT MET',
      });
    }

    // 3. A list under 20 users, quiet and while one user imports a large SCAL as an import run.
    const busyPath = `${lists[0].path}&${q({ range: [0, 24] })}`;
    const quiet = await measure(base + busyPath, { cookie }, SECONDS, 20);
    const csv = ['identifier,section,description,level', ...Array.from({ length: IMPORT_ROWS }, (_, i) => `B-${i + 1},S${i % 10},Requirement ${i + 1}: the supplier shall show it,${['MUST', 'SHOULD', 'MAY'][i % 3]}`)].join('\n');
    const form = new FormData();
    form.append('file', new Blob([csv]), 'bench-scal.csv');
    const uploaded = await fetch(`${base}/api/scal-templates/files`, { method: 'POST', headers, body: form });
    if (!uploaded.ok) throw new Error(`upload answered ${uploaded.status}: ${(await uploaded.text()).slice(0, 300)}`);
    const preview = (await uploaded.json()) as { file: { id: string }; suggestedMapping: unknown };
    const startedImport = performance.now();
    const importing = (async () => {
      const run = await call('POST', '/api/scal-templates/import-runs', { fileId: preview.file.id, mapping: preview.suggestedMapping, name: 'Bench import', key: 'bench-import' });
      for (;;) {
        const polled = await call('GET', `/api/scal-templates/import-runs/${String(run.id)}`);
        if (polled.status !== 'running') return { status: polled.status, ms: performance.now() - startedImport };
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const during = await measure(base + busyPath, { cookie }, SECONDS, 20);
    const imported = await importing;
    const busyRatio = during.p99 / Math.max(quiet.p99, 1);
    if (busyRatio > 2 || imported.status !== 'completed') failed = true;

    // 4. The API's resident memory now.
    const status = readFileSync(`/proc/${pairline.child.pid}/status`, 'utf8');
    const rssMb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;

    console.log(`\nList benchmark: ${CONNECTIONS} connections, ${SECONDS}s per measurement; data seeded in ${seedSeconds.toFixed(0)} s`);
    console.log('Targets: req/s ratio >= 0.7, p99 ratio <= 2, the same statements for a page of 5 and of 100 (but the COUNT)');
    console.table(table);
    console.table([
      { measurement: `GET /api/journeys page, 20 connections, quiet: req/s, p99 ms`, value: `${Math.round(quiet.rps)}, ${quiet.p99}`, target: '' },
      { measurement: `the same while importing ${IMPORT_ROWS} SCAL rows (import ${imported.status} in ${(imported.ms / 1000).toFixed(1)} s)`, value: `${Math.round(during.rps)}, ${during.p99}`, target: '' },
      { measurement: 'p99 while importing ÷ quiet p99', value: +busyRatio.toFixed(2), target: `<= 2: ${busyRatio <= 2 ? 'met' : 'NOT MET'}` },
      { measurement: 'API process RSS after the list benchmark', value: `${rssMb.toFixed(0)} MB`, target: '' },
    ]);
    console.log(`errors/non-2xx: ${errors + quiet.errors + during.errors}`);
    if (errors + quiet.errors + during.errors > 0) failed = true;
  } finally {
    await Promise.all(servers.map(stop));
    rmSync(replayFile, { force: true });
    await owner.end();
    await context.close();
    await dropRedisPrefix(redis.url, env.QUEUE_PREFIX);
    await withAdmin(postgres.url, (c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
    await Promise.all([postgres.stop(), redis.stop()]);
  }
  if (failed) process.exit(1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
