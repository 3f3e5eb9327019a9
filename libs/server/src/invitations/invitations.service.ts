import { Inject, Injectable } from '@nestjs/common';
import { ROLES, type InvitationDto, type InvitationPreviewDto, type SessionDto } from '@pairline/contracts';
import { diffFields, DomainError } from '@pairline/domain';
import type { EntityManager } from 'typeorm';
import { AuditTrail, authorOf } from '../audit/audit.service';
import { tenantOf, type Actor, type RequestOrigin } from '../auth/actor';
import { AuthService, normaliseEmail } from '../auth/auth.service';
import { Passwords } from '../auth/passwords';
import { randomSecret, sha256Hex } from '../auth/secrets';
import { Sessions } from '../auth/sessions.service';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Db } from '../database/db.service';
import { entityColumns, findPage } from '../listing/find-page';
import { ListQuery, ListSpec, Page } from '../listing/list-query';
import { escapeHtml, Mailer } from '../mail/mailer';
import { MembersService } from '../members/members.service';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { UsersService } from '../users/users.service';
import type { AcceptInvitationDto, CreateInvitationDto } from './invitations.dto';
import { InvitationEntity } from './invitation.entity';

export const INVITATION_LIST: ListSpec<'id' | 'email' | 'role' | 'createdAt' | 'expiresAt'> = {
  resource: 'invitations',
  fields: { id: 'i.id', email: 'i.email', role: 'i.role', createdAt: 'i.created_at', expiresAt: 'i.expires_at' },
  sortable: ['email', 'role', 'createdAt', 'expiresAt'],
  filterable: { id: 'uuid', role: { oneOf: ROLES } },
  searchable: ['email'],
  defaultSort: { field: 'createdAt', order: 'DESC' },
  tieBreaker: 'i.id',
};

function statusOf(i: InvitationEntity, now = Date.now()): InvitationDto['status'] {
  if (i.acceptedAt) return 'accepted';
  if (i.revokedAt) return 'revoked';
  return i.expiresAt.getTime() <= now ? 'expired' : 'pending';
}

const toDto = (i: InvitationEntity): InvitationDto => ({
  id: i.id,
  email: i.email,
  role: i.role,
  invitedBy: i.invitedBy,
  expiresAt: i.expiresAt.toISOString(),
  acceptedAt: i.acceptedAt?.toISOString() ?? null,
  revokedAt: i.revokedAt?.toISOString() ?? null,
  createdAt: i.createdAt.toISOString(),
  status: statusOf(i),
});

@Injectable()
export class InvitationsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly mailer: Mailer,
    private readonly users: UsersService,
    private readonly members: MembersService,
    private readonly passwords: Passwords,
    private readonly sessions: Sessions,
    private readonly auth: AuthService,
  ) {}

  list(actor: Actor, query: ListQuery): Promise<Page<InvitationDto>> {
    return this.db.transaction(async (manager) => {
      const source = { select: entityColumns(manager, InvitationEntity, 'i'), from: `"invitation" i`, where: `i."organisation_id" = $1`, params: [actor.organisationId] };
      return findPage(manager, source, query, INVITATION_LIST, toDto);
    }, tenantOf(actor));
  }

  /**
   * Creates the invitation and emails its link in one transaction: if the email cannot be sent,
   * nothing is stored and the admin is told (502).
   */
  create(actor: Actor, dto: CreateInvitationDto): Promise<InvitationDto> {
    const email = normaliseEmail(dto.email);
    return this.db.transaction(async (manager) => {
      const existing = await manager.query(
        `SELECT 1 FROM "membership" m JOIN "app_user" u ON u."id" = m."user_id" WHERE m."organisation_id" = $1 AND u."email" = $2`,
        [actor.organisationId, email],
      );
      if (existing.length > 0) throw new DomainError('conflict', 'already_member', `${email} is already a member of this organisation.`);
      // A fresh invitation replaces any pending one to the same address.
      await manager.query(
        `UPDATE "invitation" SET "revoked_at" = now() WHERE "organisation_id" = $1 AND "email" = $2 AND "accepted_at" IS NULL AND "revoked_at" IS NULL`,
        [actor.organisationId, email],
      );
      const token = randomSecret(32);
      const invitation = await manager.getRepository(InvitationEntity).save({
        organisationId: actor.organisationId,
        email,
        role: dto.role,
        tokenHash: sha256Hex(token),
        invitedBy: actor.userId,
        expiresAt: new Date(Date.now() + this.config.auth.invitationTtlMs),
        acceptedAt: null,
        acceptedBy: null,
        revokedAt: null,
      });
      await this.audit.record(manager, authorOf(actor), {
        action: 'invitation.created',
        entityType: 'invitation',
        entityId: invitation.id,
        changes: diffFields(null, { email, role: dto.role, expiresAt: invitation.expiresAt.toISOString() }),
      });
      const organisation = await manager.getRepository(OrganisationEntity).findOneByOrFail({ id: actor.organisationId });
      await this.sendInvitation(email, token, organisation.name, actor.email, dto.role, invitation.expiresAt);
      return toDto(invitation);
    }, tenantOf(actor));
  }

  private async sendInvitation(to: string, token: string, organisationName: string, inviter: string, role: string, expiresAt: Date): Promise<void> {
    const link = `${this.config.http.publicUrl}/#/accept-invitation?token=${encodeURIComponent(token)}`;
    const expires = expiresAt.toLocaleString('en-GB', { timeZone: 'Europe/London', dateStyle: 'full', timeStyle: 'short' });
    try {
      await this.mailer.send({
        to,
        subject: `You are invited to ${organisationName} on Pairline`,
        text: `${inviter} invited you to join ${organisationName} on Pairline as ${role}.\n\nAccept the invitation: ${link}\n\nThe link works once and expires on ${expires} (UK time).`,
        html: `<p>${escapeHtml(inviter)} invited you to join <strong>${escapeHtml(organisationName)}</strong> on Pairline as ${escapeHtml(role)}.</p><p><a href="${escapeHtml(link)}">Accept the invitation</a></p><p>The link works once and expires on ${escapeHtml(expires)} (UK time).</p>`,
      });
    } catch (error) {
      throw new DomainError('unprocessable', 'email_failed', `The invitation email could not be sent (${(error as Error).message}); nothing was saved.`);
    }
  }

  revoke(actor: Actor, id: string): Promise<InvitationDto> {
    return this.db.transaction(async (manager) => {
      const invitation = await manager.getRepository(InvitationEntity).findOneBy({ id, organisationId: actor.organisationId });
      if (!invitation) throw new DomainError('not_found', 'invitation_not_found', 'No such invitation.');
      if (statusOf(invitation) !== 'pending') throw new DomainError('conflict', 'invitation_not_pending', `This invitation is already ${statusOf(invitation)}.`);
      invitation.revokedAt = new Date();
      await manager.getRepository(InvitationEntity).update({ id }, { revokedAt: invitation.revokedAt });
      await this.audit.record(manager, authorOf(actor), { action: 'invitation.revoked', entityType: 'invitation', entityId: id, changes: { email: { after: invitation.email } } });
      return toDto(invitation);
    }, tenantOf(actor));
  }

  /** The pending invitation for a link's secret, with the tenant set to its organisation. */
  private async pending(manager: EntityManager, token: string): Promise<{ invitation: InvitationEntity; organisation: OrganisationEntity }> {
    const tokenHash = sha256Hex(token);
    const invitation = await manager.getRepository(InvitationEntity).findOneBy({ tokenHash });
    if (!invitation) throw new DomainError('not_found', 'invitation_not_found', 'This invitation link is not valid.');
    if (invitation.acceptedAt) throw new DomainError('gone', 'invitation_used', 'This invitation has already been used. Sign in instead, or ask for a new one.');
    if (invitation.revokedAt) throw new DomainError('gone', 'invitation_revoked', 'This invitation was withdrawn. Ask your organisation admin for a new one.');
    if (invitation.expiresAt.getTime() <= Date.now()) throw new DomainError('gone', 'invitation_expired', 'This invitation has expired. Ask your organisation admin for a new one.');
    await this.db.setTenant(manager, { organisationId: invitation.organisationId, lookupTokenHash: tokenHash });
    const organisation = await manager.getRepository(OrganisationEntity).findOneByOrFail({ id: invitation.organisationId });
    return { invitation, organisation };
  }

  preview(token: string): Promise<InvitationPreviewDto> {
    return this.db.transaction(async (manager) => {
      const { invitation, organisation } = await this.pending(manager, token);
      const existingUser = (await this.users.findByEmail(manager, invitation.email)) !== null;
      return { organisationName: organisation.name, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt.toISOString(), existingUser };
    }, { lookupTokenHash: sha256Hex(token) });
  }

  /**
   * Single use: the invitation is claimed with a conditional update, so two simultaneous
   * acceptances cannot both succeed. New users choose a password; existing users prove theirs.
   */
  async accept(dto: AcceptInvitationDto, origin: RequestOrigin): Promise<{ token: string; session: SessionDto }> {
    const lookup = { lookupTokenHash: sha256Hex(dto.token) };
    const preview = await this.preview(dto.token);
    let passwordHash: string | null = null;
    if (preview.existingUser) {
      const user = await this.db.transaction((m) => m.query(`SELECT "password_hash" FROM app_user_sign_in($1)`, [preview.email]));
      if (!dto.password || !(await this.passwords.verify(user[0]?.password_hash ?? null, dto.password))) {
        throw new DomainError('unauthenticated', 'invalid_credentials', `Enter the current password of ${preview.email} to accept.`);
      }
    } else {
      if (!dto.name?.trim()) throw new DomainError('invalid', 'name_required', 'name is required to create your account', { field: 'name' });
      passwordHash = await this.passwords.hash(await this.passwords.assertAcceptable(dto.password, { email: preview.email, name: dto.name }));
    }
    return this.db.transaction(async (manager) => {
      const { invitation } = await this.pending(manager, dto.token);
      const user = (await this.users.findByEmail(manager, invitation.email)) ?? (await this.users.insert(manager, { email: invitation.email, name: dto.name!, passwordHash: passwordHash! }));
      const claimed = await manager
        .createQueryBuilder()
        .update(InvitationEntity)
        .set({ acceptedAt: () => 'now()', acceptedBy: user.id })
        .where('id = :id AND accepted_at IS NULL AND revoked_at IS NULL', { id: invitation.id })
        .execute();
      if (claimed.affected !== 1) throw new DomainError('gone', 'invitation_used', 'This invitation has already been used.');
      await this.db.setTenant(manager, { organisationId: invitation.organisationId, userId: user.id, ...lookup });
      const author = { organisationId: invitation.organisationId, userId: user.id, label: user.email, requestId: origin.requestId, ip: origin.ip };
      await this.audit.record(manager, author, { action: 'invitation.accepted', entityType: 'invitation', entityId: invitation.id, changes: { email: { after: user.email } } });
      const already = await manager.query(`SELECT 1 FROM "membership" WHERE "organisation_id" = $1 AND "user_id" = $2`, [invitation.organisationId, user.id]);
      if (already.length === 0) await this.members.add(manager, invitation.organisationId, user.id, user.email, invitation.role, author);
      const { token, session } = await this.sessions.create(manager, user.id, invitation.organisationId, origin);
      await this.audit.record(manager, author, { action: 'auth.login_succeeded', entityType: 'user', entityId: user.id, changes: { via: { after: 'invitation' } } });
      return { token, session: await this.auth.describe(manager, user.id, invitation.organisationId, session.csrfToken) };
    }, lookup);
  }
}
