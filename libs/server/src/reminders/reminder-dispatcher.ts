import { Inject, Injectable, Logger } from '@nestjs/common';
import { civilDateAt, dayOfWeek, planReminders, WorkingDayCalendar, type PlannedReminder } from '@pairline/domain';
import type { EntityManager } from 'typeorm';
import { Clock } from '../calendar/calendar.module';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Db } from '../database/db.service';
import { allOrganisationIds, beginSweep } from '../database/sweep';
import { Mailer } from '../mail/mailer';
import { newSigningKey, renderDigestEmail, renderReminderEmail, signUnsubscribe } from './reminder-email';
import { ReminderJobs } from './reminder-jobs';
import { loadReminderSettings, ReminderPlanner } from './reminder-planner';
import { Gate, RecentIds, Underway } from './in-process';
import { ReminderSources, type ReminderItem } from './reminder-sources';

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

export interface SendResult {
  readonly sent: boolean;
  readonly permanent?: boolean;
  readonly error?: string;
}

/** Thrown while a job's row is not visible yet: the planner enqueues inside its own, still open, transaction. */
export class RowNotYetVisible extends Error {}

/** Thrown while another job holds a job's row in its batch, or has just tried it: a retry finds it done or tries it. */
export class RowBusy extends Error {}

interface MemberRow {
  id: string;
  email: string;
  name: string;
  disabled: string[] | null;
  delivery: string | null;
}

/** Reminders one job fires at most: an organisation's whole minute at usual volumes, in one transaction. */
const FIRE_BATCH = 500;

/** Column arrays for an `unnest(...)` insert, in the order given. */
function columns<T>(rows: readonly T[], keys: readonly (keyof T)[]): unknown[][] {
  return keys.map((key) => rows.map((row) => row[key]));
}

/**
 * What the reminder and email workers do. Each step is one transaction whose result a retry can
 * repeat safely: the reminder row's state and the outbox's unique (event, recipient) make
 * re-running a fired reminder a no-op, and the outbox row's state makes re-running a send one.
 */
@Injectable()
export class ReminderDispatcher {
  private readonly logger = new Logger('Reminders');
  private readonly fired = new RecentIds(200_000);
  private readonly firing = new Underway();
  /** Firing batches hold a connection each; sends hold the rest of the pool (EMAIL_SEND_CONCURRENCY). */
  private readonly fireGate: Gate;

  constructor(
    private readonly db: Db,
    private readonly sources: ReminderSources,
    private readonly planner: ReminderPlanner,
    private readonly calendar: WorkingDayCalendar,
    private readonly clock: Clock,
    private readonly mailer: Mailer,
    private readonly jobs: ReminderJobs,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.fireGate = new Gate(Math.max(1, config.database.poolMax - config.reminders.emailSendConcurrency));
  }

  /**
   * A reminder's time has come. Its job claims it together with the organisation's other pending
   * reminders already due (up to FIRE_BATCH), so a minute in which thousands fall due costs a few
   * set-based statements per organisation instead of a dozen per reminder. In one transaction:
   * re-check each row is pending and its item still calls for it (else it is cancelled), write one
   * outbox row and one notification per recipient, mark them sent. Then enqueue the emails (a crash
   * before that leaves pending outbox rows, which reconciliation enqueues). The other claimed
   * reminders' own jobs then find their rows sent and do nothing.
   */
  async fire(organisationId: string, reminderId: string): Promise<FireOutcome> {
    await this.firing.settled(reminderId);
    if (this.fired.has(reminderId)) return 'not_pending';
    const now = this.clock.now();
    const { outcome, outbox } = await this.fireGate.run(async () => {
      // Fired, or taken up by another batch here, while this job waited for a connection.
      if (this.fired.has(reminderId)) return { outcome: 'not_pending' as const, outbox: [] };
      if (this.firing.has(reminderId)) return { outcome: 'busy' as const, outbox: [] };
      return this.firing.run(async (claim) => {
        const fired = await this.db.transaction(async (manager) => {
          // SKIP LOCKED: reminders another job is firing right now are theirs; ours waits only for its own row.
          const rows: ReminderRow[] = await manager.query(
            `SELECT "id", "item_kind", "item_id", "due_on"::text AS "due_on", "offset_days", "phase", "send_at", "escalate", "mandatory", "state"
               FROM "planned_reminders"
              WHERE "organisation_id" = $1 AND "state" = 'pending' AND ("id" = $2 OR "send_at" <= $3)
              ORDER BY "id" = $2 DESC, "send_at", "id" LIMIT $4 FOR UPDATE SKIP LOCKED`,
            [organisationId, reminderId, now, FIRE_BATCH],
          );
          if (rows[0]?.id !== reminderId) {
            const [own]: { state: string }[] = await manager.query(`SELECT "state" FROM "planned_reminders" WHERE "id" = $1`, [reminderId]);
            if (!own) return { outcome: 'missing' as const, outbox: [], claimed: [] };
            if (own.state !== 'pending') return { outcome: 'not_pending' as const, outbox: [], claimed: [] };
            return { outcome: 'busy' as const, outbox: [], claimed: [] };
          }
          claim(rows.map((r) => r.id));
          const { outcomes, outbox } = await this.fireRows(manager, organisationId, rows, now);
          return { outcome: outcomes.get(reminderId)!, outbox, claimed: rows.map((r) => r.id) };
        }, { organisationId });
        this.fired.add(fired.claimed);
        return fired;
      });
    });
    if (outcome === 'busy') {
      // Another batch holds the row: one of ours is waited for here; another process's, by a retry.
      await this.firing.settled(reminderId);
      if (this.fired.has(reminderId)) return 'not_pending';
      throw new RowBusy(`Reminder ${reminderId} is being fired by another job`);
    }
    await this.jobs.enqueueEmails(outbox);
    return outcome;
  }

  private async fireRows(manager: EntityManager, organisationId: string, rows: readonly ReminderRow[], now: Date) {
    const outcomes = new Map<string, FireOutcome>();
    const outbox: { id: string; organisationId: string }[] = [];
    // After a pause (no Redis for days), send only the latest reminder an item has due, not each one missed.
    const superseded = new Set<string>(
      (
        await manager.query(
          `SELECT r."id" FROM "planned_reminders" r
            WHERE r."id" = ANY($1::text[]) AND EXISTS (
              SELECT 1 FROM "planned_reminders" l
               WHERE l."organisation_id" = r."organisation_id" AND l."item_kind" = r."item_kind" AND l."item_id" = r."item_id"
                 AND l."state" = 'pending' AND l."send_at" > r."send_at" AND l."send_at" <= $2)`,
          [rows.map((r) => r.id), now],
        )
      ).map((r: { id: string }) => r.id),
    );
    for (const id of superseded) outcomes.set(id, 'superseded');
    const live = rows.filter((r) => !superseded.has(r.id));
    // A process without this kind's source must not take the item for gone and cancel its reminder.
    for (const row of live) if (!this.sources.has(row.item_kind)) throw new Error(`No reminder source for "${row.item_kind}" in this process`);

    const items = new Map<string, ReminderItem>();
    for (const kind of new Set(live.map((r) => r.item_kind))) {
      const ids = [...new Set(live.filter((r) => r.item_kind === kind).map((r) => r.item_id))];
      for (const item of await this.sources.loadItems(manager, organisationId, kind, ids)) items.set(`${kind}\u0000${item.id}`, item);
    }
    const settings = live.length ? await loadReminderSettings(manager, organisationId) : null;
    const due: { row: ReminderRow; item: ReminderItem; plan: PlannedReminder }[] = [];
    for (const row of live) {
      const item = items.get(`${row.item_kind}\u0000${row.item_id}`);
      const plan = item && settings ? planReminders(item, settings, this.calendar).find((p) => p.id === row.id) : undefined;
      if (item && plan) due.push({ row, item, plan });
      else outcomes.set(row.id, 'no_longer_due');
    }

    if (due.length) {
      const executives: string[] = due.some((d) => d.plan.escalate)
        ? (await manager.query(`SELECT "user_id" FROM "membership" WHERE "organisation_id" = $1 AND "role" = 'executive'`, [organisationId])).map((e: { user_id: string }) => e.user_id)
        : [];
      // user id → is the owner, per reminder.
      const recipientsOf = due.map(({ item, plan }) => {
        const recipients = new Map<string, boolean>();
        if (item.ownerUserId) recipients.set(item.ownerUserId, true);
        if (plan.escalate) {
          if (item.journeyOwnerUserId && !recipients.has(item.journeyOwnerUserId)) recipients.set(item.journeyOwnerUserId, false);
          for (const id of executives) if (!recipients.has(id)) recipients.set(id, false);
        }
        return recipients;
      });
      // Only current members hear about the organisation's work; opted-out kinds are skipped unless mandatory.
      const members: MemberRow[] = await manager.query(
        `SELECT u."id", u."email", u."name", p."disabled_kinds" AS "disabled", p."delivery"
           FROM "app_user" u JOIN "membership" m ON m."user_id" = u."id" AND m."organisation_id" = $1
           LEFT JOIN "reminder_preference" p ON p."organisation_id" = $1 AND p."user_id" = u."id"
          WHERE u."id" = ANY($2::uuid[])`,
        [organisationId, [...new Set(recipientsOf.flatMap((r) => [...r.keys()]))]],
      );
      const memberById = new Map(members.map((m) => [m.id, m]));
      const [org] = await manager.query(`SELECT "name" FROM "organisation" WHERE "id" = $1`, [organisationId]);
      const key = due.some((d) => !d.plan.mandatory) ? await this.signingKey(manager, organisationId) : null;

      const emails: { eventId: string; userId: string; email: string; subject: string; text: string; html: string; headers: string }[] = [];
      const notes: { eventId: string; userId: string; kind: string; title: string; body: string; path: string; product: string; journey: string; digest: boolean }[] = [];
      due.forEach(({ row, item, plan }, i) => {
        const recipients = recipientsOf[i];
        const users = [...recipients.keys()].map((id) => memberById.get(id)).filter((u): u is MemberRow => u !== undefined);
        const optedOut = (u: MemberRow) => (u.disabled ?? []).includes(row.item_kind);
        // Advance notice for a member who chose a digest waits for it (as a flagged notification).
        const digest = (u: MemberRow) => !plan.mandatory && (u.delivery ?? 'immediate') !== 'immediate';
        let title: string | null = null;
        for (const u of users) {
          if ((!plan.mandatory && optedOut(u)) || digest(u)) continue;
          const unsubscribeUrl = key && !plan.mandatory ? `${this.config.http.publicUrl}/api/reminders/unsubscribe?token=${signUnsubscribe({ organisationId, userId: u.id, kind: row.item_kind }, key)}` : null;
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
          title ??= email.subject;
          emails.push({ eventId: row.id, userId: u.id, email: u.email, subject: email.subject, text: email.text, html: email.html, headers: JSON.stringify(email.headers) });
        }
        // The bell: every recipient, whatever their email preferences.
        for (const u of users) {
          notes.push({
            eventId: row.id,
            userId: u.id,
            kind: row.item_kind,
            title: (title ?? item.title).replace(/^(Escalation: )/, ''),
            body: `${item.title} (${item.productName}, ${item.journeyName}), due ${item.dueOn}.`,
            path: item.path,
            product: item.productName,
            journey: item.journeyName,
            digest: digest(u) && !optedOut(u),
          });
        }
        outcomes.set(row.id, 'sent');
      });
      if (emails.length) {
        const inserted: { id: string }[] = await manager.query(
          `INSERT INTO "email_outbox" ("organisation_id", "recipient_user_id", "recipient_email", "event_id", "subject", "text_body", "html_body", "headers")
           SELECT $1, v.user_id, v.email, v.event_id, v.subject, v.text, v.html, v.headers
             FROM unnest($2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::jsonb[]) AS v(event_id, user_id, email, subject, text, html, headers)
           ON CONFLICT ("event_id", "recipient_email") DO NOTHING
           RETURNING "id"`,
          [organisationId, ...columns(emails, ['eventId', 'userId', 'email', 'subject', 'text', 'html', 'headers'])],
        );
        outbox.push(...inserted.map((o) => ({ id: o.id, organisationId })));
      }
      if (notes.length) {
        await manager.query(
          `INSERT INTO "notification" ("organisation_id", "event_id", "user_id", "item_kind", "title", "body", "path", "product_name", "journey_name", "digest_pending")
           SELECT $1, v.* FROM unnest($2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bool[])
             AS v(event_id, user_id, kind, title, body, path, product, journey, digest)
           ON CONFLICT ("event_id", "user_id") DO NOTHING`,
          [organisationId, ...columns(notes, ['eventId', 'userId', 'kind', 'title', 'body', 'path', 'product', 'journey', 'digest'])],
        );
      }
    }
    const ids = [...outcomes.keys()];
    await manager.query(
      `UPDATE "planned_reminders" r
          SET "state" = CASE WHEN v.outcome = 'sent' THEN 'sent' ELSE 'cancelled' END,
              "sent_at" = CASE WHEN v.outcome = 'sent' THEN now() ELSE r."sent_at" END,
              "cancel_reason" = CASE WHEN v.outcome = 'sent' THEN r."cancel_reason" ELSE v.outcome END,
              "updated_at" = now()
         FROM unnest($1::text[], $2::text[]) AS v(id, outcome)
        WHERE r."id" = v.id`,
      [ids, ids.map((id) => outcomes.get(id))],
    );
    return { outcomes, outbox };
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
  async send(organisationId: string, outboxId: string, finalAttempt: boolean): Promise<SendResult> {
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
