/**
 * Journeys benchmark: the portfolio matrix and the journey list of an organisation with 1,000
 * journeys (250 products × 4, IM1 and GP Connect, at every stage), in one run on one database:
 *  1. statements per request, counted in-process, for an organisation with 10 journeys and one
 *     with 1,000: they must not grow with the number of journeys (exit 1 otherwise);
 *  2. GET /api/portfolio and GET /api/journeys?range=[0,24] with a session cookie against a bare
 *     Fastify handler running the same SQL in the same kind of transaction, returning raw rows.
 *   npm run bench:journeys   (BENCH_SECONDS, BENCH_CONNECTIONS; BENCH_CPU_PROF=dir profiles the app)
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  addDays,
  civilDateAt,
  deriveJourneyStatus,
  instantiateStages,
  latestTemplateFor,
  WorkingDayCalendar,
  type MechanismKey,
  type ProviderSupplierKey,
  type StageState,
  type StageStatus,
} from '@pairline/domain';
import { AdminCommands, CliModule, createHttpApp, loadConfig, migrate } from '@pairline/server';
import { dropRedisPrefix } from '@pairline/server/testing/test-app';
import { databaseUrl, freePort, resolvePostgres, resolveRedis, testDatabaseName, withAdmin } from '@pairline/testing';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const CPU_PROF = process.env.BENCH_CPU_PROF;
const P99_TARGET_MS = 50;
const LIST = '/api/journeys?range=[0,24]';
/** A page both organisations fill, so the list's total COUNT runs in both (see queryCounts). */
const FULL_PAGE = '/api/journeys?range=[0,4]';
const PORTFOLIO = '/api/portfolio';

// ---------------------------------------------------------------------------------------------
// Data: products, journeys, stages, blocking items and change freezes, inserted in bulk as the
// database owner. Stage rows come from the template exactly as the app instantiates them, then
// are moved along (back-dated) as the stage engine would; statuses are derived by the domain.

/** What products pair on: IM1 as Optum, TPP and Medicus offer it (one unconfirmed Cegedim API), and each GP Connect capability. */
const COMBINATIONS: { mechanism: MechanismKey; provider: ProviderSupplierKey | null }[] = [
  { mechanism: 'im1_patient', provider: 'optum' },
  { mechanism: 'im1_transaction', provider: 'tpp' },
  { mechanism: 'gpc_access_record_structured', provider: null },
  { mechanism: 'im1_bulk', provider: 'medicus' },
  { mechanism: 'im1_transaction', provider: 'optum' },
  { mechanism: 'gpc_send_document', provider: null },
  { mechanism: 'im1_patient', provider: 'tpp' },
  { mechanism: 'im1_patient', provider: 'medicus' },
  { mechanism: 'gpc_access_record_html', provider: null },
  { mechanism: 'im1_bulk', provider: 'optum' },
  { mechanism: 'im1_bulk', provider: 'tpp' },
  { mechanism: 'gpc_access_document', provider: null },
  { mechanism: 'im1_transaction', provider: 'medicus' },
  { mechanism: 'im1_partner', provider: 'optum' },
  { mechanism: 'gpc_update_record', provider: null },
  { mechanism: 'im1_patient', provider: 'cegedim' },
  { mechanism: 'gpc_appointment_management', provider: null },
];

/** Deterministic pseudo-random numbers (mulberry32), so every run seeds the same portfolio. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)), chance: (p: number) => next() < p };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface SeedCounts {
  products: number;
  journeys: number;
  stages: number;
  blockers: number;
  freezes: number;
  colours?: Record<string, number>;
}

async function seedPortfolio(ownerUrl: string, organisationId: string, ownerUserId: string, journeyCount: number, seed: number): Promise<SeedCounts> {
  const rnd = random(seed);
  const calendar = new WorkingDayCalendar();
  const today = civilDateAt(new Date());
  let lastWorkingDay = today;
  while (!calendar.isWorkingDay(lastWorkingDay)) lastWorkingDay = addDays(lastWorkingDay, -1);
  const day = (workingDays: number) => calendar.addWorkingDays(lastWorkingDay, workingDays);

  const products: Record<string, unknown>[] = [];
  const journeys: Record<string, unknown>[] = [];
  const stageRows: Record<string, unknown>[] = [];
  const blockers: Record<string, unknown>[] = [];
  const productCount = Math.ceil(journeyCount / 4);
  for (let p = 0; p < productCount; p++) {
    const productId = randomUUID();
    products.push({ id: productId, organisation_id: organisationId, name: `Bench product ${String(p + 1).padStart(3, '0')}`, product_version: `${rnd.int(0, 4)}.${rnd.int(0, 9)}`, owner_user_id: rnd.chance(0.5) ? ownerUserId : null });
    for (let k = 0; k < 4 && journeys.length < journeyCount; k++) {
      const { mechanism, provider } = COMBINATIONS[(p * 4 + k) % COMBINATIONS.length];
      const template = latestTemplateFor(mechanism);
      const stages = instantiateStages(template).map((s) => ({ ...s, checklist: s.checklist.map((i) => ({ ...i })) })) as Mutable<StageState>[];
      const journeyId = randomUUID();
      // Where the journey is: not started, live, or somewhere in between doing one thing.
      const roll = rnd.next();
      const done = roll < 0.1 ? 0 : roll < 0.22 ? stages.length : rnd.int(0, stages.length - 1);
      const started = roll >= 0.1;
      const live = done === stages.length;
      const current: StageStatus = (['in_progress', 'in_progress', 'in_progress', 'waiting_nhs_england', 'waiting_provider', 'blocked'] as const)[rnd.int(0, 5)];
      const spans = stages.map((s) => Math.max(1, Math.round(s.durationWorkingDays * (0.7 + rnd.next() * 0.7))));
      const skipped = stages.map((_, i) => i < done && template.stages[i].skippable !== false && rnd.chance(0.15));
      const elapsed = started && !live ? rnd.int(0, Math.round(stages[done].durationWorkingDays * 1.6)) : 0;
      const sinceLive = live ? rnd.int(0, 60) : 0;
      const doneSpan = spans.slice(0, done).reduce((n, s, i) => n + (skipped[i] ? 0 : s), 0);
      let cursor = -(doneSpan + elapsed + sinceLive);
      for (let i = 0; i < done; i++) {
        const stage = stages[i];
        const spec = template.stages[i];
        if (skipped[i]) {
          Object.assign(stage, { status: 'skipped', actualEnd: day(cursor), skipReason: 'Not needed for this product (bench data).' });
          continue;
        }
        const route = spec.routes?.[rnd.int(0, spec.routes.length - 1)].key ?? null;
        const end = cursor + spans[i];
        Object.assign(stage, {
          status: 'done',
          actualStart: day(cursor),
          actualEnd: day(end),
          route,
          checklist: stage.checklist.map((item) => (!item.route || item.route === route ? { ...item, done: true, doneOn: day(end) } : item)),
        });
        cursor = end;
      }
      if (started && !live) {
        const stage = stages[done];
        const spec = template.stages[done];
        const waiting = current === 'waiting_nhs_england' || current === 'waiting_provider';
        Object.assign(stage, {
          status: current,
          actualStart: day(cursor),
          waitingSince: waiting ? day(cursor + Math.floor(elapsed / 2)) : null,
          route: spec.routes ? spec.routes[0].key : null,
        });
        // Some journeys have the next stage's dates agreed with NHS England or the provider.
        const next = stages[done + 1];
        if (next && rnd.chance(0.15)) {
          const start = rnd.int(5, 60);
          Object.assign(next, { plannedStart: day(start), plannedEnd: day(start + next.durationWorkingDays), pinned: true });
        }
        // Blocked stages, and some others, owe something with a due date (some already past).
        if (current === 'blocked' || rnd.chance(0.2)) {
          const raisedOn = day(cursor + Math.floor(elapsed / 3));
          const dueOn = day(rnd.int(-10, 30));
          blockers.push({
            id: randomUUID(), organisation_id: organisationId, journey_id: journeyId, stage_key: stage.key, title: `Evidence owed for ${stage.name}`,
            owed_by: (['us', 'nhs_england', 'provider'] as const)[rnd.int(0, 2)], raised_on: raisedOn, due_on: dueOn < raisedOn ? raisedOn : dueOn, status: 'open', resolved_on: null,
            owner_user_id: rnd.chance(0.5) ? ownerUserId : null,
          });
        }
      }
      // And some were blocked earlier and resolved.
      if (done > 1 && rnd.chance(0.15)) {
        const earlier = stages.slice(0, done).find((s) => s.status === 'done');
        if (earlier) blockers.push({ id: randomUUID(), organisation_id: organisationId, journey_id: journeyId, stage_key: earlier.key, title: `Clarification for ${earlier.name}`, owed_by: 'provider', raised_on: earlier.actualStart, due_on: earlier.actualEnd, status: 'resolved', resolved_on: earlier.actualEnd, owner_user_id: null });
      }
      const targetGoLive = rnd.chance(0.1) ? null : live ? day(-sinceLive + rnd.int(-20, 20)) : day(rnd.int(-30, 260));
      const createdAt = new Date(Date.now() - (doneSpan + elapsed + sinceLive + rnd.int(1, 10)) * 1.4 * 86_400_000).toISOString();
      journeys.push({
        id: journeyId, organisation_id: organisationId, product_id: productId, mechanism_key: mechanism, provider_key: provider,
        template_key: template.key, template_version: template.version, owner_user_id: rnd.chance(0.6) ? ownerUserId : null,
        target_go_live: targetGoLive, status: deriveJourneyStatus(template, { withdrawn: false, stages }), notes: '', created_at: createdAt, updated_at: createdAt,
      });
      stages.forEach((s, position) =>
        stageRows.push({
          organisation_id: organisationId, journey_id: journeyId, key: s.key, position, name: s.name, status: s.status, planned_start: s.plannedStart, planned_end: s.plannedEnd,
          pinned: s.pinned, actual_start: s.actualStart, actual_end: s.actualEnd, waiting_since: s.waitingSince, duration_working_days: s.durationWorkingDays,
          sla_working_days: s.slaWorkingDays, route: s.route, skip_reason: s.skipReason, owner_user_id: null, checklist: s.checklist, links: [],
        }),
      );
    }
  }
  const freezes = [
    { organisation_id: organisationId, provider_key: null, starts_on: day(20), ends_on: day(30), reason: 'NHS England year-end change freeze' },
    { organisation_id: organisationId, provider_key: 'optum', starts_on: day(8), ends_on: day(14), reason: 'Optum release window' },
    { organisation_id: organisationId, provider_key: 'tpp', starts_on: day(-40), ends_on: day(-30), reason: 'TPP release window (over)' },
  ];

  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    const insert = (table: string, columns: string, rows: unknown[]) =>
      client.query(`INSERT INTO "${table}" (${columns}) SELECT ${columns} FROM jsonb_populate_recordset(NULL::"${table}", $1::jsonb)`, [JSON.stringify(rows)]);
    await insert('product', `"id", "organisation_id", "name", "product_version", "owner_user_id"`, products);
    await insert('journey', `"id", "organisation_id", "product_id", "mechanism_key", "provider_key", "template_key", "template_version", "owner_user_id", "target_go_live", "status", "notes", "created_at", "updated_at"`, journeys);
    await insert(
      'journey_stage',
      `"organisation_id", "journey_id", "key", "position", "name", "status", "planned_start", "planned_end", "pinned", "actual_start", "actual_end", "waiting_since", "duration_working_days", "sla_working_days", "route", "skip_reason", "owner_user_id", "checklist", "links"`,
      stageRows,
    );
    await insert('blocking_item', `"id", "organisation_id", "journey_id", "stage_key", "title", "owed_by", "raised_on", "due_on", "status", "resolved_on", "owner_user_id"`, blockers);
    await insert('change_freeze', `"organisation_id", "provider_key", "starts_on", "ends_on", "reason"`, freezes);
    await client.query('COMMIT');
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
  return { products: products.length, journeys: journeys.length, stages: stageRows.length, blockers: blockers.length, freezes: freezes.length };
}

// ---------------------------------------------------------------------------------------------
// Statements per request, in-process: every statement any pg client sends is counted.

interface Counted {
  count: number;
  statements: string[];
}

function countStatements() {
  const original = Client.prototype.query;
  let recording: Counted | null = null;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    if (recording) {
      recording.count++;
      const sql = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text ?? '';
      recording.statements.push(sql.replace(/\s+/g, ' ').trim());
    }
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  return {
    async during(work: () => Promise<unknown>): Promise<Counted> {
      const counted: Counted = { count: 0, statements: [] };
      recording = counted;
      try {
        await work();
      } finally {
        recording = null;
      }
      return counted;
    },
    restore: () => void (Client.prototype.query = original),
  };
}

async function queryCounts(env: Record<string, string>, accounts: { label: string; email: string; password: string }[]) {
  const config = loadConfig({ ...env, WORKER_IN_PROCESS: 'false', DATABASE_RUN_MIGRATIONS: 'false' });
  const app = await createHttpApp(config);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const counter = countStatements();
  const results: { label: string; portfolio: Counted; list: Counted; fullPage: Counted }[] = [];
  try {
    for (const account of accounts) {
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: account.email, password: account.password } });
      if (login.statusCode !== 200) throw new Error(`sign-in as ${account.email} answered ${login.statusCode}: ${login.body}`);
      const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const get = async (url: string) => {
        const response = await app.inject({ method: 'GET', url, headers: { cookie } });
        if (response.statusCode !== 200) throw new Error(`GET ${url} answered ${response.statusCode}: ${response.body}`);
      };
      // Once each first: pooled connections are opened (SET ROLE) outside the counted requests.
      await get(PORTFOLIO);
      await get(LIST);
      results.push({
        label: account.label,
        portfolio: await counter.during(() => get(PORTFOLIO)),
        list: await counter.during(() => get(LIST)),
        fullPage: await counter.during(() => get(FULL_PAGE)),
      });
    }
  } finally {
    counter.restore();
    await app.close();
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// Throughput and latency over HTTP, against the forked real app and the bare baseline.

async function startServer(script: string, env: Record<string, string>, execArgv: string[] = []): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = fork(join(__dirname, 'servers', script), { env: { ...process.env, ...env, PORT: String(port) }, execArgv: ['-r', '@swc-node/register', ...execArgv], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

const stop = (child: ChildProcess) => new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGTERM'); });

/** CPU seconds a process has used so far (Linux), or null where /proc is not available. */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * autocannon stops at the deadline and drops the requests still in flight, but the server goes on
 * computing them: wait until it is idle, so they do not slow down the next measurement.
 */
async function settle(child: ChildProcess): Promise<void> {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const deadline = Date.now() + 120_000;
  const first = cpuSeconds(child.pid!);
  if (first === null) return void (await sleep(3_000));
  let before = first;
  while (Date.now() < deadline) {
    await sleep(250);
    const now: number = cpuSeconds(child.pid!) ?? before;
    if (now - before <= 0.02) return;
    before = now;
  }
}

async function measure(url: string, headers: Record<string, string>, seconds: number, server: ChildProcess, connections = CONNECTIONS) {
  const r = await autocannon({ url, headers, connections, duration: seconds });
  await settle(server);
  // Latencies are of completed requests only: those still in flight at the deadline are dropped.
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, completed: r.requests.total, errors: r.errors + r.timeouts + r.non2xx };
}

async function bodySize(url: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(url, { headers });
  return (await response.arrayBuffer()).byteLength;
}

async function main(): Promise<void> {
  const [postgres, redis] = await Promise.all([resolvePostgres(), resolveRedis()]);
  const database = testDatabaseName('benchjourneys');
  await withAdmin(postgres.url, (c) => c.query(`CREATE DATABASE "${database}"`));
  const ownerUrl = databaseUrl(postgres.url, database);
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    DATABASE_URL: ownerUrl,
    DATABASE_POOL_MAX: '10',
    REDIS_URL: redis.url,
    QUEUE_PREFIX: `pairline-benchjourneys-${process.pid}`,
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    WEB_DIST_DIR: 'tmp/none',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    SWC_NODE_PROJECT: join(__dirname, '..', 'tsconfig.base.json'),
  };
  const config = loadConfig({ ...env, WORKER_IN_PROCESS: 'false' });
  await migrate(config.database);
  const context = await NestFactory.createApplicationContext(CliModule.register(config), { logger: ['error'] });
  const servers: ChildProcess[] = [];
  let failed = false;
  try {
    const password = 'bench password 123';
    const large = await context.get(AdminCommands).createAdmin({ organisation: 'Bench Portfolio 1000', odsCode: null, email: 'bench-1000@example.org', name: 'Bench Admin 1000', password });
    const small = await context.get(AdminCommands).createAdmin({ organisation: 'Bench Portfolio 10', odsCode: null, email: 'bench-10@example.org', name: 'Bench Admin 10', password });
    const seeded = await seedPortfolio(ownerUrl, large.organisationId, large.userId, 1000, 1);
    await seedPortfolio(ownerUrl, small.organisationId, small.userId, 10, 2);

    // 1. Statements per request: 10 journeys vs 1,000. The portfolio and a page both organisations
    //    fill must send exactly the same statements. With range=[0,24] the 10-journey page is not
    //    full, so the list knows its total without the COUNT (as every list does): that one
    //    statement, and nothing else, may differ there.
    const [few, many] = await queryCounts(env, [
      { label: '10 journeys', email: small.email, password },
      { label: '1,000 journeys', email: large.email, password },
    ]);
    const isCount = (sql: string) => /^SELECT count\(\*\)/i.test(sql);
    const compare = (request: string, a: Counted, b: Counted, countMayDiffer: boolean) => {
      const same = a.statements.join('\n') === b.statements.join('\n');
      const onlyCount = !same && countMayDiffer && a.statements.filter((x) => !isCount(x)).join('\n') === b.statements.filter((x) => !isCount(x)).join('\n');
      return {
        request,
        '10 journeys': a.count,
        '1,000 journeys': b.count,
        verdict: same ? 'same statements' : onlyCount ? `same but the total COUNT (${a.statements.filter(isCount).length} vs ${b.statements.filter(isCount).length})` : 'DIFFERENT',
        ok: same || onlyCount,
      };
    };
    const counts = [
      compare(`GET ${PORTFOLIO}`, few.portfolio, many.portfolio, false),
      compare(`GET ${LIST}`, few.list, many.list, true),
      compare(`GET ${FULL_PAGE} (full page in both)`, few.fullPage, many.fullPage, false),
    ];
    console.log(`\nStatements per request, counted in-process (every statement any pg client sends, BEGIN and COMMIT included)`);
    console.table(counts.map(({ ok: _ok, ...row }) => row));
    for (const { label, portfolio, list } of [few, many]) {
      console.log(`${label}, portfolio: ${portfolio.statements.map((x) => x.slice(0, 40)).join(' ; ')}`);
      console.log(`${label}, list:      ${list.statements.map((x) => x.slice(0, 40)).join(' ; ')}`);
    }
    const countsOk = counts.every((c) => c.ok);
    if (!countsOk) failed = true;

    // 2. Throughput and latency: Pairline (session, RLS, outlooks) vs the bare handler.
    const pairline = await startServer('pairline.ts', env, CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${resolve(CPU_PROF)}`] : []);
    servers.push(pairline.child);
    const login = await fetch(`${pairline.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: large.email, password }) });
    if (!login.ok) throw new Error(`sign-in answered ${login.status}`);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const tally = (values: unknown[]) => Object.entries(values.reduce<Record<string, number>>((t, v) => ({ ...t, [String(v)]: (t[String(v)] ?? 0) + 1 }), {})).map(([k, n]) => `${k} ${n}`).join(', ');
    const cells = ((await (await fetch(`${pairline.url}${PORTFOLIO}`, { headers: { cookie } })).json()) as { rows: { cells: Record<string, { status: string; statusColour: string | null }[]> }[] }).rows.flatMap((r) => Object.values(r.cells).flat());
    const mix = `${cells.length} journeys in the portfolio; status: ${tally(cells.map((c) => c.status))}; colour: ${tally(cells.map((c) => c.statusColour))}`;
    const bare = await startServer('bare-journeys.ts', { ...env, BENCH_ORG_ID: large.organisationId, BENCH_USER_ID: large.userId });
    servers.push(bare.child);
    const rows: Record<string, unknown>[] = [];
    const notes: string[] = [];
    let errors = 0;
    for (const route of [PORTFOLIO, LIST]) {
      const ourUrl = pairline.url + encodeURI(route);
      const bareUrl = bare.url + encodeURI(route);
      await measure(ourUrl, { cookie }, 2, pairline.child);
      await measure(bareUrl, {}, 2, bare.child);
      // Latency as one person opening the page sees it (one request at a time): the p99 target.
      const ours1 = await measure(ourUrl, { cookie }, SECONDS, pairline.child, 1);
      const base1 = await measure(bareUrl, {}, SECONDS, bare.child, 1);
      // Throughput and latency under concurrent load, for the ratio against the baseline.
      const ours = await measure(ourUrl, { cookie }, SECONDS, pairline.child);
      const base = await measure(bareUrl, {}, SECONDS, bare.child);
      errors += ours.errors + base.errors + ours1.errors + base1.errors;
      const met = ours1.completed > 0 && ours1.p99 < P99_TARGET_MS;
      const ratio = (a: number, b: number) => +(a / Math.max(b, 1)).toFixed(2);
      rows.push(
        { measurement: `GET ${route} p50 ms, 1 connection`, pairline: ours1.p50, bare: base1.p50, ratio: ratio(ours1.p50, base1.p50), target: '' },
        { measurement: `GET ${route} p99 ms, 1 connection`, pairline: ours1.p99, bare: base1.p99, ratio: ratio(ours1.p99, base1.p99), target: `< ${P99_TARGET_MS}, ${met ? 'met' : 'NOT MET'}` },
        { measurement: `GET ${route} req/s, ${CONNECTIONS} connections`, pairline: Math.round(ours.rps), bare: Math.round(base.rps), ratio: +(ours.rps / base.rps).toFixed(2), target: '' },
        { measurement: `GET ${route} p99 ms, ${CONNECTIONS} connections`, pairline: ours.p99, bare: base.p99, ratio: ratio(ours.p99, base.p99), target: '' },
      );
      notes.push(
        `${route}: ${ours.completed} vs ${base.completed} requests completed in ${SECONDS}s (latencies are of completed requests); ` +
          `bodies ${Math.round((await bodySize(ourUrl, { cookie })) / 1024)} KB vs ${Math.round((await bodySize(bareUrl, {})) / 1024)} KB`,
      );
    }
    await Promise.all(servers.map(stop));
    servers.length = 0;

    console.log(`\nJourneys benchmark: ${seeded.journeys} journeys (${seeded.products} products, ${seeded.stages} stages, ${seeded.blockers} blocking items, ${seeded.freezes} change freezes); ${CONNECTIONS} connections, ${SECONDS}s per measurement`);
    console.log(mix);
    console.table(rows);
    console.log(`pairline vs bare: ${notes.join('\n                  ')}`);
    console.log(`errors/non-2xx: ${errors}; statements per request: ${countsOk ? 'do not grow with the number of journeys' : 'DIFFER between 10 and 1,000 journeys (see above)'}`);
    if (CPU_PROF) console.log(`CPU profile of the app written to ${resolve(CPU_PROF)}`);
  } finally {
    await Promise.all(servers.map(stop));
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
