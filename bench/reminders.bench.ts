/**
 * Reminders benchmark: N reminders due in the same minute across M organisations, delivered by
 * 1 and then 2 real worker processes (apps/worker) to a local SMTP sink, and a handful due at once
 * for the sub-second case. Prints emails/s and lateness (arrival at the sink after the due time)
 * p50/p99, how late the reminders were fired (outbox rows and in-app notifications committed), and
 * the ratio against a baseline measured in the same run: the same number of messages
 * sent straight to the same sink with nodemailer (no database, no queue), i.e. the machine's SMTP
 * ceiling.
 *
 *   npm run bench:reminders [-- --n 100000 --orgs 500 --handful 10]
 *
 * The reminders are written as rows (as the planner writes them) with one due instant, and their
 * delayed jobs added as the planner adds them; each then goes the production way: fire (re-check,
 * outbox rows, sent mark) → email job → SMTP.
 */
import { QueueName, ReminderJob } from '@pairline/contracts';
import { REMINDER_JOB_OPTIONS } from '@pairline/server/reminders/reminder-jobs';
import { Queue } from 'bullmq';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { Client } from 'pg';
import { SMTPServer } from 'smtp-server';
import { loadConfig, migrate } from '@pairline/server';
import { databaseUrl, dropRedisPrefix, freePort, resolvePostgres, resolveRedis, testDatabaseName, withAdmin } from '@pairline/testing';
import { stop } from './harness';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : Number(process.env[`BENCH_${name.toUpperCase()}`] ?? fallback);
}
const N = flag('n', 100_000);
const ORGS = Math.min(flag('orgs', 500), N);
const HANDFUL = flag('handful', 10);
const DUE = '2030-06-14';

interface Sink {
  url: string;
  arrivals: number[];
  stop(): Promise<void>;
}

async function startSink(): Promise<Sink> {
  const arrivals: number[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    maxClients: 1000,
    // A relay's reverse DNS lookups are its own cost; on an offline machine each would wait for a timeout.
    disableReverseLookup: true,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        arrivals.push(Date.now());
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return { url: `smtp://127.0.0.1:${port}`, arrivals, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

async function waitUntil(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = fork(join(__dirname, '..', 'apps/worker/src/main.ts'), [], { env: { ...process.env, ...env }, execArgv: ['-r', '@swc-node/register'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('consuming jobs')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
}

/** Organisations, one owner each, a product and journey each, and N blocking items due on DUE spread over them. */
async function seed(db: Client): Promise<void> {
  await db.query(`INSERT INTO organisation (name) SELECT 'Bench ' || g FROM generate_series(1, $1) g`, [ORGS]);
  await db.query(`INSERT INTO app_user (email, name, password_hash, password_changed_at) SELECT 'owner-' || o.id || '@bench.example', 'Owner ' || o.name, 'not-a-hash', now() FROM organisation o`);
  await db.query(`INSERT INTO membership (organisation_id, user_id, role) SELECT o.id, u.id, 'org_admin' FROM organisation o JOIN app_user u ON u.email = 'owner-' || o.id || '@bench.example'`);
  await db.query(`INSERT INTO product (organisation_id, name) SELECT id, 'Product ' || name FROM organisation`);
  await db.query(`INSERT INTO journey (organisation_id, product_id, mechanism_key, provider_key, template_key, template_version, owner_user_id)
                  SELECT p.organisation_id, p.id, 'im1_patient', 'optum', 'im1', 1, m.user_id FROM product p JOIN membership m ON m.organisation_id = p.organisation_id`);
  await db.query(`INSERT INTO blocking_item (organisation_id, journey_id, title, owed_by, raised_on, due_on, owner_user_id)
                  SELECT j.organisation_id, j.id, 'Item ' || g, 'us', '2026-01-01', $2, j.owner_user_id
                    FROM (SELECT j.*, row_number() OVER (ORDER BY j.id) AS n FROM journey j) j
                    JOIN generate_series(0, $1 - 1) g ON g % $3 = j.n - 1`, [N, DUE, ORGS]);
}

/** The day-before reminder of `count` items (after the first `offset`), due at `at`, as the planner stores it; returns the jobs' ids. */
async function plan(db: Client, count: number, at: Date, offset = 0): Promise<{ id: string; organisation_id: string }[]> {
  await db.query(`TRUNCATE planned_reminders, email_outbox`);
  const { rows } = await db.query(
    `INSERT INTO planned_reminders (id, organisation_id, item_kind, item_id, journey_id, due_on, offset_days, phase, send_at)
     SELECT 'blocking_item.' || b.id || '.b1.' || $2::text, b.organisation_id, 'blocking_item', b.id, b.journey_id, $2::date, -1, 'before', $3
       FROM (SELECT * FROM blocking_item ORDER BY id LIMIT $1 OFFSET $4) b
     RETURNING id, organisation_id`,
    [count, DUE, at, offset],
  );
  return rows;
}

interface Round {
  readonly label: string;
  readonly count: number;
  readonly leadMs: number;
}

/**
 * Starts `workers` worker processes and runs each round on them in turn: `count` reminders due at
 * one instant `leadMs` from now. A later round on the same workers measures them warm (SMTP
 * connections open), as a long-running worker is; each round uses items of its own.
 */
async function run(workers: number, rounds: readonly Round[], db: Client, sink: Sink, env: Record<string, string>, redisUrl: string) {
  const prefix = `pairline-benchrem-${process.pid}-${workers}-${rounds[0].count}`;
  const workerEnv = { ...env, QUEUE_PREFIX: prefix };
  const children = await Promise.all(Array.from({ length: workers }, () => startWorker(workerEnv)));
  const queue = new Queue(QueueName.Reminders, { connection: { url: redisUrl }, prefix });
  const results = [];
  try {
    let offset = 0;
    for (const { label, count, leadMs } of rounds) {
      const due = new Date(Date.now() + leadMs);
      const rows = await plan(db, count, due, offset);
      offset += count;
      for (let i = 0; i < rows.length; i += 1_000) {
        const now = Date.now();
        await queue.addBulk(rows.slice(i, i + 1_000).map((r) => ({ name: ReminderJob.Fire, data: { organisationId: r.organisation_id, reminderId: r.id }, opts: { ...REMINDER_JOB_OPTIONS, jobId: r.id, delay: Math.max(0, due.getTime() - now) } })));
      }
      if (Date.now() > due.getTime()) console.warn(`  (${label}: enqueueing ended ${Date.now() - due.getTime()} ms after the due time; raise the lead time)`);
      sink.arrivals.length = 0;
      await waitUntil(() => sink.arrivals.length >= count, Math.max(120_000, count * 20), `${count} emails`);
      const lateness = sink.arrivals.map((t) => t - due.getTime());
      const span = (Math.max(...sink.arrivals) - due.getTime()) / 1000;
      // When each reminder was fired: the transaction writing its outbox rows and in-app notifications (the bell) began.
      const { rows: fired } = await db.query(`SELECT (extract(epoch FROM sent_at) * 1000)::float8 AS at FROM planned_reminders WHERE state = 'sent'`);
      const firedLateness = fired.map((r: { at: number }) => r.at - due.getTime());
      results.push({
        label,
        count,
        emailsPerSecond: count / Math.max(span, 0.001),
        p50: percentile(lateness, 50),
        p99: percentile(lateness, 99),
        max: Math.max(...lateness),
        firedP50: percentile(firedLateness, 50),
        firedP99: percentile(firedLateness, 99),
      });
    }
    return results;
  } finally {
    await queue.close();
    await Promise.all(children.map(stop));
    await dropRedisPrefix(redisUrl, prefix);
  }
}

/** The same number of messages sent straight to the sink: what SMTP alone allows on this machine. */
async function baseline(sink: Sink, count: number): Promise<number> {
  const transport = createTransport(`${sink.url}?pool=true&maxConnections=10`);
  const html = `<p>${'Reminder text '.repeat(40)}</p>`;
  sink.arrivals.length = 0;
  const started = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (next < count) {
        const i = next++;
        await transport.sendMail({ from: 'bench@example.org', to: `owner-${i}@bench.example`, subject: `Reminder ${i}`, text: html.replace(/<[^>]+>/g, ''), html, headers: { 'Message-ID': `<${i}@bench.example>` } });
      }
    }),
  );
  transport.close();
  return count / ((Date.now() - started) / 1000);
}

async function main(): Promise<void> {
  const [postgres, redis] = await Promise.all([resolvePostgres(), resolveRedis()]);
  const database = testDatabaseName('benchrem');
  await withAdmin(postgres.url, (c) => c.query(`CREATE DATABASE "${database}"`));
  const sink = await startSink();
  const url = databaseUrl(postgres.url, database);
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    DATABASE_URL: url,
    DATABASE_POOL_MAX: '20',
    EMAIL_SEND_CONCURRENCY: '10',
    REDIS_URL: redis.url,
    // The mailer pools SMTP connections by default (EMAIL_SEND_CONCURRENCY of them), as the baseline does.
    SMTP_URL: sink.url,
    PUBLIC_URL: 'https://pairline.example',
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    SWC_NODE_PROJECT: join(__dirname, '..', 'tsconfig.base.json'),
  };
  await migrate(loadConfig(env).database);
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    console.log(`Seeding ${N} dated items across ${ORGS} organisations…`);
    await seed(db);
    const bare = await baseline(sink, Math.min(N, 20_000));
    const lead = Math.max(10_000, N / 3); // enough to write the rows and add the jobs before they are due (about 25 s for 100,000)
    const results = [];
    for (const workers of [1, 2]) results.push(...(await run(workers, [{ label: `${N} due at once, ${workers} worker${workers > 1 ? 's' : ''}`, count: N, leadMs: lead }], db, sink, env, redis.url)));
    results.push(
      ...(await run(
        1,
        [
          { label: `${HANDFUL} due at once, 1 worker just started (SMTP connections not yet open)`, count: HANDFUL, leadMs: 5_000 },
          { label: `${HANDFUL} due at once, the same worker a moment later (connections open)`, count: HANDFUL, leadMs: 3_000 },
        ],
        db,
        sink,
        env,
        redis.url,
      )),
    );
    console.log(`\nBaseline: nodemailer straight to the sink, ${bare.toFixed(0)} emails/s\n`);
    console.log('| run | emails | emails/s | ratio to baseline | email lateness p50 | p99 | max | fired (outbox + bell) p50 | p99 |');
    console.log('|---|---|---|---|---|---|---|---|---|');
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    for (const r of results) {
      console.log(`| ${r.label} | ${r.count} | ${r.emailsPerSecond.toFixed(0)} | ${(r.emailsPerSecond / bare).toFixed(2)} | ${s(r.p50)} | ${s(r.p99)} | ${s(r.max)} | ${s(r.firedP50)} | ${s(r.firedP99)} |`);
    }
  } finally {
    await db.end();
    await sink.stop();
    await withAdmin(postgres.url, (c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
    await Promise.all([postgres.stop(), redis.stop()]);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
