import { Injectable } from '@nestjs/common';
import { isRole, permissionsOf, type OrganisationSummary, type SessionDto, type MfaSetupDto } from '@pairline/contracts';
import { DomainError } from '@pairline/domain';
import type { EntityManager } from 'typeorm';
import { AuditTrail, authorOf, type AuditAuthor } from '../audit/audit.service';
import { Db } from '../database/db.service';
import { tenantOf, type Actor, type RequestOrigin } from './actor';
import type { ChangePasswordDto, LoginDto } from './dto';
import { Passwords } from './passwords';
import { Sessions } from './sessions.service';
import { Totp } from './totp';
import { TotpSecrets } from './totp-secrets';

interface UserSecrets {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  totp_secret: string | null;
  totp_enabled: boolean;
  totp_last_step: string | null;
}

const MFA_REQUIRED = () => new DomainError('unauthenticated', 'mfa_required', 'Enter the six-digit code from your authenticator app.');
const INVALID = () => new DomainError('unauthenticated', 'invalid_credentials', 'Email or password is not correct.');

/** A token acts for its owner in one organisation; it must not be able to take the account over. */
function assertSignedIn(actor: Actor, what: string): void {
  if (actor.via === 'api_token') throw new DomainError('forbidden', 'token_cannot_change_credentials', `API tokens cannot ${what}; sign in to do it.`);
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

@Injectable()
export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly sessions: Sessions,
    private readonly passwords: Passwords,
    private readonly totp: Totp,
    private readonly totpSecrets: TotpSecrets,
    private readonly audit: AuditTrail,
  ) {}

  /** The time step of a right code for this user's sealed secret, or null. */
  private verifyCode(user: Pick<UserSecrets, 'id' | 'totp_secret'>, code: string): number | null {
    return this.totp.verify(this.totpSecrets.open(user.id, user.totp_secret!), code);
  }

  /**
   * An account's credentials: by email through `app_user_sign_in` (no organisation is known yet,
   * and the request role sees no account outside its own), by id under row-level security, which
   * needs `app.user_id` set to that user.
   */
  private async userSecrets(manager: EntityManager, where: { email: string } | { id: string }): Promise<UserSecrets | undefined> {
    const rows: UserSecrets[] =
      'email' in where
        ? await manager.query(`SELECT "id", "email", "name", "password_hash", "totp_secret", "totp_enabled", "totp_last_step" FROM app_user_sign_in($1)`, [where.email])
        : await manager.query(`SELECT "id", "email", "name", "password_hash", "totp_secret", "totp_enabled", "totp_last_step" FROM "app_user" WHERE "id" = $1`, [where.id]);
    return rows[0];
  }

  /** The organisations a user belongs to; needs `app.user_id` set in the transaction. */
  async organisationsOf(manager: EntityManager, userId: string): Promise<OrganisationSummary[]> {
    const rows: { id: string; name: string; ods_code: string | null; role: string }[] = await manager.query(
      `SELECT o."id", o."name", o."ods_code", m."role"
         FROM "membership" m JOIN "organisation" o ON o."id" = m."organisation_id"
        WHERE m."user_id" = $1 ORDER BY o."name", o."id"`,
      [userId],
    );
    return rows.filter((r) => isRole(r.role)).map((r) => ({ id: r.id, name: r.name, odsCode: r.ods_code, role: r.role as OrganisationSummary['role'] }));
  }

  /** Everything the web app needs to know about the signed-in user in the current organisation. */
  async describe(manager: EntityManager, userId: string, organisationId: string, csrfToken: string): Promise<SessionDto> {
    const user = await this.userSecrets(manager, { id: userId });
    const organisations = await this.organisationsOf(manager, userId);
    const current = organisations.find((o) => o.id === organisationId);
    const [org] = await manager.query(`SELECT "mfa_required" FROM "organisation" WHERE "id" = $1`, [organisationId]);
    if (!user || !current || !org) throw new DomainError('unauthenticated', 'unauthenticated', 'Sign in again.');
    return {
      user: { id: user.id, email: user.email, name: user.name, mfaEnabled: user.totp_enabled },
      organisation: { id: current.id, name: current.name, odsCode: current.odsCode, mfaRequired: org.mfa_required },
      role: current.role,
      permissions: [...permissionsOf(current.role)],
      organisations,
      csrfToken,
      mfaSetupRequired: org.mfa_required && !user.totp_enabled,
    };
  }

  /**
   * One step: email, password and, for an account with two-factor authentication, the code. Such
   * an account answers `mfa_required` to any attempt without a code, right password or wrong, so
   * the password cannot be tested on its own; with a code, a wrong password and a wrong code
   * answer alike. Naming an organisation the account does not belong to is refused, not quietly
   * replaced by another.
   */
  async login(dto: LoginDto, origin: RequestOrigin): Promise<{ token: string; session: SessionDto }> {
    const email = normaliseEmail(dto.email);
    const found = await this.db.transaction((manager) => this.userSecrets(manager, { email }));
    // Hashing happens outside any transaction: ~30 ms of CPU must not hold a pooled connection.
    const passwordOk = await this.passwords.verify(found?.password_hash ?? null, dto.password);
    const mfa = !!found && found.totp_enabled && !!found.totp_secret;
    if (!found || !passwordOk) {
      await this.recordFailure(email, found?.id ?? null, origin, 'password');
      if (mfa && !dto.totp) throw MFA_REQUIRED();
      throw INVALID();
    }
    let totpStep: number | null = null;
    if (mfa) {
      if (!dto.totp) throw MFA_REQUIRED();
      totpStep = this.verifyCode(found, dto.totp);
      if (totpStep === null || (found.totp_last_step !== null && totpStep <= Number(found.totp_last_step))) {
        await this.recordFailure(email, found.id, origin, 'totp');
        throw INVALID();
      }
    }
    return this.db.transaction(
      async (manager) => {
        const organisations = await this.organisationsOf(manager, found.id);
        const organisation = dto.organisationId === undefined ? organisations[0] : organisations.find((o) => o.id === dto.organisationId);
        if (!organisation && dto.organisationId !== undefined) {
          throw new DomainError('forbidden', 'not_a_member', 'This account is not a member of that organisation: sign in without organisationId, or with one of yours.', { field: 'organisationId' });
        }
        if (!organisation) throw new DomainError('forbidden', 'no_organisation', 'This account is not a member of any organisation.');
        await this.db.setTenant(manager, { organisationId: organisation.id, userId: found.id });
        if (totpStep !== null) await manager.query(`UPDATE "app_user" SET "totp_last_step" = $1 WHERE "id" = $2`, [totpStep, found.id]);
        const { token, session } = await this.sessions.create(manager, found.id, organisation.id, origin);
        await this.audit.record(manager, this.author(organisation.id, found, origin), { action: 'auth.login_succeeded', entityType: 'user', entityId: found.id, changes: null });
        return { token, session: await this.describe(manager, found.id, organisation.id, session.csrfToken) };
      },
      { userId: found.id },
    );
  }

  private author(organisationId: string, user: { id: string; email: string }, origin: RequestOrigin): AuditAuthor {
    return { organisationId, userId: user.id, label: user.email, requestId: origin.requestId, ip: origin.ip };
  }

  /**
   * A failed login is recorded in the audit trail of every organisation of the account it named
   * (so each organisation's admins see attempts on their members), or as a security event when
   * no such account exists.
   */
  private recordFailure(email: string, userId: string | null, origin: RequestOrigin, factor: 'password' | 'totp'): Promise<void> {
    return this.db.transaction(
      async (manager) => {
        if (!userId) {
          // Insert-only for the app role: no RETURNING, which would need to read the row back.
          await manager.query(`INSERT INTO "security_event" ("occurred_at", "kind", "email", "ip", "request_id") VALUES (now(), 'login_failed_unknown_email', $1, $2, $3)`, [email.slice(0, 320), origin.ip, origin.requestId]);
          return;
        }
        for (const organisation of await this.organisationsOf(manager, userId)) {
          await this.db.setTenant(manager, { organisationId: organisation.id, userId });
          await this.audit.record(manager, { organisationId: organisation.id, userId, label: email, requestId: origin.requestId, ip: origin.ip }, {
            action: 'auth.login_failed',
            entityType: 'user',
            entityId: userId,
            changes: { factor: { after: factor } },
          });
        }
      },
      { userId: userId ?? undefined },
    );
  }

  async session(actor: Actor, csrfToken: string | null): Promise<SessionDto> {
    return this.db.transaction((manager) => this.describe(manager, actor.userId, actor.organisationId, csrfToken ?? ''), { organisationId: actor.organisationId, userId: actor.userId });
  }

  async logout(actor: Actor): Promise<void> {
    if (!actor.sessionId) return;
    await this.db.transaction(
      async (manager) => {
        await this.sessions.revoke(manager, actor.sessionId!);
        await this.audit.record(manager, authorOf(actor), { action: 'auth.logout', entityType: 'user', entityId: actor.userId });
      },
      { organisationId: actor.organisationId, userId: actor.userId },
    );
  }

  async switchOrganisation(actor: Actor, organisationId: string): Promise<SessionDto> {
    if (!actor.sessionId) throw new DomainError('invalid', 'not_a_session', 'API tokens are bound to one organisation.');
    return this.db.transaction(
      async (manager) => {
        const organisations = await this.organisationsOf(manager, actor.userId);
        // Not a member: answer as if the organisation did not exist.
        if (!organisations.some((o) => o.id === organisationId)) throw new DomainError('not_found', 'organisation_not_found', 'No such organisation.');
        await this.db.setTenant(manager, { organisationId, userId: actor.userId });
        const csrfToken = await this.sessions.switchOrganisation(manager, actor.sessionId!, organisationId);
        await this.audit.record(manager, { ...authorOf(actor), organisationId }, {
          action: 'auth.organisation_switched',
          entityType: 'user',
          entityId: actor.userId,
          // This trail is organisation B's: it records arriving in B, not where the user came from.
          changes: { organisationId: { after: organisationId } },
        });
        return this.describe(manager, actor.userId, organisationId, csrfToken);
      },
      { userId: actor.userId },
    );
  }

  /** `dto` is validated already (length rules in ChangePasswordDto). */
  async changePassword(actor: Actor, dto: ChangePasswordDto): Promise<{ revokedSessions: number }> {
    assertSignedIn(actor, 'change the password');
    const user = await this.db.transaction((manager) => this.userSecrets(manager, { id: actor.userId }), tenantOf(actor));
    if (!user || !(await this.passwords.verify(user.password_hash, dto.currentPassword))) {
      throw new DomainError('invalid', 'wrong_password', 'The current password is not correct.', { field: 'currentPassword' });
    }
    await this.passwords.assertAcceptable(dto.newPassword, { email: actor.email, name: user.name, currentPassword: dto.currentPassword }, 'newPassword');
    const passwordHash = await this.passwords.hash(dto.newPassword);
    return this.db.transaction(
      async (manager) => {
        await manager.query(`UPDATE "app_user" SET "password_hash" = $1, "password_changed_at" = now(), "updated_at" = now() WHERE "id" = $2`, [passwordHash, actor.userId]);
        const revokedSessions = await this.sessions.revokeOthers(manager, actor.userId, actor.sessionId);
        await this.audit.record(manager, authorOf(actor), {
          action: 'user.password_changed',
          entityType: 'user',
          entityId: actor.userId,
          changes: { password: { before: '[redacted]', after: '[redacted]' }, otherSessionsRevoked: { after: revokedSessions } },
        });
        return { revokedSessions };
      },
      { organisationId: actor.organisationId, userId: actor.userId },
    );
  }

  /**
   * Proves the signed-in user is at the keyboard for a sign-off: their current TOTP code when MFA
   * is on (a code already used cannot be replayed), otherwise their password. 403, not 401: the
   * session stays valid, only this action is refused. Both proofs at once are refused: checking one
   * would accept the other unchecked (a wrong password beside a right code), and the audit must name
   * the one that was checked. Answers the proof checked.
   */
  async confirmPresence(manager: EntityManager, userId: string, proof: { readonly password?: string; readonly totp?: string }): Promise<'password' | 'totp'> {
    if (proof.password !== undefined && proof.totp !== undefined) {
      throw new DomainError('invalid', 'reauthentication_ambiguous', 'Send either password or totp, not both: the code when two-factor authentication is on, otherwise the password.', { field: 'password' });
    }
    const user = await this.userSecrets(manager, { id: userId });
    if (user?.totp_enabled && user.totp_secret) {
      if (!proof.totp) throw new DomainError('forbidden', 'reauthentication_required', 'totp: enter the six-digit code from your authenticator app to sign.', { field: 'totp' });
      const step = this.verifyCode(user, proof.totp);
      if (step === null || (user.totp_last_step !== null && step <= Number(user.totp_last_step))) {
        throw new DomainError('forbidden', 'reauthentication_failed', 'totp: that code is not valid or was already used.', { field: 'totp' });
      }
      await manager.query(`UPDATE "app_user" SET "totp_last_step" = $1 WHERE "id" = $2`, [step, userId]);
      return 'totp';
    }
    if (!proof.password) throw new DomainError('forbidden', 'reauthentication_required', 'password: re-enter your password to sign.', { field: 'password' });
    if (!(await this.passwords.verify(user?.password_hash ?? null, proof.password))) {
      throw new DomainError('forbidden', 'reauthentication_failed', 'password: the password is not correct.', { field: 'password' });
    }
    return 'password';
  }

  async mfaSetup(actor: Actor): Promise<MfaSetupDto> {
    assertSignedIn(actor, 'set up two-factor authentication');
    const secret = this.totp.newSecret();
    await this.db.transaction(async (manager) => {
      const user = await this.userSecrets(manager, { id: actor.userId });
      if (user?.totp_enabled) throw new DomainError('conflict', 'mfa_already_enabled', 'Two-factor authentication is already on; turn it off first to replace it.');
      await manager.query(`UPDATE "app_user" SET "totp_secret" = $1, "updated_at" = now() WHERE "id" = $2`, [this.totpSecrets.seal(actor.userId, secret), actor.userId]);
    }, { organisationId: actor.organisationId, userId: actor.userId });
    return { secret, otpauthUrl: this.totp.uri(secret, actor.email) };
  }

  async mfaEnable(actor: Actor, code: string): Promise<void> {
    assertSignedIn(actor, 'turn on two-factor authentication');
    await this.db.transaction(async (manager) => {
      const user = await this.userSecrets(manager, { id: actor.userId });
      if (!user?.totp_secret) throw new DomainError('unprocessable', 'mfa_not_set_up', 'Start two-factor setup first.');
      if (user.totp_enabled) throw new DomainError('conflict', 'mfa_already_enabled', 'Two-factor authentication is already on.');
      const step = this.verifyCode(user, code);
      if (step === null) throw new DomainError('invalid', 'mfa_code_invalid', 'That code is not valid; check your device clock and try the current code.', { field: 'code' });
      await manager.query(`UPDATE "app_user" SET "totp_enabled" = true, "totp_last_step" = $1, "updated_at" = now() WHERE "id" = $2`, [step, actor.userId]);
      await this.audit.record(manager, authorOf(actor), { action: 'user.mfa_enabled', entityType: 'user', entityId: actor.userId, changes: { mfaEnabled: { before: false, after: true } } });
    }, { organisationId: actor.organisationId, userId: actor.userId });
  }

  async mfaDisable(actor: Actor, password: string): Promise<void> {
    assertSignedIn(actor, 'turn off two-factor authentication');
    const user = await this.db.transaction((manager) => this.userSecrets(manager, { id: actor.userId }), tenantOf(actor));
    if (!user || !(await this.passwords.verify(user.password_hash, password))) {
      throw new DomainError('invalid', 'wrong_password', 'The password is not correct.', { field: 'password' });
    }
    await this.db.transaction(async (manager) => {
      const required = await manager.query(
        `SELECT o."name" FROM "membership" m JOIN "organisation" o ON o."id" = m."organisation_id" WHERE m."user_id" = $1 AND o."mfa_required"`,
        [actor.userId],
      );
      if (required.length > 0) {
        throw new DomainError('unprocessable', 'mfa_required_by_organisation', `${required[0].name} requires two-factor authentication for its members.`);
      }
      await manager.query(`UPDATE "app_user" SET "totp_enabled" = false, "totp_secret" = NULL, "totp_last_step" = NULL, "updated_at" = now() WHERE "id" = $1`, [actor.userId]);
      await this.audit.record(manager, authorOf(actor), { action: 'user.mfa_disabled', entityType: 'user', entityId: actor.userId, changes: { mfaEnabled: { before: true, after: false } } });
    }, { organisationId: actor.organisationId, userId: actor.userId });
  }
}
