import { ALL_QUEUES, EmailJob, QueueName } from '@pairline/contracts';
import { Provisioning } from '../admin/provisioning';
import { Passwords } from '../auth/passwords';
import { Db } from '../database/db.service';
import { createOrganisation, signIn, TEST_PASSWORD, type SignedIn } from '../testing/identity-fixtures';
import { queueOf } from '../testing/reminder-fixtures';
import { startTestApp, type TestApp } from '../testing/test-app';
import { QUEUE_DASHBOARD_PATH } from './queue-dashboard';

interface DashboardQueue {
  name: string;
  counts: Record<string, number>;
  readOnlyMode: boolean;
}

describe('queue dashboard', () => {
  describe('with Redis', () => {
    const operatorEmail = 'operator@example.org';
    let app: TestApp;
    let operator: SignedIn;
    let otherAdmin: SignedIn;
    let homeAdmin: SignedIn;

    beforeAll(async () => {
      app = await startTestApp({ PLATFORM_OPERATOR_EMAILS: ' Operator@Example.org , someone-else@example.org' });
      // The operator is a contributor of an organisation that also has an org admin: the right comes
      // from the configured list, not from a role.
      const passwordHash = await app.app.get(Passwords).hash(TEST_PASSWORD);
      await app.app.get(Db).transaction((manager) =>
        app.app.get(Provisioning).organisationWithMembers(manager, { name: 'Operator Home', odsCode: null }, [
          { email: operatorEmail, name: 'Platform Operator', passwordHash, role: 'contributor' },
          { email: 'home-admin@example.org', name: 'Home Admin', passwordHash, role: 'org_admin' },
        ]),
      );
      const other = await createOrganisation(app, 'Other Customer');
      [operator, otherAdmin, homeAdmin] = await Promise.all([
        signIn(app, operatorEmail),
        signIn(app, other.members.org_admin.email),
        signIn(app, 'home-admin@example.org'),
      ]);
    });
    afterAll(() => app.close());

    const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

    it('answers 401 without a session, for the page, its API and its static files', async () => {
      for (const url of [QUEUE_DASHBOARD_PATH, `${QUEUE_DASHBOARD_PATH}/`, `${QUEUE_DASHBOARD_PATH}/api/queues`, `${QUEUE_DASHBOARD_PATH}/static/favicon-32x32.png`]) {
        const response = await get(url);
        expect({ url, status: response.statusCode, code: response.json().code }).toEqual({ url, status: 401, code: 'unauthenticated' });
      }
    });

    it('refuses org admins who are not platform operators, of any organisation', async () => {
      for (const admin of [otherAdmin, homeAdmin]) {
        for (const url of [QUEUE_DASHBOARD_PATH, `${QUEUE_DASHBOARD_PATH}/api/queues`, `${QUEUE_DASHBOARD_PATH}/queue/${QueueName.Email}`]) {
          const response = await get(url, { cookie: admin.cookie });
          expect({ url, status: response.statusCode, code: response.json().code }).toEqual({ url, status: 403, code: 'platform_operator_required' });
        }
      }
    });

    it('refuses an API token, even the operator\'s', async () => {
      const created = await app.inject({ method: 'POST', url: '/api/api-tokens', headers: operator.headers, payload: { name: 'ops', role: 'contributor' } });
      expect(created.statusCode).toBe(201);
      const response = await get(`${QUEUE_DASHBOARD_PATH}/api/queues`, { authorization: `Bearer ${created.json().token}` });
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('platform_operator_session_required');
    });

    it('shows the operator the dashboard page and its static files', async () => {
      const page = await get(QUEUE_DASHBOARD_PATH, { cookie: operator.cookie });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.body).toContain('<title>Pairline queues</title>');
      expect(page.body).toContain(`<base href="${QUEUE_DASHBOARD_PATH}/" />`);
      const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(page.body);
      expect(script).not.toBeNull();
      const asset = await get(`${QUEUE_DASHBOARD_PATH}/${script![1]}`, { cookie: operator.cookie });
      expect(asset.statusCode).toBe(200);
      // A client-side route of the dashboard reloads into the same page, not the web app's.
      const queuePage = await get(`${QUEUE_DASHBOARD_PATH}/queue/${QueueName.Reminders}`, { cookie: operator.cookie });
      expect(queuePage.statusCode).toBe(200);
      expect(queuePage.body).toContain('<title>Pairline queues</title>');
    });

    it('lists every queue the app registers, with its job counts', async () => {
      const job = await queueOf(app, QueueName.Email).add(EmailJob.Send, { outboxId: 'dashboard-test' }, { jobId: 'dashboard-test', delay: 3_600_000 });
      try {
        const response = await get(`${QUEUE_DASHBOARD_PATH}/api/queues`, { cookie: operator.cookie });
        expect(response.statusCode).toBe(200);
        const queues = response.json().queues as DashboardQueue[];
        expect(queues.map((q) => q.name).sort()).toEqual([...ALL_QUEUES].sort());
        const email = queues.find((q) => q.name === QueueName.Email)!;
        expect(email.counts.delayed).toBe(1);
        expect(email.counts).toEqual(expect.objectContaining({ waiting: expect.any(Number), active: expect.any(Number), failed: expect.any(Number), completed: expect.any(Number) }));
        expect(queues.every((q) => q.readOnlyMode)).toBe(true);
      } finally {
        await job.remove();
      }
    });

    it('is read-only, whatever the UI sends', async () => {
      const response = await app.inject({ method: 'PUT', url: `${QUEUE_DASHBOARD_PATH}/api/queues/pause`, headers: operator.headers, payload: {} });
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('queue_dashboard_read_only');
      expect(await queueOf(app, QueueName.Email).isPaused()).toBe(false);
    });

    it('answers 404 for a path of its own it does not know, not the web app', async () => {
      const response = await get(`${QUEUE_DASHBOARD_PATH}/no-such-page`, { cookie: operator.cookie });
      expect(response.statusCode).toBe(404);
      expect(response.json().message).toMatch(/No queue dashboard page/);
    });

    it('ends with the session: a signed-out operator is refused', async () => {
      const again = await signIn(app, operatorEmail);
      expect((await get(`${QUEUE_DASHBOARD_PATH}/api/queues`, { cookie: again.cookie })).statusCode).toBe(200);
      expect((await app.inject({ method: 'POST', url: '/api/auth/logout', headers: again.headers })).statusCode).toBeLessThan(300);
      expect((await get(`${QUEUE_DASHBOARD_PATH}/api/queues`, { cookie: again.cookie })).statusCode).toBe(401);
    });
  });

  describe('without Redis', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ REDIS_URL: undefined });
    });
    afterAll(() => app.close());

    it('has no dashboard, and says why', async () => {
      for (const url of [QUEUE_DASHBOARD_PATH, `${QUEUE_DASHBOARD_PATH}/api/queues`]) {
        const response = await app.inject({ method: 'GET', url });
        expect(response.statusCode).toBe(404);
        expect(response.json().message).toMatch(/queue dashboard is off.*No Redis configured/);
      }
    });
  });
});
