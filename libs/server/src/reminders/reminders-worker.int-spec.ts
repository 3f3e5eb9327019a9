import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createOrganisation, signIn, type TestOrganisation } from '../testing/identity-fixtures';
import { mailHeader, movableClock, promoteDue, waitFor } from '../testing/reminder-fixtures';
import { startSmtp, type TestSmtp } from '../testing/smtp';
import { ownerQuery, startTestApp, type TestApp } from '../testing/test-app';

const ROOT = join(__dirname, '..', '..', '..', '..');
const ITEMS = 40;
/** Accepted before the server holds the rest: with 4 sends at once, several are on the wire when the kill lands. */
const ACCEPTED_BEFORE_KILL = 6;

/**
 * The real worker entry point in child processes, killed with SIGKILL in the middle of a batch:
 * every reminder must still reach the SMTP server exactly once. The API runs in this process
 * without consumers, so only the children send.
 */
describe('reminders across a killed worker', () => {
  let app: TestApp;
  let smtp: TestSmtp;
  let org: TestOrganisation;
  const children = new Set<ChildProcess>();

  beforeAll(async () => {
    smtp = await startSmtp();
    app = await startTestApp({ SMTP_URL: smtp.url, WORKER_IN_PROCESS: 'false', REMINDER_JOB_HORIZON_MS: String(30 * 86_400_000) });
    org = await createOrganisation(app, 'Kill Org');
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await app.close();
    await smtp.stop();
  });

  function startWorker(): ChildProcess {
    const env = {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: app.config.database.url,
      DATABASE_POOL_MAX: '8',
      // Several emails on the wire at once when the kill lands.
      EMAIL_SEND_CONCURRENCY: '4',
      REDIS_URL: app.config.queue!.redisUrl,
      QUEUE_PREFIX: app.config.queue!.prefix,
      SMTP_URL: smtp.url,
      PUBLIC_URL: 'https://pairline.example',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      SWC_NODE_PROJECT: join(ROOT, 'tsconfig.base.json'),
    };
    const child = fork(join(ROOT, 'apps/worker/src/main.ts'), [], { cwd: ROOT, env, execArgv: ['-r', '@swc-node/register'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    children.add(child);
    child.once('exit', () => children.delete(child));
    return child;
  }
  const exited = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
  const states = (table: 'planned_reminders' | 'email_outbox') =>
    ownerQuery<{ state: string; n: number }>(app, `SELECT state, count(*)::int AS n FROM ${table} WHERE organisation_id = $1 GROUP BY state ORDER BY state`, [org.id]);

  it('delivers every reminder exactly once when the worker is killed mid-batch and restarted', async () => {
    const setNow = movableClock(app);
    setNow('2027-03-01T10:00:00Z');
    const admin = await signIn(app, org.members.org_admin.email);
    expect((await app.inject({ method: 'PUT', url: '/api/reminder-settings', headers: admin.headers, payload: { offsetsBefore: [], onTheDay: true, overdueEvery: 1, overdueRepeats: 0, escalateAfter: 5, sendMinuteOfDay: 480, version: 0 } })).statusCode).toBe(200);
    const product = await app.inject({ method: 'POST', url: '/api/products', headers: admin.headers, payload: { name: 'Batch', useCase: 'x', intendedUsers: 'y', medicalDeviceStatus: 'undetermined' } });
    const journey = await app.inject({ method: 'POST', url: '/api/journeys', headers: admin.headers, payload: { productId: product.json().id, mechanismId: 'im1_patient', providerSupplierId: 'optum' } });
    // All due on the same morning: one reminder (and one email) each.
    setNow('2027-03-16T12:00:00Z');
    for (let i = 0; i < ITEMS; i++) {
      const owner = i % 2 ? org.members.contributor.userId : org.members.compliance_lead.userId;
      const created = await app.inject({ method: 'POST', url: '/api/blocking-items', headers: admin.headers, payload: { journeyId: journey.json().id, title: `Item ${i}`, owedBy: 'us', dueOn: '2027-03-17', ownerUserId: owner } });
      expect(created.statusCode).toBe(201);
    }
    expect(await states('planned_reminders')).toEqual([{ state: 'pending', n: ITEMS }]);

    // The SMTP server accepts 6 messages, then keeps the rest waiting: the kill lands while they
    // are on the wire, and after outbox rows for the others are written but not yet sent.
    // Their time comes: the delayed jobs move to waiting, all at once.
    setNow('2027-03-17T08:00:01Z');
    expect(await promoteDue(app, org.id, new Date('2027-03-17T08:00:01Z'))).toHaveLength(ITEMS);
    smtp.hold(ACCEPTED_BEFORE_KILL);
    const first = startWorker();
    await waitFor(() => smtp.held(), (n) => n >= 3, 60_000, 'messages in flight');
    // Let the last accepted message's sent mark commit: a kill between the server's acceptance and that
    // commit is the one case that sends twice (see ReminderDispatcher.send).
    await new Promise((resolve) => setTimeout(resolve, 300));
    first.kill('SIGKILL');
    await exited(first);
    // The held messages' connections died before the server accepted them, so they were never
    // received. (Had the server accepted one and the reply been lost, it would arrive twice: the
    // documented at-least-once window.)
    await waitFor(() => smtp.held(), (n) => n === 0, 10_000, 'the server to see the dead connections');
    smtp.release();
    const accepted = smtp.messages.length;
    expect(accepted).toBe(ACCEPTED_BEFORE_KILL);
    expect((await states('email_outbox')).find((s) => s.state === 'pending')?.n ?? 0).toBeGreaterThan(0);

    const second = startWorker();
    await waitFor(() => states('email_outbox'), (s) => s.length === 1 && s[0].state === 'sent' && s[0].n === ITEMS, 90_000, 'every email sent');
    expect(await states('planned_reminders')).toEqual([{ state: 'sent', n: ITEMS }]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const events = smtp.messages.map((m) => mailHeader(m.raw, 'X-Pairline-Event'));
    expect(smtp.messages).toHaveLength(ITEMS);
    expect(new Set(events).size).toBe(ITEMS);
    second.kill('SIGTERM');
    await exited(second);
  }, 150_000);
});
