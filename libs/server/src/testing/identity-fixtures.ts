/** Test-only: organisations, members and signed-in sessions made through the real services. */
import { CSRF_HEADER, ROLES, SESSION_COOKIE, type Role, type SessionDto } from '@pairline/contracts';
import { randomBytes } from 'node:crypto';
import { Provisioning } from '../admin/provisioning';
import { Passwords } from '../auth/passwords';
import { Db } from '../database/db.service';
import type { TestApp } from './test-app';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestMember {
  userId: string;
  membershipId: string;
  email: string;
  role: Role;
}

export interface TestOrganisation {
  id: string;
  name: string;
  members: Record<Role, TestMember>;
}

let passwordHash: Promise<string> | undefined;

/** An organisation with one member per role, all with TEST_PASSWORD. */
export async function createOrganisation(app: TestApp, name = `Org ${randomBytes(3).toString('hex')}`): Promise<TestOrganisation> {
  passwordHash ??= app.app.get(Passwords).hash(TEST_PASSWORD);
  const hash = await passwordHash;
  const tag = randomBytes(4).toString('hex');
  const people = ROLES.map((role) => ({ email: `${role.replace(/_/g, '-')}-${tag}@example.org`, name: `${role} ${tag}`, passwordHash: hash, role }));
  return app.app.get(Db).transaction(async (manager) => {
    const created = await app.app.get(Provisioning).organisationWithMembers(manager, { name, odsCode: null }, people);
    const members = {} as Record<Role, TestMember>;
    created.members.forEach(({ user, membership }) => {
      members[membership.role] = { userId: user.id, membershipId: membership.id, email: user.email, role: membership.role };
    });
    return { id: created.organisation.id, name, members };
  });
}

export interface SignedIn {
  cookie: string;
  csrf: string;
  session: SessionDto;
  /** Headers for a cookie-authenticated write. */
  headers: Record<string, string>;
}

export async function signIn(app: TestApp, email: string, password = TEST_PASSWORD, extra: Record<string, unknown> = {}): Promise<SignedIn> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password, ...extra } });
  if (response.statusCode !== 200) throw new Error(`login of ${email} failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error('no session cookie');
  const session = response.json() as SessionDto;
  const header = `${SESSION_COOKIE}=${cookie.value}`;
  return { cookie: header, csrf: session.csrfToken, session, headers: { cookie: header, [CSRF_HEADER]: session.csrfToken } };
}
