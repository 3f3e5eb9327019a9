/// <reference lib="dom" />
// (page.evaluate callbacks below run in the browser.)
/**
 * Timeline render benchmark: how long the timeline page takes in headless Chromium for an
 * organisation with JOURNEYS journeys (every stage drawn: actual, forecast and planned bars, milestones,
 * blocking items, change freezes), against pages rendered in the same run on the same server:
 *  - the dashboard of an organisation with no journeys (the app shell and one API call: baseline);
 *  - the timeline of that empty organisation (the page's fixed cost).
 * Each page is loaded from scratch in a new tab (full navigation, fresh JavaScript) BENCH_RUNS
 * times; the time is the browser's own, from navigation start to two animation frames after the
 * page's content is in the DOM (so it has been laid out and painted). Also: switching the zoom
 * with all of them drawn.
 *   npm run bench:timeline   (builds api and web first; BENCH_RUNS, default 5; CHROMIUM_PATH)
 * Exits 1 if the full timeline's median is over the 2 s target.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { AdminCommands, CliModule, loadConfig, migrate } from '@pairline/server';
import { databaseUrl, dropRedisPrefix, freePort, resolvePostgres, resolveRedis, testDatabaseName, withAdmin } from '@pairline/testing';
import { seedPortfolio } from './seed-portfolio';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/**
 * The target is set for 200 journeys × 12 stages (2,400 stage bars). Our templates have 3–11
 * stages (9.4 on average in the seeded mix), so 260 journeys give at least that many bars.
 */
const JOURNEYS = Number(process.env.BENCH_TIMELINE_JOURNEYS ?? 260);
const TARGET_MS = 2000;
const root = resolve(__dirname, '..');
const MAIN = join(root, 'dist/server/apps/api/src/main.js');

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round = (ms: number) => Math.round(ms);

async function startApi(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], { cwd: root, env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited with code ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).status < 500) return { url, child };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the API did not answer within 60 s');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function signedInContext(browser: Browser, baseURL: string, email: string, password: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1600, height: 1000 } });
  const login = await context.request.post('/api/auth/login', { data: { email, password } });
  if (!login.ok()) throw new Error(`sign-in as ${email} answered ${login.status()}`);
  return context;
}

interface Loaded {
  page: Page;
  ms: number;
  apiMs: number | null;
  afterDataMs: number | null;
  sentAtMs: number | null;
}

/**
 * Opens `path` in a new tab and measures from navigation start until `ready` matches and two
 * frames have been painted. A new tab each time, so no load pays for collecting the previous
 * page's garbage; the tab is closed unless the caller keeps it.
 */
async function load(context: BrowserContext, path: string, ready: string, keep = false): Promise<Loaded> {
  const page = await context.newPage();
  await page.goto(path, { waitUntil: 'commit' });
  await page.waitForSelector(ready, { state: 'attached', timeout: 60_000 });
  const measured = await page.evaluate(async () => {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const entry = performance.getEntriesByType('resource').find((e) => /\/api\/(timeline|dashboard)(\?|$)/.test(new URL(e.name).pathname + new URL(e.name).search));
    const now = performance.now();
    return { ms: now, apiMs: entry ? entry.duration : null, afterDataMs: entry ? now - (entry as PerformanceResourceTiming).responseEnd : null, sentAtMs: entry ? entry.startTime : null };
  });
  if (!keep) await page.close();
  return { page, ...measured };
}

/** Milliseconds from clicking a zoom button until the chart is redrawn at that zoom and painted. */
async function zoom(page: Page, to: 'month' | 'quarter' | 'year'): Promise<number> {
  return page.evaluate(async (value) => {
    const start = performance.now();
    (document.querySelector(`[data-testid="timeline-zoom-${value}"]`) as HTMLElement).click();
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    while (!document.querySelector(`[data-testid="timeline-chart"][data-zoom="${value}"]`)) await frame();
    await frame();
    await frame();
    return performance.now() - start;
  }, to);
}

async function main(): Promise<void> {
  if (!existsSync(MAIN) || !existsSync(join(root, 'dist/web/index.html'))) throw new Error('build first: npm run build (npm run bench:timeline does)');
  const [postgres, redis] = await Promise.all([resolvePostgres(), resolveRedis()]);
  const database = testDatabaseName('benchtimeline');
  await withAdmin(postgres.url, (c) => c.query(`CREATE DATABASE "${database}"`));
  const ownerUrl = databaseUrl(postgres.url, database);
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    DATABASE_URL: ownerUrl,
    REDIS_URL: redis.url,
    QUEUE_PREFIX: `pairline-benchtimeline-${process.pid}`,
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
  };
  const config = loadConfig({ ...env, WORKER_IN_PROCESS: 'false' });
  await migrate(config.database);
  const context = await NestFactory.createApplicationContext(CliModule.register(config), { logger: ['error'] });
  let contextOpen = true;
  let api: ChildProcess | null = null;
  let browser: Browser | null = null;
  let failed = false;
  try {
    const password = 'bench password 123';
    const admin = context.get(AdminCommands);
    const large = await admin.createAdmin({ organisation: 'Bench Timeline', odsCode: null, email: 'timeline-bench@example.org', name: 'Bench Admin Timeline', password });
    const empty = await admin.createAdmin({ organisation: 'Bench Timeline empty', odsCode: null, email: 'timeline-0@example.org', name: 'Bench Admin 0', password });
    const seeded = await seedPortfolio(ownerUrl, large.organisationId, large.userId, JOURNEYS, 8);
    await context.close();
    contextOpen = false;

    const started = await startApi(env);
    api = started.child;
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const bigContext = await signedInContext(browser, started.url, large.email, password);
    const emptyContext = await signedInContext(browser, started.url, empty.email, password);

    const cases = [
      { name: 'dashboard, no journeys (baseline)', context: emptyContext, path: '/#/', ready: '[data-testid="dashboard"][data-loaded="true"]' },
      { name: 'timeline, no journeys', context: emptyContext, path: '/#/timeline', ready: '[data-testid="timeline-empty"]' },
      { name: `timeline, ${JOURNEYS} journeys`, context: bigContext, path: '/#/timeline', ready: `[data-testid="timeline-chart"][data-journeys="${JOURNEYS}"] .tl-actual` },
    ];
    // One warm-up load each: the server's first requests of a day recompute stored outlooks, and
    // Chromium's first start of the bundle compiles it; neither is what a user meets every time.
    for (const c of cases) await load(c.context, c.path, c.ready);
    const times = cases.map(() => [] as number[]);
    const apiTimes = cases.map(() => [] as number[]);
    const afterData = cases.map(() => [] as number[]);
    const sentAt = cases.map(() => [] as number[]);
    for (let run = 0; run < RUNS; run++) {
      for (const [i, c] of cases.entries()) {
        const { ms, apiMs, afterDataMs, sentAtMs } = await load(c.context, c.path, c.ready);
        if (sentAtMs !== null) sentAt[i].push(sentAtMs);
        times[i].push(ms);
        if (apiMs !== null) apiTimes[i].push(apiMs);
        if (afterDataMs !== null) afterData[i].push(afterDataMs);
      }
    }

    const { page: bigPage } = await load(bigContext, cases[2].path, cases[2].ready, true);
    const shapes = await bigPage.evaluate(() => ({
      bars: document.querySelectorAll('[data-testid="timeline-bars"] .tl-actual, [data-testid="timeline-bars"] .tl-forecast').length,
      elements: document.querySelectorAll('[data-testid="timeline-chart"] svg *').length,
    }));
    const zooms: Record<string, number[]> = { month: [], year: [], quarter: [] };
    for (let run = 0; run < RUNS; run++) for (const to of ['month', 'year', 'quarter'] as const) zooms[to].push(await zoom(bigPage, to));

    const baseline = median(times[0]);
    console.log(
      `\nTimeline render benchmark: ${seeded.journeys} journeys (${seeded.products} products, ${seeded.stages} stages, ${(seeded.stages / seeded.journeys).toFixed(1)} per journey, ` +
        `${seeded.blockers} blocking items, ${seeded.freezes} change freezes); ${RUNS} full loads each in headless Chromium, 1600×1000`,
    );
    console.log(`the chart: ${shapes.bars} stage bars, ${shapes.elements} SVG elements; load average during the run ${loadavg().map((l) => l.toFixed(1)).join(', ')} on ${cpus().length} cores`);
    console.table(
      cases.map((c, i) => ({
        page: c.name,
        'median ms': round(median(times[i])),
        'min–max ms': `${round(Math.min(...times[i]))}–${round(Math.max(...times[i]))}`,
        'API call sent at, median ms': sentAt[i].length ? round(median(sentAt[i])) : '',
        'API call median ms': apiTimes[i].length ? round(median(apiTimes[i])) : '',
        'drawn after data, median ms': afterData[i].length ? round(median(afterData[i])) : '',
        'ratio to baseline': (median(times[i]) / baseline).toFixed(2),
      })),
    );
    console.table(Object.entries(zooms).map(([to, values]) => ({ [`zoom switch, ${JOURNEYS} journeys`]: `to ${to}`, 'median ms': round(median(values)), 'max ms': round(Math.max(...values)) })));
    const big = median(times[2]);
    const verdict = big < TARGET_MS ? 'met' : 'NOT MET';
    console.log(`target: timeline with ${JOURNEYS} journeys renders in under ${TARGET_MS} ms: ${verdict} (median ${round(big)} ms)`);
    if (big >= TARGET_MS) failed = true;
  } finally {
    if (contextOpen) await context.close();
    await browser?.close();
    if (api && api.exitCode === null) {
      const exited = new Promise((r) => api!.once('exit', r));
      api.kill('SIGTERM');
      await exited;
    }
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
