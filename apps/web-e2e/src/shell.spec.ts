import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { loadAccounts } from './accounts';
import { signIn } from './session';

const artifacts = join(__dirname, '../artifacts');

test('asks for sign-in, then opens the react-admin shell with live health and the dashboard', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByLabel('Email')).toBeVisible();
  await expect(page).toHaveTitle(/Pairline/);

  await signIn(page, loadAccounts().executive);
  await expect(page.getByTestId('dashboard')).toBeVisible();
  // The health panel reads /api/health from the same origin the page came from.
  await expect(page.getByTestId('health-database')).toContainText(/up/i);
  await expect(page.getByTestId('health-queue')).toContainText(/up/i);
  await page.screenshot({ path: join(artifacts, 'shell-dashboard.png'), fullPage: true });
});

test('lists provider suppliers through the API, with search and the unconfirmed flag', async ({ page }) => {
  await signIn(page, loadAccounts().contributor);
  await page.getByRole('menuitem', { name: /provider suppliers/i }).click();
  const rows = page.locator('tbody tr');
  await expect(rows).toHaveCount(4);
  await expect(page.getByText('SystmOne')).toBeVisible();
  await expect(page.getByText(/status unconfirmed/i)).toHaveCount(1);
  await page.screenshot({ path: join(artifacts, 'provider-suppliers.png'), fullPage: true });

  await page.getByPlaceholder(/search/i).fill('systm');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('TPP');

  await rows.first().click();
  await expect(page.getByText('SystmOne').first()).toBeVisible();
  await expect(page).toHaveURL(/provider-suppliers\/tpp\/show/);
});
