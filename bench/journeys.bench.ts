/**
 * Journeys benchmark: the portfolio matrix and the journey list of an organisation with 1,000
 * journeys (250 products × 4, IM1 and GP Connect, at every stage), and the executive timeline of one
 * with TIMELINE_JOURNEYS journeys, in one run on one database:
 *  1. statements per request, counted in-process, for an organisation with 10 journeys and one
 *     with 1,000: they must not grow with the number of journeys (exit 1 otherwise);
 *  2. GET /api/portfolio and GET /api/journeys?range=[0,24] (1,000 journeys) and GET /api/timeline
 *     (TIMELINE_JOURNEYS journeys) with a session cookie against a bare Fastify handler running the same SQL in
 *     the same kind of transaction, returning raw rows.
 *   npm run bench:journeys   (BENCH_SECONDS, BENCH_CONNECTIONS; BENCH_CPU_PROF=dir profiles the app)
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import autocannon from 'autocannon';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AdminCommands, CliModule, loadConfig, migrate } from '@pairline/server';
import { databaseUrl, dropRedisPrefix, resolvePostgres, resolveRedis, testDatabaseName, withAdmin } from '@pairline/testing';
import { seedPortfolio } from './seed-portfolio';
import { serverEnv, signIn, startServer, statementsPerRequest, stop } from './harness';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const CPU_PROF = process.env.BENCH_CPU_PROF;
const P99_TARGET_MS = 50;
const LIST = '/api/journeys?range=[0,24]';
/** A page both organisations fill, so the list's total COUNT runs in both (see queryCounts). */
const FULL_PAGE = '/api/journeys?range=[0,4]';
const PORTFOLIO = '/api/portfolio';
const TIMELINE = '/api/timeline';
const TIMELINE_P99_TARGET_MS = 100;
/**
 * The target is set for 200 journeys × 12 stages (2,400 stage bars). Our templates have 3–11
 * stages (9.4 on average in the seeded mix), so 260 journeys give at least that many bars.
 */
const TIMELINE_JOURNEYS = Number(process.env.BENCH_TIMELINE_JOURNEYS ?? 260);

// ---------------------------------------------------------------------------------------------
// Statements per request, in-process: every statement any pg client sends is counted.

interface Counted {
  count: number;
  statements: string[];
}

async function queryCounts(env: Record<string, string>, accounts: { label: string; email: string; password: string }[]) {
  const urls = [PORTFOLIO, LIST, FULL_PAGE, TIMELINE];
  const counted = await statementsPerRequest(env, accounts.map((a) => ({ email: a.email, password: a.password, urls })));
  const of = (statements: string[]): Counted => ({ count: statements.length, statements });
  return accounts.map(({ label }, i) => {
    const [portfolio, list, fullPage, timeline] = counted[i].map(of);
    return { label, portfolio, list, fullPage, timeline };
  });
}

// ---------------------------------------------------------------------------------------------
// Throughput and latency over HTTP, against the forked real app and the bare baseline.

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
  const env = serverEnv('benchjourneys', ownerUrl, redis.url);
  const config = loadConfig({ ...env, WORKER_IN_PROCESS: 'false' });
  await migrate(config.database);
  const context = await NestFactory.createApplicationContext(CliModule.register(config), { logger: ['error'] });
  const servers: ChildProcess[] = [];
  let failed = false;
  try {
    const password = 'bench password 123';
    const large = await context.get(AdminCommands).createAdmin({ organisation: 'Bench Portfolio 1000', odsCode: null, email: 'bench-1000@example.org', name: 'Bench Admin 1000', password });
    const small = await context.get(AdminCommands).createAdmin({ organisation: 'Bench Portfolio 10', odsCode: null, email: 'bench-10@example.org', name: 'Bench Admin 10', password });
    const timelineOrg = await context.get(AdminCommands).createAdmin({ organisation: 'Bench Timeline', odsCode: null, email: 'bench-timeline@example.org', name: 'Bench Admin Timeline', password });
    const seeded = await seedPortfolio(ownerUrl, large.organisationId, large.userId, 1000, 1);
    const seededTimeline = await seedPortfolio(ownerUrl, timelineOrg.organisationId, timelineOrg.userId, TIMELINE_JOURNEYS, 3);
    await seedPortfolio(ownerUrl, small.organisationId, small.userId, 10, 2);

    // 1. Statements per request: 10 journeys vs 1,000. The portfolio and a page both organisations
    //    fill must send exactly the same statements. With range=[0,24] the 10-journey page is not
    //    full, so the list knows its total without the COUNT (as every list does): that one
    //    statement, and nothing else, may differ there.
    const [few, many, timelineMany] = await queryCounts(env, [
      { label: '10 journeys', email: small.email, password },
      { label: '1,000 journeys', email: large.email, password },
      { label: `${TIMELINE_JOURNEYS} journeys`, email: timelineOrg.email, password },
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
    // The timeline's organisation (its count in the "1,000" column): past 200 journeys the stages are
    // read for the whole organisation instead of by a list of ids, so the statements' text differs
    // by design; their number must not.
    counts.push({
      request: `GET ${TIMELINE} (10 vs ${TIMELINE_JOURNEYS} journeys)`,
      '10 journeys': few.timeline.count,
      '1,000 journeys': timelineMany.timeline.count,
      verdict: few.timeline.count === timelineMany.timeline.count ? 'same number of statements' : 'DIFFERENT',
      ok: few.timeline.count === timelineMany.timeline.count,
    });
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
    const signInAs = async (email: string) => (await signIn(pairline.url, email, password)).cookie;
    const cookie = await signInAs(large.email);
    const timelineCookie = await signInAs(timelineOrg.email);
    const tally = (values: unknown[]) => Object.entries(values.reduce<Record<string, number>>((t, v) => ({ ...t, [String(v)]: (t[String(v)] ?? 0) + 1 }), {})).map(([k, n]) => `${k} ${n}`).join(', ');
    const cells = ((await (await fetch(`${pairline.url}${PORTFOLIO}`, { headers: { cookie } })).json()) as { rows: { cells: Record<string, { status: string; statusColour: string | null }[]> }[] }).rows.flatMap((r) => Object.values(r.cells).flat());
    const mix = `${cells.length} journeys in the portfolio; status: ${tally(cells.map((c) => c.status))}; colour: ${tally(cells.map((c) => c.statusColour))}`;
    const bare = await startServer('bare-journeys.ts', { ...env, BENCH_ORG_ID: large.organisationId, BENCH_USER_ID: large.userId });
    const bareTimeline = await startServer('bare-journeys.ts', { ...env, BENCH_ORG_ID: timelineOrg.organisationId, BENCH_USER_ID: timelineOrg.userId });
    servers.push(bare.child, bareTimeline.child);
    const rows: Record<string, unknown>[] = [];
    const notes: string[] = [];
    let errors = 0;
    const routes = [
      { route: PORTFOLIO, cookie, baseline: bare, target: P99_TARGET_MS },
      { route: LIST, cookie, baseline: bare, target: P99_TARGET_MS },
      { route: TIMELINE, cookie: timelineCookie, baseline: bareTimeline, target: TIMELINE_P99_TARGET_MS },
    ];
    for (const { route, cookie, baseline: bare, target } of routes) {
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
      const met = ours1.completed > 0 && ours1.p99 < target;
      const ratio = (a: number, b: number) => +(a / Math.max(b, 1)).toFixed(2);
      rows.push(
        { measurement: `GET ${route} p50 ms, 1 connection`, pairline: ours1.p50, bare: base1.p50, ratio: ratio(ours1.p50, base1.p50), target: '' },
        { measurement: `GET ${route} p99 ms, 1 connection`, pairline: ours1.p99, bare: base1.p99, ratio: ratio(ours1.p99, base1.p99), target: `< ${target}, ${met ? 'met' : 'NOT MET'}` },
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
    console.log(`Timeline organisation: ${seededTimeline.journeys} journeys, ${seededTimeline.stages} stages (${(seededTimeline.stages / seededTimeline.journeys).toFixed(1)} per journey), ${seededTimeline.blockers} blocking items`);
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
