import { QueueName } from '@pairline/contracts';
import { createOrganisation, signIn, type SignedIn, type TestOrganisation } from '../testing/identity-fixtures';
import { countQueries } from '../testing/query-counter';
import { multipart, pdf } from '../testing/evidence-fixtures';
import { attachScal } from '../testing/scal-fixtures';
import { mailHeader, movableClock, promoteDue, queueOf, waitFor } from '../testing/reminder-fixtures';
import { startSmtp, type ReceivedEmail, type TestSmtp } from '../testing/smtp';
import { dropRedisPrefix } from '@pairline/testing';
import { ownerQuery, startTestApp, type TestApp } from '../testing/test-app';
import { ReminderDispatcher } from './reminder-dispatcher';

/**
 * Reminders end to end on real PostgreSQL, Redis and SMTP. Settings used throughout: 1 working day
 * before, on the day, overdue every working day twice, escalation when more than 1 day overdue,
 * at 08:00 London. Due dates in March 2027 are before the clocks change (08:00 GMT = 08:00 UTC).
 */
describe('deadline reminders', () => {
  let app: TestApp;
  let smtp: TestSmtp;
  let smtpPort: number;
  const messages: ReceivedEmail[] = [];
  let org: TestOrganisation;
  let admin: SignedIn;
  let lead: SignedIn;
  let setNow: (at: string | Date) => void;
  let journeyId: string;

  beforeAll(async () => {
    smtp = await startSmtp({ messages, rejectRecipients: /^bounce-/ });
    smtpPort = Number(new URL(smtp.url).port);
    app = await startTestApp({
      SMTP_URL: smtp.url,
      PUBLIC_URL: 'https://pairline.example',
      EMAIL_MAX_ATTEMPTS: '8',
      EMAIL_RETRY_DELAY_MS: '200',
      REMINDER_JOB_HORIZON_MS: String(90 * 86_400_000),
      // Reconciliation is driven by the tests here.
      REMINDER_RECONCILE_EVERY_MS: '3600000',
    });
    setNow = movableClock(app);
    setNow('2027-03-01T10:00:00Z');
    org = await createOrganisation(app, 'Reminder Org');
    [admin, lead] = await Promise.all([signIn(app, org.members.org_admin.email), signIn(app, org.members.compliance_lead.email)]);
    const settings = await app.inject({ method: 'PUT', url: '/api/reminder-settings', headers: admin.headers, payload: { offsetsBefore: [1], onTheDay: true, overdueEvery: 1, overdueRepeats: 2, escalateAfter: 1, sendMinuteOfDay: 480, version: 0 } });
    expect(settings.statusCode).toBe(200);
    const product = await app.inject({ method: 'POST', url: '/api/products', headers: lead.headers, payload: { name: 'CarePlan', useCase: 'x', intendedUsers: 'y', medicalDeviceStatus: 'undetermined' } });
    const journey = await app.inject({ method: 'POST', url: '/api/journeys', headers: lead.headers, payload: { productId: product.json().id, mechanismId: 'im1_patient', providerSupplierId: 'optum', ownerUserId: org.members.compliance_lead.userId } });
    expect(journey.statusCode).toBe(201);
    journeyId = journey.json().id;
  });
  /** Each test starts with no pending reminder and no job left by the one before. */
  afterEach(async () => {
    await ownerQuery(app, `UPDATE planned_reminders SET state = 'cancelled' WHERE organisation_id = $1 AND state = 'pending'`, [org.id]);
    await queueOf(app, QueueName.Reminders).drain(true);
    await ownerQuery(app, `DELETE FROM reminder_preference WHERE organisation_id = $1`, [org.id]);
  });
  afterAll(async () => {
    await app.close();
    await smtp.stop().catch(() => undefined);
  });

  const createBlocker = async (title: string, dueOn: string, ownerUserId = org.members.contributor.userId) => {
    const response = await app.inject({ method: 'POST', url: '/api/blocking-items', headers: lead.headers, payload: { journeyId, title, owedBy: 'us', dueOn, ownerUserId } });
    expect(response.statusCode).toBe(201);
    return response.json() as { id: string; version: number };
  };
  const rows = (itemId: string) =>
    ownerQuery<{ id: string; state: string; send_at: Date; escalate: boolean }>(app, `SELECT id, state, send_at, escalate FROM planned_reminders WHERE item_id = $1 ORDER BY send_at, id`, [itemId]);
  const mailTo = (email: string) => messages.filter((m) => m.to.includes(email));
  const headerOf = (message: ReceivedEmail, name: string) => mailHeader(message.raw, name);
  /** Moves the clock to `at` and lets the delayed jobs it passed run. */
  const advanceTo = async (at: string) => {
    setNow(at);
    return promoteDue(app, org.id, new Date(at));
  };

  it('plans one reminder per offset with a delayed job each, and sends exactly the expected emails at each', async () => {
    const item = await createBlocker('Penetration test report', '2027-03-17');
    const planned = await rows(item.id);
    expect(planned.map((r) => [r.id.split('.')[2], new Date(r.send_at).toISOString(), r.escalate])).toEqual([
      ['b1', '2027-03-16T08:00:00.000Z', false],
      ['d0', '2027-03-17T08:00:00.000Z', false],
      ['o1', '2027-03-18T08:00:00.000Z', false],
      ['o2', '2027-03-19T08:00:00.000Z', true],
    ]);
    expect(planned.every((r) => r.id.startsWith(`blocking_item.${item.id}.`) && r.state === 'pending')).toBe(true);
    // Each reminder is a delayed job whose id is the reminder's and whose delay ends at its send time.
    const queue = queueOf(app, QueueName.Reminders);
    for (const row of planned) {
      const job = await queue.getJob(row.id);
      expect(job && (await job.isDelayed())).toBe(true);
      expect(Math.abs(job!.delay - (new Date(row.send_at).getTime() - Date.parse('2027-03-01T10:00:00Z')))).toBeLessThan(60_000);
    }

    const contributor = org.members.contributor.email;
    expect(await advanceTo('2027-03-16T07:59:00Z')).toEqual([]);
    expect(await advanceTo('2027-03-16T08:00:00Z')).toEqual([planned[0].id]);
    await waitFor(() => mailTo(contributor).length, (n) => n === 1, 15_000, 'the day-before reminder');
    const before = mailTo(contributor)[0];
    expect(headerOf(before, 'Subject')).toMatch(/^Reminder: Blocking item “Penetration test report” \(CarePlan, due in 1 working day\)$/);
    expect(before.text).toContain(`https://pairline.example/#/journeys/${journeyId}/show`);
    expect(before.text).toContain('Journey: IM1 Patient with');
    expect(before.text).toMatch(/Content-Type: text\/plain/);
    expect(before.text).toMatch(/Content-Type: text\/html/);
    expect(headerOf(before, 'List-Unsubscribe')).toMatch(/^<https:\/\/pairline\.example\/api\/reminders\/unsubscribe\?token=[^>]+>$/);
    expect(headerOf(before, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');

    await advanceTo('2027-03-17T08:00:05Z');
    await waitFor(() => mailTo(contributor).length, (n) => n === 2, 15_000, 'the on-the-day reminder');
    await advanceTo('2027-03-18T08:00:05Z');
    await waitFor(() => mailTo(contributor).length, (n) => n === 3, 15_000, 'the first overdue reminder');
    const overdue = mailTo(contributor)[2];
    expect(headerOf(overdue, 'Subject')).toMatch(/^Overdue: .*overdue by 1 working day\)$/);
    expect(headerOf(overdue, 'List-Unsubscribe')).toBeUndefined();
    // More than one working day overdue: the journey owner and the executive are told as well.
    await advanceTo('2027-03-19T08:00:05Z');
    await waitFor(() => messages.length, (n) => n === 6, 15_000, 'the escalation');
    expect(messages.map((m) => m.to[0]).sort()).toEqual([contributor, contributor, contributor, contributor, org.members.compliance_lead.email, org.members.executive.email].sort());
    expect(headerOf(mailTo(org.members.executive.email)[0], 'Subject')).toMatch(/^Escalation: overdue: /);
    expect((await rows(item.id)).map((r) => r.state)).toEqual(['sent', 'sent', 'sent', 'sent']);
    const outbox = await ownerQuery<{ state: string; n: number }>(app, `SELECT state, count(*)::int AS n FROM email_outbox WHERE organisation_id = $1 GROUP BY state`, [org.id]);
    expect(outbox).toEqual([{ state: 'sent', n: 6 }]);
    // Nothing else arrives later (a job firing twice would add a message here).
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(messages).toHaveLength(6);
  });

  it('unsubscribes a member from advance reminders of that kind with the signed link (GET only asks)', async () => {
    const before = mailTo(org.members.contributor.email)[0];
    const url = new URL(headerOf(before, 'List-Unsubscribe')!.slice(1, -1));
    const path = `${url.pathname}${url.search}`;
    const page = await app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<form method="post"');
    const contributor = await signIn(app, org.members.contributor.email);
    const enabled = async () => (await app.inject({ method: 'GET', url: '/api/reminders/preferences', headers: { cookie: contributor.cookie } })).json().kinds.find((k: { kind: string }) => k.kind === 'blocking_item').enabled;
    expect(await enabled()).toBe(true);
    const forged = await app.inject({ method: 'POST', url: path.replace(/.(?=$)/, (c) => (c === 'A' ? 'B' : 'A')), headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(forged.statusCode).toBe(404);
    const done = await app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(done.statusCode).toBe(200);
    expect(await enabled()).toBe(false);

    // The next advance reminder skips them; an overdue one still reaches them.
    const sentBefore = messages.length;
    const item = await createBlocker('Second item', '2027-03-23');
    const [b1, , o1] = await rows(item.id);
    await advanceTo('2027-03-22T08:00:05Z');
    await waitFor(() => ownerQuery<{ state: string }>(app, `SELECT state FROM planned_reminders WHERE id = $1`, [b1.id]), (r) => r[0].state === 'sent');
    await advanceTo('2027-03-24T08:00:05Z'); // passes the on-the-day one too: that is advance notice as well
    await waitFor(() => ownerQuery<{ state: string }>(app, `SELECT state FROM planned_reminders WHERE id = $1`, [o1.id]), (r) => r[0].state === 'sent');
    await waitFor(() => messages.length, (n) => n === sentBefore + 1, 15_000, 'the overdue reminder');
    expect(headerOf(messages[messages.length - 1], 'Subject')).toMatch(/^Overdue: /);
    await advanceTo('2027-03-25T08:00:05Z');
    await waitFor(() => rows(item.id), (r) => r.every((x) => x.state !== 'pending'), 15_000, 'the escalation');
    await app.inject({ method: 'PUT', url: '/api/reminders/preferences', headers: contributor.headers, payload: { disabledKinds: [] } });
    expect(await enabled()).toBe(true);
  });

  it('cancels pending reminders when the due date moves or the item is resolved, and a stray job then sends nothing', async () => {
    setNow('2027-04-01T10:00:00Z');
    const item = await createBlocker('Data sharing agreement', '2027-04-14');
    const first = await rows(item.id);
    expect(first.filter((r) => r.state === 'pending')).toHaveLength(4);
    const queue = queueOf(app, QueueName.Reminders);
    const moved = await app.inject({ method: 'PUT', url: `/api/blocking-items/${item.id}`, headers: lead.headers, payload: { journeyId, title: 'Data sharing agreement', owedBy: 'us', dueOn: '2027-04-21', ownerUserId: org.members.contributor.userId, status: 'open', version: item.version } });
    expect(moved.statusCode).toBe(200);
    const after = await rows(item.id);
    expect(after.filter((r) => r.state === 'cancelled').map((r) => r.id).sort()).toEqual(first.map((r) => r.id).sort());
    const pending = after.filter((r) => r.state === 'pending');
    expect(pending.map((r) => r.id.split('.').slice(2).join('.'))).toEqual(['b1.2027-04-21', 'd0.2027-04-21', 'o1.2027-04-21', 'o2.2027-04-21']);
    for (const r of first) expect(await queue.getJob(r.id)).toBeUndefined();
    for (const r of pending) expect(await (await queue.getJob(r.id))?.isDelayed()).toBe(true);

    // Moving it back brings the first reminders back under their old ids.
    const back = await app.inject({ method: 'PUT', url: `/api/blocking-items/${item.id}`, headers: lead.headers, payload: { journeyId, title: 'Data sharing agreement', owedBy: 'us', dueOn: '2027-04-14', ownerUserId: org.members.contributor.userId, status: 'open', version: moved.json().version } });
    expect(back.statusCode).toBe(200);
    expect((await rows(item.id)).filter((r) => r.state === 'pending').map((r) => r.id).sort()).toEqual(first.map((r) => r.id).sort());

    const resolved = await app.inject({ method: 'PUT', url: `/api/blocking-items/${item.id}`, headers: lead.headers, payload: { journeyId, title: 'Data sharing agreement', owedBy: 'us', dueOn: '2027-04-14', ownerUserId: org.members.contributor.userId, status: 'resolved', version: back.json().version } });
    expect(resolved.statusCode).toBe(200);
    expect((await rows(item.id)).every((r) => r.state === 'cancelled')).toBe(true);
    for (const r of await rows(item.id)) expect(await queue.getJob(r.id)).toBeUndefined();

    // A job whose removal failed fires anyway: the row says cancelled, so nothing is sent.
    const sentBefore = messages.length;
    const stray = await queue.add('fire', { organisationId: org.id, reminderId: first[1].id }, { jobId: first[1].id });
    expect(await waitFor(async () => (await queue.getJob(stray.id!))?.returnvalue, (value) => value !== undefined && value !== null, 10_000, 'the stray job')).toBe('not_pending');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(messages.length).toBe(sentBefore);
  });

  it("fires an organisation's reminders due together in one batch: a fixed number of statements, each item once, a stale one cancelled", async () => {
    const dispatcher = app.app.get(ReminderDispatcher, { strict: false });
    const queue = queueOf(app, QueueName.Reminders);
    const contributor = org.members.contributor.email;
    /** Items due on `dueOn`, their day-before reminders all sent by firing one of them. */
    const round = async (count: number, dueOn: string, sendAt: string) => {
      const items = [];
      for (let i = 0; i < count; i++) items.push(await createBlocker(`Batch ${dueOn} ${i}`, dueOn));
      const dayBefore = await Promise.all(items.map(async (item) => (await rows(item.id))[0]));
      // One item's due date moved without its reminders being re-planned: its reminder is stale.
      await ownerQuery(app, `UPDATE blocking_item SET due_on = due_on + 14 WHERE id = $1`, [items[count - 1].id]);
      setNow(sendAt);
      const before = mailTo(contributor).length;
      let outcome: string | undefined;
      const statements = await countQueries(app, /./, async () => {
        outcome = await dispatcher.fire(org.id, dayBefore[0].id);
      });
      expect(outcome).toBe('sent');
      const states = await ownerQuery<{ state: string; cancel_reason: string | null; n: number }>(
        app,
        `SELECT state, cancel_reason, count(*)::int AS n FROM planned_reminders WHERE id = ANY($1) GROUP BY state, cancel_reason ORDER BY state`,
        [dayBefore.map((r) => r.id)],
      );
      expect(states).toEqual([
        { state: 'cancelled', cancel_reason: 'no_longer_due', n: 1 },
        { state: 'sent', cancel_reason: null, n: count - 1 },
      ]);
      await waitFor(() => mailTo(contributor).length, (n) => n === before + count - 1, 15_000, `${count - 1} emails`);
      // Each reminder's own job then finds its row done and sends nothing more.
      await promoteDue(app, org.id, new Date(sendAt));
      await waitFor(() => queue.getJobCounts('delayed', 'wait', 'active'), (c) => c.wait + c.active === 0, 15_000, 'the jobs to drain');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const subjects = mailTo(contributor).slice(before).map((m) => headerOf(m, 'Subject'));
      expect(subjects).toHaveLength(count - 1);
      expect(new Set(subjects).size).toBe(count - 1);
      // The items' later reminders would fire in the next round's minute: resolved, out of the way.
      await ownerQuery(app, `UPDATE blocking_item SET status = 'resolved', resolved_on = due_on WHERE id = ANY($1)`, [items.map((i) => i.id)]);
      await ownerQuery(app, `UPDATE planned_reminders SET state = 'cancelled' WHERE item_id = ANY($1) AND state = 'pending'`, [items.map((i) => i.id)]);
      await queue.drain(true);
      return statements;
    };
    setNow('2027-09-01T10:00:00Z');
    // (The first round may also make the organisation's unsubscribe key.)
    await round(2, '2027-09-07', '2027-09-06T08:00:05Z');
    const few = await round(3, '2027-09-14', '2027-09-13T08:00:05Z');
    const many = await round(12, '2027-09-21', '2027-09-20T08:00:05Z');
    expect(many).toBe(few);
  });

  it('rebuilds every pending job after Redis lost them, without duplicates, and delivers each once', async () => {
    setNow('2027-05-03T10:00:00Z');
    const items = [await createBlocker('Flush A', '2027-05-12'), await createBlocker('Flush B', '2027-05-12', org.members.compliance_lead.userId)];
    const pendingIds = async () => (await ownerQuery<{ id: string }>(app, `SELECT id FROM planned_reminders WHERE organisation_id = $1 AND state = 'pending' ORDER BY id`, [org.id])).map((r) => r.id);
    const expected = await pendingIds();
    expect(expected).toHaveLength(8);
    const queue = queueOf(app, QueueName.Reminders);
    const delayedIds = async () => (await queue.getDelayed(0, 1000)).map((j) => j.id!).filter((id) => !id.startsWith('repeat:')).sort();
    expect(await delayedIds()).toEqual(expected);

    await dropRedisPrefix(app.config.queue!.redisUrl, app.config.queue!.prefix);
    expect(await delayedIds()).toEqual([]);
    const dispatcher = app.app.get(ReminderDispatcher, { strict: false });
    expect((await dispatcher.reconcile()).reminders).toBe(8);
    expect(await delayedIds()).toEqual(expected);
    await dispatcher.reconcile();
    expect(await delayedIds()).toEqual(expected);

    const sentBefore = messages.length;
    await advanceTo('2027-05-11T08:00:05Z');
    // (Passing both days at once would send only the later reminder of each: a missed one is superseded.)
    await waitFor(() => messages.length, (n) => n === sentBefore + 2, 15_000, 'two day-before reminders');
    await advanceTo('2027-05-12T08:00:05Z');
    await waitFor(() => messages.length, (n) => n === sentBefore + 4, 15_000, 'four reminders');
    await dispatcher.reconcile(); // sent rows are not re-planned into jobs
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(messages.length).toBe(sentBefore + 4);
    for (const item of items) expect((await rows(item.id)).map((r) => r.state)).toEqual(['sent', 'sent', 'pending', 'pending']);
  });

  it('keeps email while the SMTP server is down and delivers each once when it returns', async () => {
    setNow('2027-06-01T10:00:00Z');
    const item = await createBlocker('SMTP outage', '2027-06-09');
    await smtp.stop();
    const sentBefore = messages.length;
    await advanceTo('2027-06-08T08:00:05Z');
    await waitFor(
      () => ownerQuery<{ attempts: number; last_error: string | null }>(app, `SELECT attempts, last_error FROM email_outbox WHERE event_id LIKE $1`, [`blocking_item.${item.id}.%`]),
      (r) => r.length === 1 && r[0].attempts >= 2,
      15_000,
      'failed attempts',
    );
    expect(messages.length).toBe(sentBefore);
    smtp = await startSmtp({ port: smtpPort, messages, rejectRecipients: /^bounce-/ });
    await waitFor(() => ownerQuery<{ state: string }>(app, `SELECT state FROM email_outbox WHERE event_id LIKE $1`, [`blocking_item.${item.id}.%`]), (r) => r[0]?.state === 'sent', 20_000, 'delivery');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(messages.length).toBe(sentBefore + 1);
    expect(messages[messages.length - 1].to).toEqual([org.members.contributor.email]);
  });

  it('records a permanent refusal as failed, shows it to org admins only, and sends it again on request', async () => {
    setNow('2027-07-01T10:00:00Z');
    await ownerQuery(app, `UPDATE app_user SET email = 'bounce-' || email WHERE id = $1`, [org.members.auditor.userId]);
    const item = await createBlocker('Bounce', '2027-07-08', org.members.auditor.userId);
    await advanceTo('2027-07-07T08:00:05Z');
    const failed = await waitFor(
      async () => (await app.inject({ method: 'GET', url: '/api/email-outbox?state=failed', headers: { cookie: admin.cookie } })).json() as { id: string; eventId: string; lastError: string; attempts: number }[],
      (list) => list.length === 1,
      15_000,
      'the failed email',
    );
    expect(failed[0]).toMatchObject({ eventId: expect.stringContaining(item.id), attempts: 1 });
    expect(failed[0].lastError).toMatch(/550|No such mailbox/);
    expect((await app.inject({ method: 'GET', url: '/api/email-outbox?state=failed', headers: { cookie: lead.cookie } })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/email-outbox?state=lost', headers: { cookie: admin.cookie } })).statusCode).toBe(400);

    await ownerQuery(app, `UPDATE email_outbox SET recipient_email = substr(recipient_email, 8) WHERE id = $1`, [failed[0].id]);
    const retried = await app.inject({ method: 'POST', url: `/api/email-outbox/${failed[0].id}/retry`, headers: admin.headers });
    expect(retried.statusCode).toBe(200);
    await waitFor(() => ownerQuery<{ state: string }>(app, `SELECT state FROM email_outbox WHERE id = $1`, [failed[0].id]), (r) => r[0].state === 'sent', 15_000, 'the retried email');
    expect((await app.inject({ method: 'POST', url: `/api/email-outbox/${failed[0].id}/retry`, headers: admin.headers })).statusCode).toBe(422);
  });

  it('re-plans every reminder when the organisation changes its send time', async () => {
    setNow('2027-09-01T10:00:00Z');
    const item = await createBlocker('Send time', '2027-11-01'); // the clocks go back on Sunday 31 October
    const current = (await app.inject({ method: 'GET', url: '/api/reminder-settings', headers: { cookie: admin.cookie } })).json() as Record<string, unknown>;
    const saved = await app.inject({ method: 'PUT', url: '/api/reminder-settings', headers: admin.headers, payload: { ...current, sendMinuteOfDay: 9 * 60 } });
    expect(saved.statusCode).toBe(200);
    // 09:00 BST on Friday 29 October, then 09:00 GMT.
    expect((await rows(item.id)).map((r) => new Date(r.send_at).toISOString())).toEqual(['2027-10-29T08:00:00.000Z', '2027-11-01T09:00:00.000Z', '2027-11-02T09:00:00.000Z', '2027-11-03T09:00:00.000Z']);
    const queue = queueOf(app, QueueName.Reminders);
    const job = await queue.getJob((await rows(item.id))[1].id);
    expect(Math.abs(job!.delay - (Date.parse('2027-11-01T09:00:00Z') - Date.parse('2027-09-01T10:00:00Z')))).toBeLessThan(60_000);
    const stale = await app.inject({ method: 'PUT', url: '/api/reminder-settings', headers: admin.headers, payload: { ...current, sendMinuteOfDay: 600 } });
    expect(stale.statusCode).toBe(409);
    const bad = await app.inject({ method: 'PUT', url: '/api/reminder-settings', headers: admin.headers, payload: { ...(saved.json() as Record<string, unknown>), overdueEvery: 0, sendMinuteOfDay: 2000 } });
    expect(bad.statusCode).toBe(400);
  });

  it('re-plans SCAL requirement, evidence expiry and hazard review reminders in the write that moves them', async () => {
    setNow('2027-08-02T10:00:00Z');
    const reminders = async (itemId: string) => (await rows(itemId)).map((r) => `${r.id.split('.').slice(2).join('.')}:${r.state}`);
    const queue = queueOf(app, QueueName.Reminders);

    // SCAL requirement: owner and due date set → advance reminders at once (not started: no overdue ones).
    const scalId = await attachScal(app, lead, [journeyId], 'attached');
    const [requirement, other] = (await app.inject({ method: 'GET', url: `/api/scals/${scalId}/requirements`, headers: { cookie: lead.cookie } })).json() as { identifier: string }[];
    const url = `/api/scals/${scalId}/requirements/${encodeURIComponent(requirement.identifier)}`;
    const saved = await app.inject({ method: 'PUT', url, headers: lead.headers, payload: { ownerUserId: org.members.contributor.userId, dueOn: '2027-08-18', version: 0 } });
    expect(saved.statusCode).toBe(200);
    const [answer] = await ownerQuery<{ id: string }>(app, `SELECT id FROM scal_answer WHERE scal_id = $1 AND identifier = $2`, [scalId, requirement.identifier]);
    expect(await reminders(answer.id)).toEqual(['b1.2027-08-18:pending', 'd0.2027-08-18:pending']);
    expect(await (await queue.getJob(`scal_requirement.${answer.id}.d0.2027-08-18`))?.isDelayed()).toBe(true);
    // Moved: the old date's reminders are cancelled in the same write, the new date's planned.
    const moved = await app.inject({ method: 'PUT', url, headers: lead.headers, payload: { dueOn: '2027-08-25', version: saved.json().version } });
    expect(moved.statusCode).toBe(200);
    expect((await reminders(answer.id)).sort()).toEqual(['b1.2027-08-18:cancelled', 'b1.2027-08-25:pending', 'd0.2027-08-18:cancelled', 'd0.2027-08-25:pending']);
    expect(await queue.getJob(`scal_requirement.${answer.id}.d0.2027-08-18`)).toBeUndefined();
    // A bulk change re-plans every row it changed: started, so overdue reminders too; the other requirement gets its own.
    const bulk = await app.inject({
      method: 'POST',
      url: `/api/scals/${scalId}/requirements/bulk`,
      headers: lead.headers,
      payload: { identifiers: [requirement.identifier, other.identifier], set: { status: 'in_progress', ownerUserId: org.members.contributor.userId, dueOn: '2027-08-25' } },
    });
    expect(bulk.json()).toMatchObject({ updated: 2 });
    const [otherAnswer] = await ownerQuery<{ id: string }>(app, `SELECT id FROM scal_answer WHERE scal_id = $1 AND identifier = $2`, [scalId, other.identifier]);
    for (const id of [answer.id, otherAnswer.id]) expect((await reminders(id)).filter((r) => r.endsWith(':pending'))).toEqual(['b1.2027-08-25:pending', 'd0.2027-08-25:pending', 'o1.2027-08-25:pending', 'o2.2027-08-25:pending']);
    // Due date cleared: nothing left pending.
    const cleared = await app.inject({ method: 'PUT', url, headers: lead.headers, payload: { dueOn: null, version: (await ownerQuery<{ version: number }>(app, `SELECT version FROM scal_answer WHERE id = $1`, [answer.id]))[0].version } });
    expect(cleared.statusCode).toBe(200);
    expect((await reminders(answer.id)).filter((r) => r.endsWith(':pending'))).toEqual([]);

    // Evidence expiry: an approved revision's expiry date plans reminders for the item's creator.
    const item = (await app.inject({ method: 'POST', url: '/api/evidence', headers: lead.headers, payload: { title: 'DSPT 2027/28' } })).json() as { id: string };
    const body = multipart({ effectiveOn: '2027-07-01', expiresOn: '2027-08-20' }, [{ name: 'dspt.pdf', content: pdf() }]);
    expect((await app.inject({ method: 'POST', url: `/api/evidence/${item.id}/revisions`, headers: { ...lead.headers, ...body.headers }, payload: body.payload })).statusCode).toBe(201);
    const review = (status: string, version: number) => app.inject({ method: 'POST', url: `/api/evidence/${item.id}/revisions/1/status`, headers: lead.headers, payload: { status, version } });
    expect((await review('in_review', 1)).statusCode).toBe(200);
    expect(await reminders(item.id)).toEqual([]);
    expect((await review('approved', 2)).statusCode).toBe(200);
    expect(await reminders(item.id)).toEqual(['b1.2027-08-20:pending', 'd0.2027-08-20:pending', 'o1.2027-08-20:pending', 'o2.2027-08-20:pending']);

    // Hazard review date: created, moved and withdrawn through the API, re-planned each time.
    const cso = await signIn(app, org.members.clinical_safety_officer.email);
    const [productRow] = await ownerQuery<{ product_id: string }>(app, `SELECT product_id FROM journey WHERE id = $1`, [journeyId]);
    const created = await app.inject({
      method: 'POST',
      url: '/api/hazards',
      headers: cso.headers,
      payload: { productId: productRow.product_id, name: 'Wrong patient', description: 'Record shown for another patient', ownerUserId: org.members.clinical_safety_officer.userId, nextReviewOn: '2027-08-20' },
    });
    expect(created.statusCode).toBe(201);
    const hazard = created.json() as { id: string; version: number };
    expect(await reminders(hazard.id)).toEqual(['b1.2027-08-20:pending', 'd0.2027-08-20:pending', 'o1.2027-08-20:pending', 'o2.2027-08-20:pending']);
    const reviewMoved = await app.inject({ method: 'PUT', url: `/api/hazards/${hazard.id}`, headers: cso.headers, payload: { nextReviewOn: '2027-09-01', version: hazard.version } });
    expect(reviewMoved.statusCode).toBe(200);
    expect((await reminders(hazard.id)).filter((r) => r.endsWith(':pending'))).toEqual(['b1.2027-09-01:pending', 'd0.2027-09-01:pending', 'o1.2027-09-01:pending', 'o2.2027-09-01:pending']);
    const withdrawn = await app.inject({ method: 'POST', url: `/api/hazards/${hazard.id}/withdraw`, headers: cso.headers, payload: { reason: 'Feature removed', version: reviewMoved.json().version } });
    expect(withdrawn.statusCode).toBe(200);
    expect((await reminders(hazard.id)).filter((r) => r.endsWith(':pending'))).toEqual([]);
  });

  it('catches in the nightly re-plan a dated item changed behind the API, and cancels its reminders once done', async () => {
    setNow('2027-08-02T10:00:00Z');
    const [productRow] = await ownerQuery<{ product_id: string }>(app, `SELECT product_id FROM journey WHERE id = $1`, [journeyId]);
    const [hazard] = await ownerQuery<{ id: string }>(
      app,
      `INSERT INTO hazard (organisation_id, product_id, sequence, number, name, description, owner_user_id, next_review_on) VALUES ($1, $2, 99, 'H-099', 'Wrong dose', 'x', $3, '2027-08-20') RETURNING id`,
      [org.id, productRow.product_id, org.members.clinical_safety_officer.userId],
    );
    expect(await rows(hazard.id)).toEqual([]);
    const dispatcher = app.app.get(ReminderDispatcher, { strict: false });
    expect(await dispatcher.replanAll()).toBeGreaterThanOrEqual(1);
    expect((await rows(hazard.id)).map((r) => r.id.replace(hazard.id, 'H'))).toEqual(['hazard_review.H.b1.2027-08-20', 'hazard_review.H.d0.2027-08-20', 'hazard_review.H.o1.2027-08-20', 'hazard_review.H.o2.2027-08-20']);
    await ownerQuery(app, `UPDATE hazard SET status = 'closed' WHERE id = $1`, [hazard.id]);
    await dispatcher.replanAll();
    expect((await rows(hazard.id)).every((r) => r.state === 'cancelled')).toBe(true);
  });

  it('feeds the bell with the same events, and serves the owner a revocable calendar feed of their due dates', async () => {
    setNow('2027-12-01T10:00:00Z');
    const contributor = await signIn(app, org.members.contributor.email);
    const get = (url: string, as: SignedIn) => app.inject({ method: 'GET', url, headers: { cookie: as.cookie } });
    const unreadBefore = (await get('/api/notifications/unread-count', contributor)).json().unread as number;
    const item = await createBlocker('Bell and calendar', '2027-12-15');
    // (At whatever time of day the settings now say.)
    await advanceTo(new Date(new Date((await rows(item.id))[0].send_at).getTime() + 5_000).toISOString());
    await waitFor(async () => (await get('/api/notifications/unread-count', contributor)).json().unread, (n) => n === unreadBefore + 1, 15_000, 'the notification');
    const list = await get('/api/notifications?range=[0,0]', contributor);
    expect(list.statusCode).toBe(200);
    const [latest] = list.json() as { id: string; eventId: string; path: string; title: string; readAt: string | null }[];
    expect(latest).toMatchObject({ eventId: `blocking_item.${item.id}.b1.2027-12-15`, path: `/#/journeys/${journeyId}/show`, readAt: null });
    expect(latest.title).toContain('Bell and calendar');
    // Nobody else's bell rings for it, and nobody can mark another's notification read.
    expect((await app.inject({ method: 'POST', url: `/api/notifications/${latest.id}/read`, headers: lead.headers })).statusCode).toBe(404);
    const read = await app.inject({ method: 'POST', url: `/api/notifications/${latest.id}/read`, headers: contributor.headers });
    expect(read.json().readAt).not.toBeNull();
    expect((await get('/api/notifications/unread-count', contributor)).json().unread).toBe(unreadBefore);
    await app.inject({ method: 'POST', url: '/api/notifications/read-all', headers: contributor.headers });
    expect((await get('/api/notifications/unread-count', contributor)).json().unread).toBe(0);

    const created = await app.inject({ method: 'POST', url: '/api/calendar-feed', headers: contributor.headers });
    expect(created.statusCode).toBe(201);
    const feedPath = new URL(created.json().url).pathname;
    const feed = await app.inject({ method: 'GET', url: feedPath });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
    expect(feed.body).toContain('BEGIN:VCALENDAR');
    expect(feed.body).toContain(`UID:blocking_item.${item.id}@pairline`);
    expect(feed.body).toContain('DTSTART;VALUE=DATE:20271215');
    expect(feed.body).toContain('SUMMARY:Blocking item “Bell and calendar” is due (CarePlan)');
    // The lead's feed has it too (they own the journey); a resolved item leaves both.
    const leadFeed = await app.inject({ method: 'GET', url: new URL((await app.inject({ method: 'POST', url: '/api/calendar-feed', headers: lead.headers })).json().url).pathname });
    expect(leadFeed.body).toContain(`UID:blocking_item.${item.id}@pairline`);
    // A new URL replaces the old one; revoking ends it; a made-up one never worked.
    const rotated = await app.inject({ method: 'POST', url: '/api/calendar-feed', headers: contributor.headers });
    expect((await app.inject({ method: 'GET', url: feedPath })).statusCode).toBe(404);
    const rotatedPath = new URL(rotated.json().url).pathname;
    expect((await app.inject({ method: 'GET', url: rotatedPath })).statusCode).toBe(200);
    expect((await app.inject({ method: 'DELETE', url: '/api/calendar-feed', headers: contributor.headers })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: rotatedPath })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/calendar-feed/plc_${'A'.repeat(43)}.ics` })).statusCode).toBe(404);
  });

  it("lists in a member's calendar feed the due dates of the journeys they follow, and stops when they unfollow", async () => {
    setNow('2027-12-01T10:00:00Z');
    const item = await createBlocker('Followed blocker', '2027-12-20');
    // An executive owns nothing and can only read journeys: following needs no more.
    const executive = await signIn(app, org.members.executive.email);
    const feedOf = async () => (await app.inject({ method: 'GET', url: new URL((await app.inject({ method: 'POST', url: '/api/calendar-feed', headers: executive.headers })).json().url).pathname })).body;
    const follow = (method: 'GET' | 'PUT' | 'DELETE', id = journeyId, as: SignedIn = executive) => app.inject({ method, url: `/api/journeys/${id}/follow`, headers: as.headers });
    expect((await follow('GET')).json()).toEqual({ following: false });
    expect(await feedOf()).not.toContain(`UID:blocking_item.${item.id}@pairline`);

    expect((await follow('PUT')).json()).toEqual({ following: true });
    expect((await follow('PUT')).json()).toEqual({ following: true });
    expect((await follow('GET')).json()).toEqual({ following: true });
    expect(await feedOf()).toContain(`UID:blocking_item.${item.id}@pairline`);
    // Only the follower's own feed changes.
    expect((await follow('GET', journeyId, admin)).json()).toEqual({ following: false });

    expect((await follow('DELETE')).json()).toEqual({ following: false });
    expect((await follow('DELETE')).json()).toEqual({ following: false });
    expect(await feedOf()).not.toContain(`UID:blocking_item.${item.id}@pairline`);
    // Another organisation's or a made-up journey: 404, and nothing written.
    const unknown = await follow('PUT', '00000000-0000-4000-8000-000000000000');
    expect(unknown.json()).toMatchObject({ statusCode: 404, code: 'journey_not_found' });
    expect((await follow('PUT', 'not-a-uuid')).statusCode).toBe(400);
    expect((await app.inject({ method: 'PUT', url: `/api/journeys/${journeyId}/follow` })).statusCode).toBe(401);
    expect(await ownerQuery(app, `SELECT 1 FROM journey_follower WHERE organisation_id = $1`, [org.id])).toEqual([]);
  });

  it('gathers advance reminders into one daily digest per member, grouped by product and journey; overdue ones still go at once', async () => {
    setNow('2028-01-03T10:00:00Z');
    const contributor = await signIn(app, org.members.contributor.email);
    const chosen = await app.inject({ method: 'PUT', url: '/api/reminders/preferences', headers: contributor.headers, payload: { disabledKinds: [], delivery: 'daily' } });
    expect(chosen.json().delivery).toBe('daily');
    const first = await createBlocker('Digest one', '2028-01-12');
    const second = await createBlocker('Digest two', '2028-01-12');
    const mine = () => mailTo(org.members.contributor.email).length;
    const before = mine();
    const sendAt = new Date((await rows(first.id))[0].send_at).getTime();
    await advanceTo(new Date(sendAt + 5_000).toISOString());
    await waitFor(async () => (await rows(second.id))[0].state, (state) => state === 'sent', 15_000, 'the advance reminders');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mine()).toBe(before);
    const dispatcher = app.app.get(ReminderDispatcher, { strict: false });
    setNow('2028-01-11T09:00:00Z');
    expect(await dispatcher.sendDigests()).toBe(1);
    await waitFor(mine, (n) => n === before + 1, 15_000, 'the digest');
    const digest = mailTo(org.members.contributor.email)[before];
    expect(headerOf(digest, 'Subject')).toBe('Your daily Pairline digest: 2 reminders');
    expect(digest.text).toMatch(/CarePlan .{1,9} IM1 Patient with/); // the group heading (its dash arrives quoted-printable)
    expect(digest.text).toContain('Digest one');
    expect(digest.text).toContain('Digest two');
    // Nothing left to gather; and the same day never gets a second digest.
    expect(await dispatcher.sendDigests()).toBe(0);
    // Overdue reminders are not advance notice: they are emailed at once.
    const overdueAt = new Date((await rows(first.id))[2].send_at).getTime();
    await advanceTo(new Date(overdueAt + 5_000).toISOString());
    await waitFor(mine, (n) => n === before + 3, 15_000, 'the overdue reminders');
  });
});
