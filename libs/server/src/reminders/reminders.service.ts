import { Injectable } from '@nestjs/common';
import type { EmailOutboxDto, ReminderPreferencesDto, ReminderSettingsDto } from '@pairline/contracts';
import { diffFields, DomainError, validateReminderSettings } from '@pairline/domain';
import { AuditTrail, authorOf } from '../audit/audit.service';
import { tenantOf, type Actor } from '../auth/actor';
import { Db } from '../database/db.service';
import { findPage } from '../listing/find-page';
import type { ListQuery, ListSpec, Page } from '../listing/list-query';
import { staleVersion } from '../organisations/organisations.service';
import { readUnsubscribe, verifyUnsubscribe } from './reminder-email';
import { ReminderJobs } from './reminder-jobs';
import { loadReminderSettings, ReminderPlanner } from './reminder-planner';
import { ReminderSources } from './reminder-sources';

export const EMAIL_OUTBOX_LIST: ListSpec<'id' | 'state' | 'recipientEmail' | 'recipientUserId' | 'eventId' | 'createdAt' | 'sentAt' | 'attempts'> = {
  resource: 'email-outbox',
  fields: { id: 'o.id', state: 'o.state', recipientEmail: 'o.recipient_email', recipientUserId: 'o.recipient_user_id', eventId: 'o.event_id', createdAt: 'o.created_at', sentAt: 'o.sent_at', attempts: 'o.attempts' },
  sortable: ['createdAt', 'sentAt', 'state', 'attempts', 'recipientEmail'],
  filterable: { id: 'uuid', state: 'text', recipientEmail: 'text', recipientUserId: 'uuid', eventId: 'text' },
  searchable: ['recipientEmail'],
  defaultSort: { field: 'createdAt', order: 'DESC' },
  tieBreaker: 'o.id',
};

interface OutboxRow {
  id: string;
  recipient_user_id: string | null;
  recipient_email: string;
  event_id: string;
  subject: string;
  state: EmailOutboxDto['state'];
  attempts: number;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
}

const toOutboxDto = (r: OutboxRow): EmailOutboxDto => ({
  id: r.id,
  recipientUserId: r.recipient_user_id,
  recipientEmail: r.recipient_email,
  eventId: r.event_id,
  subject: r.subject,
  state: r.state,
  attempts: r.attempts,
  lastError: r.last_error,
  createdAt: new Date(r.created_at).toISOString(),
  sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
});

export type SettingsUpdate = Omit<ReminderSettingsDto, 'version'> & { version: number };

/** The API side of reminders: settings, the outbox for admins, members' preferences and unsubscribe links. */
@Injectable()
export class RemindersService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
    private readonly planner: ReminderPlanner,
    private readonly sources: ReminderSources,
    private readonly jobs: ReminderJobs,
  ) {}

  outbox(actor: Actor, query: ListQuery, state?: string): Promise<Page<EmailOutboxDto>> {
    if (state !== undefined && !['pending', 'sent', 'failed'].includes(state)) {
      throw new DomainError('invalid', 'validation_failed', 'state must be pending, sent or failed.', { fields: [{ field: 'state', problems: ['must be pending, sent or failed'] }] });
    }
    return this.db.transaction(async (manager) => {
      const source = {
        select: `o."id", o."recipient_user_id", o."recipient_email", o."event_id", o."subject", o."state", o."attempts", o."last_error", o."created_at", o."sent_at"`,
        from: `"email_outbox" o`,
        where: state ? `o."organisation_id" = $1 AND o."state" = $2` : `o."organisation_id" = $1`,
        params: state ? [actor.organisationId, state] : [actor.organisationId],
      };
      return findPage<OutboxRow, EmailOutboxDto>(manager, source, query, EMAIL_OUTBOX_LIST, toOutboxDto);
    }, tenantOf(actor));
  }

  /** An admin sends a failed email again (after fixing the address or the mail server). */
  async retryEmail(actor: Actor, id: string): Promise<EmailOutboxDto> {
    const row = await this.db.transaction(async (manager) => {
      const [found]: OutboxRow[] = await manager.query(`SELECT * FROM "email_outbox" WHERE "id" = $1 AND "organisation_id" = $2 FOR UPDATE`, [id, actor.organisationId]);
      if (!found) throw new DomainError('not_found', 'email_not_found', 'No such email.');
      if (found.state !== 'failed') throw new DomainError('unprocessable', 'email_not_failed', 'Only a failed email can be sent again.');
      await manager.query(`UPDATE "email_outbox" SET "state" = 'pending', "attempts" = 0 WHERE "id" = $1`, [id]);
      const [updated]: OutboxRow[] = await manager.query(`SELECT * FROM "email_outbox" WHERE "id" = $1`, [id]);
      await this.audit.record(manager, authorOf(actor), { action: 'email.retried', entityType: 'email_outbox', entityId: id, changes: { state: { before: 'failed', after: 'pending' } } });
      return updated;
    }, tenantOf(actor));
    await this.jobs.requeueEmail({ id, organisationId: actor.organisationId });
    return toOutboxDto(row);
  }

  getSettings(actor: Actor): Promise<ReminderSettingsDto> {
    return this.db.transaction(async (manager) => {
      const settings = await loadReminderSettings(manager, actor.organisationId);
      const [row] = await manager.query(`SELECT "version" FROM "reminder_settings" WHERE "organisation_id" = $1`, [actor.organisationId]);
      return { ...settings, offsetsBefore: [...settings.offsetsBefore], version: row?.version ?? 0 };
    }, tenantOf(actor));
  }

  /** Saves new settings (version 0 while never saved) and re-plans every reminder of the organisation. */
  updateSettings(actor: Actor, input: SettingsUpdate): Promise<ReminderSettingsDto> {
    return this.db.transaction(async (manager) => {
      const { version, ...wanted } = input;
      const settings = validateReminderSettings(wanted);
      const before = await loadReminderSettings(manager, actor.organisationId);
      const [row] = await manager.query(`SELECT "version" FROM "reminder_settings" WHERE "organisation_id" = $1 FOR UPDATE`, [actor.organisationId]);
      if ((row?.version ?? 0) !== version) throw staleVersion('reminder settings');
      await manager.query(
        `INSERT INTO "reminder_settings" ("organisation_id", "offsets_before", "on_the_day", "overdue_every", "overdue_repeats", "escalate_after", "send_minute_of_day")
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT ("organisation_id") DO UPDATE SET "offsets_before" = $2, "on_the_day" = $3, "overdue_every" = $4, "overdue_repeats" = $5, "escalate_after" = $6,
           "send_minute_of_day" = $7, "version" = "reminder_settings"."version" + 1, "updated_at" = now()`,
        [actor.organisationId, settings.offsetsBefore, settings.onTheDay, settings.overdueEvery, settings.overdueRepeats, settings.escalateAfter, settings.sendMinuteOfDay],
      );
      const changes = diffFields({ ...before, offsetsBefore: [...before.offsetsBefore] }, { ...settings, offsetsBefore: [...settings.offsetsBefore] });
      if (changes) {
        await this.audit.record(manager, authorOf(actor), { action: 'reminder_settings.updated', entityType: 'reminder_settings', entityId: actor.organisationId, changes });
        await this.planner.replan(manager, actor.organisationId, 'all');
      }
      return { ...settings, offsetsBefore: [...settings.offsetsBefore], version: version + 1 };
    }, tenantOf(actor));
  }

  preferences(actor: Actor): Promise<ReminderPreferencesDto> {
    return this.db.transaction(async (manager) => this.preferenceDto(await this.preference(manager, actor.organisationId, actor.userId)), tenantOf(actor));
  }

  setPreferences(actor: Actor, disabledKinds: string[], delivery?: ReminderPreferencesDto['delivery']): Promise<ReminderPreferencesDto> {
    const unknown = disabledKinds.filter((k) => !this.sources.kinds.includes(k));
    if (unknown.length) throw new DomainError('invalid', 'unknown_reminder_kind', `Unknown reminder kind: ${unknown.join(', ')}.`, { fields: [{ field: 'disabledKinds', problems: [`unknown: ${unknown.join(', ')}`] }] });
    return this.db.transaction(async (manager) => {
      await this.saveDisabled(manager, actor.organisationId, actor.userId, [...new Set(disabledKinds)].sort());
      if (delivery) await manager.query(`UPDATE "reminder_preference" SET "delivery" = $3 WHERE "organisation_id" = $1 AND "user_id" = $2`, [actor.organisationId, actor.userId, delivery]);
      return this.preferenceDto(await this.preference(manager, actor.organisationId, actor.userId));
    }, tenantOf(actor));
  }

  /**
   * Follows an unsubscribe link: turns that reminder kind off for that member. Answers the same
   * "not valid" for a malformed token, a wrong signature or a user no longer a member.
   */
  async unsubscribe(token: string): Promise<{ label: string }> {
    const claim = readUnsubscribe(token);
    const invalid = () => new DomainError('not_found', 'unsubscribe_link_invalid', 'This unsubscribe link is not valid.');
    if (!claim) throw invalid();
    return this.db.transaction(async (manager) => {
      const [settings] = await manager.query(`SELECT "signing_key" FROM "reminder_settings" WHERE "organisation_id" = $1`, [claim.organisationId]);
      if (!settings?.signing_key || !verifyUnsubscribe(claim, settings.signing_key)) throw invalid();
      const [member] = await manager.query(`SELECT 1 FROM "membership" WHERE "organisation_id" = $1 AND "user_id" = $2`, [claim.organisationId, claim.userId]);
      if (!member) throw invalid();
      const disabled = await this.disabledKinds(manager, claim.organisationId, claim.userId);
      if (!disabled.includes(claim.kind)) await this.saveDisabled(manager, claim.organisationId, claim.userId, [...disabled, claim.kind].sort());
      return { label: this.sources.label(claim.kind) };
    }, { organisationId: claim.organisationId });
  }

  private async disabledKinds(manager: import('typeorm').EntityManager, organisationId: string, userId: string): Promise<string[]> {
    const [row] = await manager.query(`SELECT "disabled_kinds" FROM "reminder_preference" WHERE "organisation_id" = $1 AND "user_id" = $2`, [organisationId, userId]);
    return row?.disabled_kinds ?? [];
  }

  private async saveDisabled(manager: import('typeorm').EntityManager, organisationId: string, userId: string, kinds: string[]): Promise<void> {
    await manager.query(
      `INSERT INTO "reminder_preference" ("organisation_id", "user_id", "disabled_kinds") VALUES ($1, $2, $3)
       ON CONFLICT ("organisation_id", "user_id") DO UPDATE SET "disabled_kinds" = $3, "updated_at" = now()`,
      [organisationId, userId, kinds],
    );
  }

  private async preference(manager: import('typeorm').EntityManager, organisationId: string, userId: string): Promise<{ disabled: string[]; delivery: ReminderPreferencesDto['delivery'] }> {
    const [row] = await manager.query(`SELECT "disabled_kinds", "delivery" FROM "reminder_preference" WHERE "organisation_id" = $1 AND "user_id" = $2`, [organisationId, userId]);
    return { disabled: row?.disabled_kinds ?? [], delivery: row?.delivery ?? 'immediate' };
  }

  private preferenceDto({ disabled, delivery }: { disabled: string[]; delivery: ReminderPreferencesDto['delivery'] }): ReminderPreferencesDto {
    return { kinds: this.sources.kinds.map((kind) => ({ kind, label: this.sources.label(kind), enabled: !disabled.includes(kind) })), delivery };
  }
}
