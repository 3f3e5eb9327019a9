import { Injectable } from '@nestjs/common';
import type { AuditVerificationDto } from '@pairline/contracts';
import { DomainError } from '@pairline/domain';
import { AuditTrail } from '../audit/audit.service';
import { normaliseEmail } from '../auth/auth.service';
import { Passwords } from '../auth/passwords';
import { randomSecret } from '../auth/secrets';
import { Db } from '../database/db.service';
import { UsersService } from '../users/users.service';
import { Provisioning } from './provisioning';

/** Operations for the command line: creating the first admin in production, checking the audit trail. */
@Injectable()
export class AdminCommands {
  constructor(
    private readonly db: Db,
    private readonly passwords: Passwords,
    private readonly users: UsersService,
    private readonly provisioning: Provisioning,
    private readonly audit: AuditTrail,
  ) {}

  /** A new organisation and its first org_admin. Returns the password (generated when not given). */
  async createAdmin(input: { organisation: string; odsCode: string | null; email: string; name: string; password?: string }) {
    const password = input.password ?? randomSecret(15);
    await this.passwords.assertAcceptable(password, { email: input.email, name: input.name });
    const passwordHash = await this.passwords.hash(password);
    const email = normaliseEmail(input.email);
    return this.db.transaction(async (manager) => {
      if (await this.users.findByEmail(manager, email)) throw new DomainError('conflict', 'email_taken', `A user with email ${email} already exists.`);
      const { organisation, members } = await this.provisioning.organisationWithMembers(manager, { name: input.organisation, odsCode: input.odsCode }, [
        { email, name: input.name, passwordHash, role: 'org_admin' },
      ]);
      return { organisationId: organisation.id, userId: members[0].user.id, email, password, generated: input.password === undefined };
    });
  }

  verifyAudit(organisationId: string): Promise<AuditVerificationDto> {
    return this.audit.verify(organisationId);
  }
}
