import { expect, test, type Page } from '@playwright/test';
import type { Account } from './accounts';

const isLogin = (url: string, method: string) => method === 'POST' && new URL(url).pathname === '/api/auth/login';

/**
 * Signs in through the login page and waits for the app shell (organisation name in the app bar).
 * The API allows a handful of login attempts per minute per address; the whole suite signs in more
 * often than that, so a 429 is waited out (Retry-After) rather than failing the test.
 */
export async function signIn(page: Page, account: Pick<Account, 'email' | 'password'>): Promise<void> {
  await page.goto('/#/login');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  for (let attempt = 1; ; attempt++) {
    const answer = page.waitForResponse((response) => isLogin(response.url(), response.request().method()));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const response = await answer;
    if (response.status() !== 429 || attempt === 3) break;
    const seconds = Math.min(Number(response.headers()['retry-after']) || 60, 120);
    test.info().setTimeout(test.info().timeout + (seconds + 15) * 1000);
    await page.waitForTimeout(seconds * 1000 + 500);
  }
  await expect(page.getByTestId('current-organisation')).toBeVisible();
  await expect(page.getByTestId('menu-dashboard')).toBeVisible();
}

/** Signs out through the account menu and waits for the login page. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('menuitem', { name: /log ?out/i }).click();
  await expect(page.getByLabel('Email')).toBeVisible();
}
