import { expect, request, test, type APIRequestContext } from '@playwright/test';
import { CSRF_HEADER, type SessionDto } from '@pairline/contracts';
import { databaseUrl, withAdmin } from '@pairline/testing';
import { readFileSync } from 'node:fs';
import { STATE_FILE } from '../global-setup';
import { loadAccounts, type Account } from './accounts';
import { signIn } from './session';

async function apiSession(account: Account): Promise<{ api: APIRequestContext; headers: Record<string, string>; session: SessionDto }> {
  const api = await request.newContext({ baseURL: process.env.E2E_BASE_URL });
  expect((await api.post('/api/auth/login', { data: { email: account.email, password: account.password } })).status()).toBe(200);
  const session = (await (await api.get('/api/auth/session')).json()) as SessionDto;
  return { api, headers: { [CSRF_HEADER]: session.csrfToken }, session };
}

const todayInLondon = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());

/**
 * The row the reminder dispatcher writes beside a reminder's emails. The worker only fires at the
 * organisation's send time on working days, so a browser test cannot wait for one; the worker's
 * own path to this row is covered by the reminders API tests against real Redis.
 */
async function notify(organisationId: string, userId: string, itemId: string, dueOn: string, offset: string, title: string, path: string): Promise<void> {
  const { adminUrl, database } = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as { adminUrl: string; database: string };
  await withAdmin(databaseUrl(adminUrl, database), (client) =>
    client.query(
      `INSERT INTO "notification" ("organisation_id", "user_id", "event_id", "item_kind", "title", "body", "path") VALUES ($1, $2, $3, 'blocking_item', $4, $5, $6)`,
      [organisationId, userId, `blocking_item.${itemId}.${offset}.${dueOn}`, title, `Due ${dueOn}.`, path],
    ),
  );
}

test.describe('deadline reminders', () => {
  test('a contributor reads reminders from the bell and the notifications page, sets reminder preferences, and creates and revokes a calendar feed', async ({ page }) => {
    test.setTimeout(60_000);
    const account = loadAccounts().contributor;
    const { api, headers, session } = await apiSession(account);
    try {
      const [journey] = (await (await api.get('/api/journeys?range=[0,0]')).json()) as { id: string }[];
      const dueOn = todayInLondon();
      const title = `Signed DPIA from the provider ${Date.now()}`;
      const created = await api.post('/api/blocking-items', { headers, data: { journeyId: journey.id, title, owedBy: 'us', dueOn, ownerUserId: session.user.id } });
      expect(created.status()).toBe(201);
      const item = (await created.json()) as { id: string };
      const unread = async () => ((await (await api.get('/api/notifications/unread-count')).json()) as { unread: number }).unread;
      const before = await unread();
      const path = `/#/journeys/${journey.id}/show`;
      await notify(session.organisation.id, session.user.id, item.id, dueOn, 'b1', `${title}: due tomorrow`, path);
      await notify(session.organisation.id, session.user.id, item.id, dueOn, 'd0', `${title}: due today`, path);

      await signIn(page, account);
      const count = page.getByTestId('notification-count');
      await expect(count).toHaveAttribute('data-count', String(before + 2));

      // The bell: the newest first; opening one reads it and goes to its journey.
      await page.getByTestId('notification-bell').click();
      const popover = page.getByTestId('notification-popover');
      const items = popover.getByTestId('notification-item');
      await expect(items.first()).toContainText(`${title}: due today`);
      await expect(items.first()).toHaveAttribute('data-unread', 'true');
      await items.first().click();
      await expect(page).toHaveURL(new RegExp(`#/journeys/${journey.id}/show`));
      await expect(count).toHaveAttribute('data-count', String(before + 1));
      expect(await unread()).toBe(before + 1);

      // The page: the other one is still unread until marked read there.
      await page.getByTestId('notification-bell').click();
      await popover.getByTestId('notifications-see-all').click();
      const list = page.getByTestId('notifications-list');
      const tomorrow = list.getByTestId('notification-item').filter({ hasText: `${title}: due tomorrow` });
      await expect(tomorrow).toHaveAttribute('data-unread', 'true');
      await expect(list.getByTestId('notification-item').filter({ hasText: `${title}: due today` })).toHaveAttribute('data-unread', 'false');
      await page.getByRole('button', { name: `Mark "${title}: due tomorrow" read` }).click();
      await expect(tomorrow).toHaveAttribute('data-unread', 'false');
      await expect(count).toHaveAttribute('data-count', String(before));
      expect(await unread()).toBe(before);

      // Preferences: one kind off and a weekly digest, still so after a reload.
      await page.goto('/#/profile');
      const section = page.getByTestId('section-reminder-preferences');
      const blockingItems = section.getByTestId('reminder-kind-blocking_item');
      await expect(blockingItems).toBeChecked();
      await blockingItems.uncheck();
      await section.getByTestId('reminder-delivery-weekly').check();
      await section.getByTestId('save-reminder-preferences').click();
      await expect(section.getByTestId('save-reminder-preferences')).toBeDisabled();
      await page.reload();
      await expect(section.getByTestId('reminder-kind-blocking_item')).not.toBeChecked();
      await expect(section.getByTestId('reminder-delivery-weekly')).toBeChecked();
      const saved = (await (await api.get('/api/reminders/preferences')).json()) as { delivery: string; kinds: { kind: string; enabled: boolean }[] };
      expect(saved.delivery).toBe('weekly');
      expect(saved.kinds.find((k) => k.kind === 'blocking_item')?.enabled).toBe(false);

      // Calendar feed: the address answers an ICS calendar until it is revoked.
      const feed = page.getByTestId('section-calendar-feed');
      await feed.getByTestId('create-calendar-feed').click();
      const url = (await feed.getByTestId('calendar-feed-url').textContent()) ?? '';
      expect(url).toMatch(/\/api\/calendar-feed\/plc_[A-Za-z0-9_-]+\.ics$/);
      // The server writes its configured public URL; the test server answers on its own port.
      const feedPath = new URL(url).pathname;
      const live = await page.request.get(feedPath);
      expect(live.status()).toBe(200);
      expect(live.headers()['content-type']).toContain('text/calendar');
      expect((await live.text()).replace(/\r?\n[ \t]/g, '')).toContain(title);
      await feed.getByTestId('revoke-calendar-feed').click();
      await page.getByTestId('confirm-revoke-calendar-feed').click();
      await expect(feed.getByTestId('calendar-feed-url')).toBeHidden();
      expect((await page.request.get(feedPath)).status()).toBe(404);
    } finally {
      await api.put('/api/reminders/preferences', { headers, data: { disabledKinds: [], delivery: 'immediate' } });
      await api.dispose();
    }
  });

  test('an org admin changes the organisation reminder settings and finds them saved after a reload', async ({ page }) => {
    const account = loadAccounts().org_admin;
    const { api, headers } = await apiSession(account);
    const original = (await (await api.get('/api/reminder-settings')).json()) as Record<string, unknown>;
    try {
      await signIn(page, account);
      await page.goto('/#/organisation');
      const section = page.getByTestId('section-reminder-settings');
      const save = section.getByTestId('save-reminder-settings');
      await expect(save).toBeDisabled();
      await section.getByTestId('reminder-offsets').fill('3, 10');
      await section.getByTestId('reminder-send-time').fill('07:30');
      await section.getByTestId('reminder-escalate-after').fill('4');
      await save.click();
      await expect(save).toBeDisabled();
      await page.reload();
      await expect(section.getByTestId('reminder-offsets')).toHaveValue('10, 3');
      await expect(section.getByTestId('reminder-send-time')).toHaveValue('07:30');
      await expect(section.getByTestId('reminder-escalate-after')).toHaveValue('4');
      expect(await (await api.get('/api/reminder-settings')).json()).toMatchObject({ offsetsBefore: [10, 3], sendMinuteOfDay: 450, escalateAfter: 4 });
      await expect(page.getByTestId('section-failed-emails')).toBeVisible();
    } finally {
      const current = (await (await api.get('/api/reminder-settings')).json()) as { version: number };
      await api.put('/api/reminder-settings', { headers, data: { ...original, version: current.version } });
      await api.dispose();
    }
  });
});
