import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadAccounts } from './accounts';
import { signIn, signOut } from './session';

const artifacts = join(__dirname, '../artifacts');
/** Unique per run, so the test can find its own invitation and audit event. */
const invitee = `invitee-${Date.now()}@example.test`;

test.describe('identity: invitations, the audit log and sign-in errors', () => {
  test.describe.configure({ mode: 'serial' });

  test('an org admin invites a new member', async ({ page }) => {
    await signIn(page, loadAccounts().org_admin);
    await page.getByTestId('menu-members').click();
    await page.getByTestId('invite-member').click();
    await expect(page).toHaveURL(/#\/invitations\/create/);

    // Wait for the form itself: the members list (and its search box) may still be on screen.
    const send = page.getByRole('button', { name: 'Send invitation' });
    await expect(send).toBeVisible();
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill(invitee);
    await page.getByRole('combobox', { name: 'Role', exact: true }).click();
    await page.getByRole('option', { name: 'Contributor' }).click();
    await send.click();

    await expect(page).toHaveURL(/#\/invitations(\?|$)/);
    const row = page.locator('tbody tr', { hasText: invitee });
    await expect(row).toBeVisible();
    await expect(row.getByTestId('invitation-status')).toHaveText('Pending');
    await expect(row.getByTestId('role-chip')).toHaveText('Contributor');
    await page.screenshot({ path: join(artifacts, 'identity-invitation.png'), fullPage: true });
    await signOut(page);
  });

  test('the auditor finds the invitation in the audit log, exports it and verifies the chain', async ({ page }) => {
    await signIn(page, loadAccounts().auditor);
    await page.getByTestId('menu-audit-events').click();
    await expect(page).toHaveURL(/#\/audit-events/);

    await page.getByRole('textbox', { name: 'Action' }).fill('invitation.created');
    const event = page.locator('tbody tr', { has: page.getByTestId('audit-action').filter({ hasText: 'invitation.created' }) });
    await expect(event.first()).toBeVisible();
    // Every row left after filtering is an invitation.created event.
    const actions = page.getByTestId('audit-action');
    await expect(actions.first()).toHaveText('invitation.created');
    expect(new Set(await actions.allTextContents())).toEqual(new Set(['invitation.created']));
    await page.screenshot({ path: join(artifacts, 'identity-audit-log.png'), fullPage: true });

    const downloadPromise = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const path = await download.path();
    const csv = await readFile(path, 'utf8');
    expect(csv.length).toBeGreaterThan(0);
    const [header, ...rows] = csv.replace(/^\uFEFF/, '').split(/\r?\n/).filter((line) => line.trim() !== '');
    // A header row of column names (no data), then the filtered events.
    expect(header).toMatch(/action/i);
    expect(header).not.toContain('invitation.created');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((line) => line.includes('invitation.created'))).toBe(true);

    await page.getByRole('button', { name: 'Verify chain' }).click();
    const result = page.getByTestId('audit-verify-result');
    await expect(result).toBeVisible();
    await expect(result).toHaveAttribute('data-ok', 'true');
    await expect(result).toContainText(/chain ok/i);
    await page.screenshot({ path: join(artifacts, 'identity-audit-verify.png') });
    await page.getByRole('button', { name: 'Close' }).click();
    await signOut(page);
  });

  test('a wrong password gets a generic error that does not say which part was wrong', async ({ page }) => {
    const account = loadAccounts().executive;
    await page.goto('/#/login');
    await page.getByLabel('Email').fill(account.email);
    await page.getByLabel('Password').fill(`${account.password}-wrong`);
    let answer = page.waitForResponse((response) => response.url().endsWith('/api/auth/login'));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    expect((await answer).status()).toBe(401);
    const error = page.getByTestId('login-error');
    await expect(error).toBeVisible();
    const wrongPassword = (await error.textContent())?.trim();
    await expect(page.getByTestId('current-organisation')).toHaveCount(0);

    // An unknown email gets exactly the same words.
    await page.getByLabel('Email').fill(`nobody-${Date.now()}@example.test`);
    await page.getByLabel('Password').fill(account.password);
    answer = page.waitForResponse((response) => response.url().endsWith('/api/auth/login'));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    expect((await answer).status()).toBe(401);
    await expect(error).toHaveText(wrongPassword ?? '');
    expect(wrongPassword).not.toMatch(/unknown|no such|not found|does not exist|wrong password/i);
    await page.screenshot({ path: join(artifacts, 'identity-login-error.png') });
  });

  test('an invitation link with an unknown token says so', async ({ page }) => {
    // Long enough to pass the API's shape check, so this exercises the "no such invitation" answer.
    await page.goto('/#/accept-invitation?token=not-a-real-invitation-token-0123456789abcdef');
    await expect(page.getByTestId('invitation-problem')).toContainText(/not valid/i);
    await expect(page.getByLabel('Email')).toHaveCount(0);
  });

  test('the new-password field shows its strength and refuses a breached password before sending it', async ({ page }) => {
    await signIn(page, loadAccounts().executive);
    await page.goto('/#/profile');
    const strength = page.getByTestId('password-strength');
    await page.getByLabel(/^New password/).fill('password1234');
    await expect(strength).toContainText(/easy to guess.*common and breached/i);
    await page.getByLabel(/^New password/).fill('tangerine cobbled lighthouse ferry');
    await expect(strength).toContainText(/very hard to guess/i);
    await expect(strength).not.toContainText(/the password/i);
    // No sign-out: the next test has a browser context of its own, and signing out from this page races its redraw.
    await page.screenshot({ path: join(artifacts, 'identity-password-strength.png') });
  });
});
