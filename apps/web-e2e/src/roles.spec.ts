import { expect, test } from '@playwright/test';
import { ROLE_LABELS, ROLE_PERMISSIONS, ROLES, type Permission, type Role } from '@pairline/contracts';
import { join } from 'node:path';
import { loadAccounts } from './accounts';
import { signIn, signOut } from './session';

const artifacts = join(__dirname, '../artifacts');

const allows = (role: Role, permission: Permission) => ROLE_PERMISSIONS[role].includes(permission);

test.describe('what each role sees', () => {
  for (const role of ROLES) {
    test(`${role} (${ROLE_LABELS[role]}): menu and member actions follow the permission matrix`, async ({ page }) => {
      const account = loadAccounts()[role];
      await signIn(page, account);

      // The menu is drawn from the session, so once the dashboard entry is there the rest is too.
      const membersEntry = page.getByTestId('menu-members');
      const auditEntry = page.getByTestId('menu-audit-events');
      const invitationsEntry = page.getByTestId('menu-invitations');
      await expect(page.getByTestId('menu-profile')).toBeVisible();

      if (allows(role, 'members.read')) await expect(membersEntry).toBeVisible();
      else await expect(membersEntry).toHaveCount(0);
      if (allows(role, 'audit.read')) await expect(auditEntry).toBeVisible();
      else await expect(auditEntry).toHaveCount(0);
      if (allows(role, 'members.manage')) await expect(invitationsEntry).toBeVisible();
      else await expect(invitationsEntry).toHaveCount(0);

      if (allows(role, 'members.read')) {
        await membersEntry.click();
        await expect(page).toHaveURL(/#\/members/);
        // The signed-in user is a member, so the list has at least their row.
        await expect(page.getByRole('cell', { name: account.email })).toBeVisible();
        const invite = page.getByTestId('invite-member');
        if (allows(role, 'members.manage')) await expect(invite).toBeVisible();
        else await expect(invite).toHaveCount(0);
        // Role chips: the user's own row shows their role.
        const ownRow = page.locator('tbody tr', { hasText: account.email });
        await expect(ownRow.getByTestId('role-chip')).toHaveText(ROLE_LABELS[role]);
      }

      await page.screenshot({ path: join(artifacts, `role-${role}.png`), fullPage: true });
      await signOut(page);
    });
  }
});
