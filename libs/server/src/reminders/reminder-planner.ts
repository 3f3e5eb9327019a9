import { Injectable } from '@nestjs/common';
import { DEFAULT_REMINDER_SETTINGS, diffReminders, planReminders, WorkingDayCalendar, type PlannedReminder, type ReminderSettings } from '@pairline/domain';
import type { EntityManager } from 'typeorm';
import { Clock } from '../calendar/calendar.module';
import { ReminderJobs } from './reminder-jobs';
import { ReminderSources, type ReminderItem, type ReminderScope } from './reminder-sources';

interface StoredRow {
  id: string;
  item_kind: string;
  item_id: string;
  send_at: Date;
  state: 'pending' | 'sent' | 'cancelled';
}

export interface ReplanResult {
  readonly inserted: number;
  readonly cancelled: number;
  readonly rescheduled: number;
}

const key = (kind: string, id: string) => `${kind}\u0000${id}`;

export async function loadReminderSettings(manager: EntityManager, organisationId: string): Promise<ReminderSettings> {
  const [row] = await manager.query(
    `SELECT "offsets_before", "on_the_day", "overdue_every", "overdue_repeats", "escalate_after", "send_minute_of_day" FROM "reminder_settings" WHERE "organisation_id" = $1`,
    [organisationId],
  );
  if (!row) return DEFAULT_REMINDER_SETTINGS;
  return {
    offsetsBefore: row.offsets_before,
    onTheDay: row.on_the_day,
    overdueEvery: row.overdue_every,
    overdueRepeats: row.overdue_repeats,
    escalateAfter: row.escalate_after,
    sendMinuteOfDay: row.send_minute_of_day,
  };
}

/**
 * Keeps `planned_reminders` in line with the dated items: called in the same transaction as the
 * write that changed them, so a reminder row exists exactly when the change is committed. Jobs
 * for what changed are then enqueued (best effort: reconciliation repairs any that are missing).
 */
@Injectable()
export class ReminderPlanner {
  constructor(
    private readonly sources: ReminderSources,
    private readonly calendar: WorkingDayCalendar,
    private readonly clock: Clock,
    private readonly jobs: ReminderJobs,
  ) {}

  /** After a journey's stages, blocking items, owner or status changed (null: all of the organisation's). */
  replanJourneys(manager: EntityManager, organisationId: string, journeyIds: readonly string[] | null): Promise<ReplanResult> {
    return this.replan(manager, organisationId, journeyIds ? { journeyIds } : 'all');
  }

  /** After items of one kind changed (their due date, owner or status), by id. */
  async replanItems(manager: EntityManager, organisationId: string, kind: string, ids: readonly string[]): Promise<ReplanResult> {
    const items = await this.sources.loadItems(manager, organisationId, kind, ids);
    return this.apply(manager, organisationId, items, { kind, ids });
  }

  async replan(manager: EntityManager, organisationId: string, scope: ReminderScope): Promise<ReplanResult> {
    const items = await this.sources.load(manager, organisationId, scope);
    return this.apply(manager, organisationId, items, scope === 'all' ? 'all' : 'journeyIds' in scope ? { journeyIds: scope.journeyIds } : { kind: null, ids: scope.itemIds });
  }

  private async apply(
    manager: EntityManager,
    organisationId: string,
    items: readonly ReminderItem[],
    scope: 'all' | { journeyIds: readonly string[] } | { kind: string | null; ids: readonly string[] },
  ): Promise<ReplanResult> {
    if (scope !== 'all' && 'journeyIds' in scope && scope.journeyIds.length === 0) return { inserted: 0, cancelled: 0, rescheduled: 0 };
    const settings = await loadReminderSettings(manager, organisationId);
    const now = this.clock.now();
    // Every row of the loaded items (any state: sent ones must not be made again), and the pending
    // rows in scope whose item is gone (to cancel).
    const params: unknown[] = [organisationId, items.map((i) => i.kind), items.map((i) => i.id)];
    let orphans = 'TRUE';
    if (scope !== 'all') {
      if ('journeyIds' in scope) {
        params.push(scope.journeyIds);
        orphans = `"journey_id" = ANY($4::uuid[])`;
      } else {
        params.push(scope.ids);
        orphans = `"item_id" = ANY($4::text[])${scope.kind ? ` AND "item_kind" = $5` : ''}`;
        if (scope.kind) params.push(scope.kind);
      }
    }
    const stored: StoredRow[] = await manager.query(
      `SELECT "id", "item_kind", "item_id", "send_at", "state" FROM "planned_reminders"
        WHERE "organisation_id" = $1
          AND (("item_kind", "item_id") IN (SELECT * FROM unnest($2::text[], $3::text[])) OR ("state" = 'pending' AND ${orphans}))`,
      params,
    );
    const byItem = new Map<string, StoredRow[]>();
    for (const row of stored) {
      const k = key(row.item_kind, row.item_id);
      byItem.set(k, [...(byItem.get(k) ?? []), row]);
    }
    const insert: { plan: PlannedReminder; item: ReminderItem }[] = [];
    const reschedule: PlannedReminder[] = [];
    const cancel: string[] = [];
    const seen = new Set<string>();
    for (const item of items) {
      const k = key(item.kind, item.id);
      if (seen.has(k)) continue;
      seen.add(k);
      const rows = byItem.get(k) ?? [];
      const pending = rows.filter((r) => r.state === 'pending').map((r) => ({ id: r.id, sendAt: new Date(r.send_at) }));
      const sent = new Set(rows.filter((r) => r.state === 'sent').map((r) => r.id));
      const changes = diffReminders(pending, planReminders(item, settings, this.calendar), now, sent);
      insert.push(...changes.insert.map((plan) => ({ plan, item })));
      reschedule.push(...changes.reschedule);
      cancel.push(...changes.cancel);
    }
    for (const [k, rows] of byItem) if (!seen.has(k)) cancel.push(...rows.filter((r) => r.state === 'pending').map((r) => r.id));

    if (insert.length) {
      // A reminder cancelled earlier comes back when its item returns to the same due date.
      await manager.query(
        `INSERT INTO "planned_reminders" ("id", "organisation_id", "item_kind", "item_id", "journey_id", "due_on", "offset_days", "phase", "send_at", "escalate", "mandatory")
         SELECT v.id, $1, v.kind, v.item, v.journey, v.due, v.off, v.phase, v.send_at, v.escalate, v.mandatory
           FROM unnest($2::text[], $3::text[], $4::text[], $5::uuid[], $6::date[], $7::int[], $8::text[], $9::timestamptz[], $10::bool[], $11::bool[])
             AS v(id, kind, item, journey, due, off, phase, send_at, escalate, mandatory)
         ON CONFLICT ("id") DO UPDATE SET "state" = 'pending', "send_at" = EXCLUDED."send_at", "escalate" = EXCLUDED."escalate", "mandatory" = EXCLUDED."mandatory",
           "cancel_reason" = NULL, "updated_at" = now()
         WHERE "planned_reminders"."state" = 'cancelled'`,
        [
          organisationId,
          insert.map((i) => i.plan.id),
          insert.map((i) => i.plan.itemKind),
          insert.map((i) => i.plan.itemId),
          insert.map((i) => i.item.journeyId),
          insert.map((i) => i.plan.dueOn),
          insert.map((i) => i.plan.offset),
          insert.map((i) => i.plan.phase),
          insert.map((i) => i.plan.sendAt.toISOString()),
          insert.map((i) => i.plan.escalate),
          insert.map((i) => i.plan.mandatory),
        ],
      );
    }
    if (reschedule.length) {
      await manager.query(
        `UPDATE "planned_reminders" r SET "send_at" = v.send_at, "escalate" = v.escalate, "updated_at" = now()
           FROM unnest($2::text[], $3::timestamptz[], $4::bool[]) AS v(id, send_at, escalate)
          WHERE r."organisation_id" = $1 AND r."id" = v.id AND r."state" = 'pending'`,
        [organisationId, reschedule.map((p) => p.id), reschedule.map((p) => p.sendAt.toISOString()), reschedule.map((p) => p.escalate)],
      );
    }
    if (cancel.length) {
      await manager.query(`UPDATE "planned_reminders" SET "state" = 'cancelled', "cancel_reason" = 'replanned', "updated_at" = now() WHERE "organisation_id" = $1 AND "id" = ANY($2::text[]) AND "state" = 'pending'`, [
        organisationId,
        cancel,
      ]);
    }
    await this.jobs.unschedule(cancel);
    await this.jobs.schedule(insert.map((i) => ({ id: i.plan.id, organisationId, sendAt: i.plan.sendAt })));
    await this.jobs.schedule(reschedule.map((p) => ({ id: p.id, organisationId, sendAt: p.sendAt })), true);
    return { inserted: insert.length, cancelled: cancel.length, rescheduled: reschedule.length };
  }
}
