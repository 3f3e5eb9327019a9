import { expect, type Page } from '@playwright/test';
import type { Account } from './accounts';

/** Signs in through the login page and waits for the app shell (organisation name in the app bar). */
export async function signIn(page: Page, account: Pick<Account, 'email' | 'password'>): Promise<void> {
  await page.goto('/#/login');
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByTestId('current-organisation')).toBeVisible();
  await expect(page.getByTestId('menu-dashboard')).toBeVisible();
}

/** Signs out through the account menu and waits for the login page. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('menuitem', { name: /log ?out/i }).click();
  await expect(page.getByLabel('Email')).toBeVisible();
}
