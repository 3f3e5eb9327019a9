import { expect, test } from '@playwright/test';
import { ALL_QUEUES } from '@pairline/contracts';
import { loadAccounts } from './accounts';
import { signIn } from './session';

// global-setup makes the demo executive a platform operator; the demo org admin is not one.
test.describe('queue dashboard', () => {
  test('a platform operator sees every queue', async ({ page }) => {
    await signIn(page, loadAccounts().executive);
    const response = await page.goto('/admin/queues');
    expect(response?.status()).toBe(200);
    await expect(page).toHaveTitle('Pairline queues');
    for (const name of ALL_QUEUES) {
      await expect(page.getByRole('link', { name, exact: true }).first()).toBeVisible();
    }
  });

  test('an organisation admin who is not an operator is refused', async ({ page }) => {
    await signIn(page, loadAccounts().org_admin);
    const response = await page.goto('/admin/queues');
    expect(response?.status()).toBe(403);
    await expect(page.getByText('only platform operators may see it')).toBeVisible();
  });

  test('signed out, the dashboard asks for a sign-in', async ({ page }) => {
    const response = await page.goto('/admin/queues');
    expect(response?.status()).toBe(401);
  });
});
