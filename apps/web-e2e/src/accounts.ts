import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from '@pairline/contracts';

export interface Account {
  email: string;
  password: string;
  name: string;
}

/**
 * The demo organisation's accounts, one per role, created by global-setup through the same seeding
 * code `npm start` uses, and written here for the tests only.
 */
export function loadAccounts(): Record<Role, Account> {
  return JSON.parse(readFileSync(join(__dirname, '../artifacts/.accounts.json'), 'utf8'));
}
