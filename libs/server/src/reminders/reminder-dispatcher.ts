import { Inject, Injectable, Logger } from '@nestjs/common';
import { civilDateAt, dayOfWeek, planReminders, WorkingDayCalendar } from '@pairline/domain';
import type { EntityManager } from 'typeorm';
import { Clock } from '../calendar/calendar.module';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Db } from '../database/db.service';
import { allOrganisationIds, beginSweep } from '../database/sweep';
import { Mailer } from '../mail/mailer';
import { newSigningKey, renderDigestEmail, renderReminderEmail, signUnsubscribe } from './reminder-email';
import { ReminderJobs } from './reminder-jobs';
import { loadReminderSettings, ReminderPlanner } from './reminder-planner';
import { ReminderSources } from './reminder-sources';

interface ReminderRow {
  id: string;
  item_kind: string;
  item_id: string;
  due_on: string;
  offset_days: number;
  phase: 'before' | 'due' | 'overdue';
  send_at: Date;
  escalate: boolean;
  mandatory: boolean;
  state: 'pending' | 'sent' | 'cancelled';
}

interface OutboxRow {
  id: string;
  recipient_email: string;
  subject: string;
  text_body: string;
  html_body: string;
  headers: Record<string, string>;
  state: 'pending' | 'sent' | 'failed';
  attempts: number;
}

export type FireOutcome = 'missing' | 'not_pending' | 'superseded' | 'no_longer_due' | 'sent';

/** Thrown while a job's row is not visible yet: the planner enqueues inside its own, still open, transaction. */
export class RowNotYetVisible extends Error {}


/**
 * What the reminder and email workers do. Each step is one transaction whose result a retry can
 * repeat safely: the reminder row's state and the outbox's unique (event, recipient) make
 * re-running a fired reminder a no-op, and the outbox row's state makes re-running a send one.
 */
@Injectable()
export class ReminderDispatcher {
  private readonly logger = new Logger('Reminders');

  constructor(
    private readonly db: Db,
    private readonly sources: ReminderSources,
    private readonly planner: ReminderPlanner,
    private readonly calendar: WorkingDayCalendar,
    private readonly clock: Clock,
    private readonly mailer: Mailer,
    private readonly jobs: ReminderJobs,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * A reminder's time has come. In one transaction: re-check the row is still pending and the item
   * still calls for it, write one outbox row per recipient, mark the reminder sent. Then enqueue the
   * emails (a crash before that leaves pending outbox rows, which reconciliation enqueues).
   */
  async fire(organisationId: string, reminderId: string): Promise<FireOutcome> {
    const { outcome, outbox } = await this.db.transaction(async (manager) => {
      const [row]: ReminderRow[] = await manager.query(
        `SELECT "id", "item_kind", "item_id", "due_on"::text AS "due_on", "offset_days", "phase", "send_at", "escalate", "mandatory", "state"
           FROM "planned_reminders" WHERE "id" = $1 FOR UPDATE`,
        [reminderId],
      );
      if (!row) return { outcome: 'missing' as const, outbox: [] };
      if (row.state !== 'pending') return { outcome: 'not_pending' as const, outbox: [] };
      // After a pause (no Redis for days), send only the latest reminder an item has due, not each one missed.
      const [later] = await manager.query(
        `SELECT 1 FROM "planned_reminders" WHERE "organisation_id" = $1 AND "item_kind" = $2 AND "item_id" = $3 AND "state" = 'pending' AND "send_at" > $4 AND "send_at" <= $5 LIMIT 1`,
        [organisationId, row.item_kind, row.item_id, row.send_at, this.clock.now()],
      );
      if (later) return { outcome: await this.cancel(manager, row.id, 'superseded'), outbox: [] };
      // A process without this kind's source must not take the item for gone and cancel its reminder.
      if (!this.sources.has(row.item_kind)) throw new Error(`No reminder source for "${row.item_kind}" in this process`);
      const [item] = await this.sources.loadItems(manager, organisationId, row.item_kind, [row.item_id]);
      const settings = await loadReminderSettings(manager, organisationId);
      const plan = item ? planReminders(item, settings, this.calendar).find((p) => p.id === row.id) : undefined;
      if (!item || !plan) return { outcome: await this.cancel(manager, row.id, 'no_longer_due'), outbox: [] };

      const recipients = new Map<string, boolean>(); // user id → is the owner
      if (item.ownerUserId) recipients.set(item.ownerUserId, true);
      if (plan.escalate) {
        if (item.journeyOwnerUserId && !recipients.has(item.journeyOwnerUserId)) recipients.set(item.journeyOwnerUserId, false);
        const executives: { user_id: string }[] = await manager.query(`SELECT "user_id" FROM "membership" WHERE "organisation_id" = $1 AND "role" = 'executive'`, [organisationId]);
        for (const e of executives) if (!recipients.has(e.user_id)) recipients.set(e.user_id, false);
      }
      // Only current members hear about the organisation's work; opted-out kinds are skipped unless mandatory.
      const users: { id: string; email: string; name: string; disabled: string[] | null; delivery: string | null }[] = await manager.query(
        `SELECT u."id", u."email", u."name", p."disabled_kinds" AS "disabled", p."delivery"
           FROM "app_user" u JOIN "membership" m ON m."user_id" = u."id" AND m."organisation_id" = $1
           LEFT JOIN "reminder_preference" p ON p."organisation_id" = $1 AND p."user_id" = u."id"
          WHERE u."id" = ANY($2::uuid[])`,
        [organisationId, [...recipients.keys()]],
      );
      const [org] = await manager.query(`SELECT "name" FROM "organisation" WHERE "id" = $1`, [organisationId]);
      const key = plan.mandatory ? null : await this.signingKey(manager, organisationId);
      // Advance notice for a member who chose a digest waits for it (as a flagged notification).
      const digest = (u: { delivery: string | null }) => !plan.mandatory && (u.delivery ?? 'immediate') !== 'immediate';
      const rows = users
        .filter((u) => plan.mandatory || !(u.disabled ?? []).includes(row.item_kind))
        .filter((u) => !digest(u))
        .map((u) => {
          const unsubscribeUrl = key ? `${this.config.http.publicUrl}/api/reminders/unsubscribe?token=${signUnsubscribe({ organisationId, userId: u.id, kind: row.item_kind }, key)}` : null;
          const email = renderReminderEmail({
            reminder: plan,
            item,
            kindLabel: this.sources.label(row.item_kind),
            recipientName: u.name,
            asOwner: recipients.get(u.id) === true,
            organisationName: org?.name ?? '',
            publicUrl: this.config.http.publicUrl,
            unsubscribeUrl,
          });
          return { userId: u.id, email: u.email, ...email };
        });
      const outbox: { id: string }[] = rows.length
        ? await manager.query(
            `INSERT INTO "email_outbox" ("organisation_id", "recipient_user_id", "recipient_email", "event_id", "subject", "text_body", "html_body", "headers")
             SELECT $1, v.user_id, v.email, $2, v.subject, v.text, v.html, v.headers
               FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[]) AS v(user_id, email, subject, text, html, headers)
             ON CONFLICT ("event_id", "recipient_email") DO NOTHING
             RETURNING "id"`,
            [organisationId, row.id, rows.map((r) => r.userId), rows.map((r) => r.email), rows.map((r) => r.subject), rows.map((r) => r.text), rows.map((r) => r.html), rows.map((r) => JSON.stringify(r.headers))],
          )
        : [];
      // The bell: every recipient, whatever their email preferences.
      if (users.length) {
        const title = rows[0]?.subject ?? item.title;
        await manager.query(
          `INSERT INTO "notification" ("organisation_id", "user_id", "event_id", "item_kind", "title", "body", "path", "product_name", "journey_name", "digest_pending")
           SELECT $1, v.user_id, $2, $3, $4, $5, $6, $7, $8, v.digest FROM unnest($9::uuid[], $10::bool[]) AS v(user_id, digest)
           ON CONFLICT ("event_id", "user_id") DO NOTHING`,
          [
            organisationId,
            row.id,
            row.item_kind,
            title.replace(/^(Escalation: )/, ''),
            `${item.title} (${item.productName}, ${item.journeyName}), due ${item.dueOn}.`,
            item.path,
            item.productName,
            item.journeyName,
            users.map((u) => u.id),
            users.map((u) => digest(u) && !(u.disabled ?? []).includes(row.item_kind)),
          ],
        );
      }
      await manager.query(`UPDATE "planned_reminders" SET "state" = 'sent', "sent_at" = now(), "updated_at" = now() WHERE "id" = $1`, [row.id]);
      return { outcome: 'sent' as const, outbox: outbox.map((o) => ({ id: o.id, organisationId })) };
    }, { organisationId });
    await this.jobs.enqueueEmails(outbox);
    return outcome;
  }

  private async cancel(manager: EntityManager, id: string, reason: string): Promise<'superseded' | 'no_longer_due'> {
    await manager.query(`UPDATE "planned_reminders" SET "state" = 'cancelled', "cancel_reason" = $2, "updated_at" = now() WHERE "id" = $1`, [id, reason]);
    return reason as 'superseded' | 'no_longer_due';
  }

  /** The organisation's key for unsubscribe links, made on first use. */
  async signingKey(manager: EntityManager, organisationId: string): Promise<string> {
    // Read first: an upsert would lock the settings row and serialise every reminder of the organisation.
    const [found] = await manager.query(`SELECT "signing_key" FROM "reminder_settings" WHERE "organisation_id" = $1`, [organisationId]);
    if (found?.signing_key) return found.signing_key;
    await manager.query(
      `INSERT INTO "reminder_settings" ("organisation_id", "signing_key") VALUES ($1, $2)
       ON CONFLICT ("organisation_id") DO UPDATE SET "signing_key" = EXCLUDED."signing_key" WHERE "reminder_settings"."signing_key" IS NULL`,
      [organisationId, newSigningKey()],
    );
    const [row] = await manager.query(`SELECT "signing_key" FROM "reminder_settings" WHERE "organisation_id" = $1`, [organisationId]);
    return row.signing_key;
  }

  /**
   * Sends one outbox row. The row is locked and its state checked first, so a sent row is never
   * sent again and two workers never send it at once; it is marked sent in the same transaction,
   * committed right after the SMTP server accepted the message. The one window left is a crash (or
   * lost database) between that acceptance and the commit: the row stays pending and is sent again,
   * with the same Message-ID so the receiving side can recognise the duplicate. At least once there,
   * exactly once everywhere else.
   *
   * Returns false when the send failed and should be retried; the attempt and error are recorded.
   */
  async send(organisationId: string, outboxId: string, finalAttempt: boolean): Promise<{ sent: boolean; permanent?: boolean; error?: string }> {
    return this.db.transaction(async (manager) => {
      const [row]: OutboxRow[] = await manager.query(
        `SELECT "id", "recipient_email", "subject", "text_body", "html_body", "headers", "state", "attempts" FROM "email_outbox" WHERE "id" = $1 FOR UPDATE`,
        [outboxId],
      );
      if (!row || row.state !== 'pending') return { sent: true };
      try {
        await this.mailer.send({
          to: row.recipient_email,
          subject: row.subject,
          text: row.text_body,
          html: row.html_body,
          headers: { ...row.headers, 'Message-ID': `<${row.id}@${new URL(this.config.http.publicUrl).hostname}>` },
        });
      } catch (error) {
        const message = (error as Error).message.slice(0, 1_000);
        // A 5xx answer (no such mailbox, refused) will not change on retry; anything else might.
        const code = (error as { responseCode?: number }).responseCode;
        const permanent = finalAttempt || (code !== undefined && code >= 500 && code < 600);
        await manager.query(`UPDATE "email_outbox" SET "attempts" = "attempts" + 1, "last_error" = $2, "state" = CASE WHEN $3 THEN 'failed' ELSE "state" END WHERE "id" = $1`, [row.id, message, permanent]);
        if (permanent) this.logger.error(`Email ${row.id} failed permanently after ${row.attempts + 1} attempt(s): ${message}`);
        return { sent: false, permanent, error: message };
      }
      await manager.query(`UPDATE "email_outbox" SET "state" = 'sent', "sent_at" = now(), "attempts" = "attempts" + 1 WHERE "id" = $1`, [row.id]);
      return { sent: true };
    }, { organisationId });
  }

  /**
   * Sends each member who chose a digest one email with the advance reminders gathered since their
   * last one, grouped by product and journey: every day, or on Mondays for a weekly digest. One
   * digest per member and London day (the outbox's unique event and address); notifications are
   * taken off the pile in the transaction that writes it.
   */
  async sendDigests(): Promise<number> {
    const today = civilDateAt(this.clock.now());
    const monday = dayOfWeek(today) === 1;
    const members: { organisation_id: string; user_id: string }[] = await this.db.transaction(async (manager) => {
      await beginSweep(manager);
      return manager.query(`SELECT DISTINCT "organisation_id", "user_id" FROM "notification" WHERE "digest_pending"`);
    });
    const queued: { id: string; organisationId: string }[] = [];
    for (const { organisation_id: organisationId, user_id: userId } of members) {
      const id = await this.db.transaction(async (manager) => {
        const [pref] = await manager.query(`SELECT "delivery" FROM "reminder_preference" WHERE "organisation_id" = $1 AND "user_id" = $2`, [organisationId, userId]);
        if (pref?.delivery === 'weekly' && !monday) return null;
        const notes: { id: string; title: string; path: string; product_name: string | null; journey_name: string | null }[] = await manager.query(
          `SELECT "id", "title", "path", "product_name", "journey_name" FROM "notification" WHERE "organisation_id" = $1 AND "user_id" = $2 AND "digest_pending"
            ORDER BY "product_name", "journey_name", "created_at" FOR UPDATE`,
          [organisationId, userId],
        );
        const [user] = await manager.query(`SELECT u."email", u."name" FROM "app_user" u JOIN "membership" m ON m."user_id" = u."id" AND m."organisation_id" = $1 WHERE u."id" = $2`, [organisationId, userId]);
        if (notes.length === 0) return null;
        let outboxId: string | null = null;
        if (user) {
          const email = renderDigestEmail({ recipientName: user.name, publicUrl: this.config.http.publicUrl, weekly: pref?.delivery === 'weekly', notes });
          const [row] = await manager.query(
            `INSERT INTO "email_outbox" ("organisation_id", "recipient_user_id", "recipient_email", "event_id", "subject", "text_body", "html_body", "headers")
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT ("event_id", "recipient_email") DO NOTHING RETURNING "id"`,
            [organisationId, userId, user.email, `digest.${userId}.${today}`, email.subject, email.text, email.html, JSON.stringify(email.headers)],
          );
          // Already sent today: these wait for the next one.
          if (!row) return null;
          outboxId = row.id;
        }
        await manager.query(`UPDATE "notification" SET "digest_pending" = false WHERE "id" = ANY($1::uuid[])`, [notes.map((n) => n.id)]);
        return outboxId;
      }, { organisationId });
      if (id) queued.push({ id, organisationId });
    }
    await this.jobs.enqueueEmails(queued);
    return queued.length;
  }

  /**
   * Rebuilds what Redis should hold from PostgreSQL: a delayed job for every pending reminder due
   * within the horizon, and an email job for every pending outbox row. Job ids are the row ids, so
   * adding one that exists changes nothing; no duplicates, whatever Redis lost.
   */
  async reconcile(): Promise<{ reminders: number; emails: number }> {
    if (!this.jobs.enabled) return { reminders: 0, emails: 0 };
    const horizon = new Date(this.clock.now().getTime() + this.config.reminders.jobHorizonMs);
    let reminders = 0;
    let after = '';
    for (;;) {
      const batch: { id: string; organisation_id: string; send_at: Date }[] = await this.db.transaction(async (manager) => {
        await beginSweep(manager);
        return manager.query(
          `SELECT "id", "organisation_id", "send_at" FROM "planned_reminders" WHERE "state" = 'pending' AND "send_at" <= $1 AND "id" > $2 ORDER BY "id" LIMIT 5000`,
          [horizon, after],
        );
      });
      if (batch.length === 0) break;
      reminders += await this.jobs.schedule(batch.map((r) => ({ id: r.id, organisationId: r.organisation_id, sendAt: new Date(r.send_at) })));
      after = batch[batch.length - 1].id;
    }
    const outbox: { id: string; organisation_id: string }[] = await this.db.transaction(async (manager) => {
      await beginSweep(manager);
      return manager.query(`SELECT "id", "organisation_id" FROM "email_outbox" WHERE "state" = 'pending' ORDER BY "created_at" LIMIT 50000`);
    });
    const emails = await this.jobs.enqueueEmails(outbox.map((o) => ({ id: o.id, organisationId: o.organisation_id })));
    await this.jobs.retryFailedEmails(outbox.map((o) => o.id));
    return { reminders, emails };
  }

  /** Re-plans every organisation: catches items that changed without a hook (or predate reminders). */
  async replanAll(): Promise<number> {
    const organisations = await allOrganisationIds(this.db);
    for (const id of organisations) {
      await this.db.transaction((manager) => this.planner.replan(manager, id, 'all'), { organisationId: id });
    }
    return organisations.length;
  }
}
