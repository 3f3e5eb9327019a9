import { Injectable } from '@nestjs/common';
import { ROLES, type Role } from '@pairline/contracts';
import { Provisioning } from '../admin/provisioning';
import { Passwords } from '../auth/passwords';
import { randomSecret } from '../auth/secrets';
import { Db } from '../database/db.service';
import { DemoJourneys } from './demo-journeys';

export interface SeededAccount {
  role: Role;
  email: string;
  name: string;
  password: string;
}

const DEMO_ORGANISATION = { name: 'Demo Health Ltd', odsCode: 'DEMO1' };

const PEOPLE: Record<Role, { local: string; name: string }> = {
  org_admin: { local: 'admin', name: 'Alex Admin' },
  compliance_lead: { local: 'compliance', name: 'Casey Compliance' },
  clinical_safety_officer: { local: 'cso', name: 'Dr Sam Safety' },
  executive: { local: 'exec', name: 'Erin Executive' },
  contributor: { local: 'contributor', name: 'Chris Contributor' },
  auditor: { local: 'auditor', name: 'Avery Auditor' },
};

/**
 * The embedded default's demo data: one organisation with products and journeys, and one account per role, each with a fresh
 * random password that is shown once (never a fixed, guessable one). Runs only on a database with
 * no users at all.
 */
@Injectable()
export class DemoSeed {
  constructor(
    private readonly db: Db,
    private readonly passwords: Passwords,
    private readonly provisioning: Provisioning,
    private readonly journeys: DemoJourneys,
  ) {}

  async seedIfEmpty(): Promise<SeededAccount[] | null> {
    // Across organisations, so through the identity function (the app role sees no account otherwise).
    const [{ any }] = await this.db.transaction((m) => m.query(`SELECT app_has_users() AS "any"`));
    if (any) return null;
    const accounts: SeededAccount[] = [];
    for (const role of ROLES) {
      accounts.push({ role, email: `${PEOPLE[role].local}@demo.pairline.test`, name: PEOPLE[role].name, password: randomSecret(12) });
    }
    const hashes = await Promise.all(accounts.map((a) => this.passwords.hash(a.password)));
    await this.db.transaction(async (manager) => {
      const { organisation, members } = await this.provisioning.organisationWithMembers(
        manager,
        DEMO_ORGANISATION,
        accounts.map((account, i) => ({ email: account.email, name: account.name, passwordHash: hashes[i], role: account.role })),
      );
      const lead = members.find((m) => m.membership.role === 'compliance_lead')!;
      const cso = members.find((m) => m.membership.role === 'clinical_safety_officer')!;
      await this.journeys.seed(organisation.id, { userId: lead.user.id, email: lead.user.email }, { userId: cso.user.id, email: cso.user.email, name: cso.user.name });
    });
    return accounts;
  }
}

export function formatSeededAccounts(accounts: SeededAccount[], url: string): string {
  const width = Math.max(...accounts.map((a) => a.email.length));
  return [
    '',
    `Demo organisation "${DEMO_ORGANISATION.name}" created. Sign in at ${url} with one of these accounts.`,
    'The passwords are shown only this once (change them under Profile):',
    ...accounts.map((a) => `  ${a.email.padEnd(width)}  ${a.password}  (${a.role})`),
    '',
  ].join('\n');
}
