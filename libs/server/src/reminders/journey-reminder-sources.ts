import { WorkingDayCalendar } from '@pairline/domain';
import type { EntityManager } from 'typeorm';
import type { ReminderItem, ReminderScope, ReminderSource } from './reminder-sources';

interface Row {
  kind: 'stage_due' | 'stage_sla' | 'blocking_item';
  id: string;
  journey_id: string;
  owner_user_id: string | null;
  journey_owner_user_id: string | null;
  due_on: string;
  start_on: string | null;
  status: string;
  journey_status: string;
  title: string;
  owed_by: string | null;
  product_name: string;
  mechanism_name: string;
  provider_name: string | null;
}

const JOURNEY_JOIN = `JOIN "journey" j ON j."id" = x."journey_id"
  JOIN "product" p ON p."id" = j."product_id"
  JOIN "mechanism" m ON m."key" = j."mechanism_key"
  LEFT JOIN "provider_supplier" ps ON ps."key" = j."provider_key"`;
const JOURNEY_FIELDS = `x."journey_id", j."owner_user_id" AS "journey_owner_user_id", j."status" AS "journey_status", p."name" AS "product_name", m."name" AS "mechanism_name",
  CASE WHEN ps."key" IS NULL THEN NULL ELSE ps."name" || ' (' || ps."system_name" || ')' END AS "provider_name"`;

function where(scope: ReminderScope, params: unknown[]): string {
  if (scope === 'all') return '';
  if ('journeyIds' in scope) {
    params.push(scope.journeyIds);
    return ` AND x."journey_id" = ANY($${params.length}::uuid[])`;
  }
  params.push(scope.itemIds.filter((id) => /^[0-9a-f-]{36}$/i.test(id)));
  return ` AND x."id" = ANY($${params.length}::uuid[])`;
}

const WAITING_ON: Record<string, string> = { waiting_nhs_england: 'NHS England', waiting_provider: 'the provider' };

/**
 * Journey stages (planned end dates; SLA responses owed while a stage waits on NHS England or the
 * provider) and blocking items (due dates). Owners: the stage's or item's owner, else the journey's.
 */
export class JourneyReminderSources implements ReminderSource {
  readonly kinds = ['stage_due', 'stage_sla', 'blocking_item'] as const;
  readonly labels = {
    stage_due: 'Journey stage planned end dates',
    stage_sla: 'Responses owed to a journey under an SLA',
    blocking_item: 'Blocking item due dates',
  };

  constructor(private readonly calendar: WorkingDayCalendar) {}

  async load(manager: EntityManager, organisationId: string, scope: ReminderScope): Promise<ReminderItem[]> {
    const params: unknown[] = [organisationId];
    const filter = where(scope, params);
    const rows: Row[] = await manager.query(
      `SELECT 'stage_due' AS "kind", x."id", x."owner_user_id", x."planned_end"::text AS "due_on", x."planned_start"::text AS "start_on", x."status", x."name" AS "title", NULL AS "owed_by", ${JOURNEY_FIELDS}
         FROM "journey_stage" x ${JOURNEY_JOIN}
        WHERE x."organisation_id" = $1 AND x."planned_end" IS NOT NULL${filter}
       UNION ALL
       SELECT 'stage_sla', x."id", x."owner_user_id", x."waiting_since"::text, NULL, x."status", x."name", x."sla_working_days"::text, ${JOURNEY_FIELDS}
         FROM "journey_stage" x ${JOURNEY_JOIN}
        WHERE x."organisation_id" = $1 AND x."status" IN ('waiting_nhs_england', 'waiting_provider') AND x."waiting_since" IS NOT NULL AND x."sla_working_days" IS NOT NULL${filter}
       UNION ALL
       SELECT 'blocking_item', x."id", x."owner_user_id", x."due_on"::text, x."raised_on"::text, x."status", x."title", x."owed_by", ${JOURNEY_FIELDS}
         FROM "blocking_item" x ${JOURNEY_JOIN}
        WHERE x."organisation_id" = $1 AND x."due_on" IS NOT NULL${filter}`,
      params,
    );
    return rows.map((row) => this.item(row));
  }

  private item(row: Row): ReminderItem {
    const withdrawn = row.journey_status === 'withdrawn';
    const common = {
      id: row.id,
      journeyId: row.journey_id,
      journeyOwnerUserId: row.journey_owner_user_id,
      ownerUserId: row.owner_user_id ?? row.journey_owner_user_id,
      productName: row.product_name,
      journeyName: row.provider_name ? `${row.mechanism_name} with ${row.provider_name}` : row.mechanism_name,
      path: `/#/journeys/${row.journey_id}/show`,
    };
    switch (row.kind) {
      case 'stage_due':
        return {
          ...common,
          kind: row.kind,
          dueOn: row.due_on,
          startOn: row.start_on,
          started: row.status !== 'not_started',
          completed: withdrawn || row.status === 'done' || row.status === 'skipped',
          title: `Stage “${row.title}” is planned to finish`,
        };
      case 'stage_sla':
        return {
          ...common,
          kind: row.kind,
          // The SLA counts working days from the day the stage started waiting.
          dueOn: this.calendar.addWorkingDays(row.due_on, Number(row.owed_by)),
          startOn: row.due_on,
          started: true,
          completed: withdrawn,
          title: `A response from ${WAITING_ON[row.status] ?? 'the other party'} on stage “${row.title}” is due under its SLA`,
        };
      case 'blocking_item':
        return {
          ...common,
          kind: row.kind,
          dueOn: row.due_on,
          startOn: row.start_on,
          started: true,
          completed: withdrawn || row.status !== 'open',
          title: `Blocking item “${row.title}” is due`,
        };
    }
  }
}
