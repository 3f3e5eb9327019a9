import type { EntityManager } from 'typeorm';
import type { ReminderItem, ReminderScope, ReminderSource } from './reminder-sources';

const UUID = /^[0-9a-f-]{36}$/i;

interface ScalRow {
  id: string;
  identifier: string;
  owner_user_id: string | null;
  due_on: string;
  status: string;
  journey_id: string | null;
  journey_owner_user_id: string | null;
  journey_status: string | null;
  product_name: string;
  mechanism_name: string | null;
  provider_name: string | null;
}

/**
 * SCAL requirement due dates (`scal_answer.due_on`), owned by the answer's owner. A SCAL shared by
 * several journeys of one product is reported against the first of them (the journey page holds
 * the SCAL tab). Accepted requirements are complete.
 */
export class ScalReminderSource implements ReminderSource {
  readonly kinds = ['scal_requirement'] as const;
  readonly labels = { scal_requirement: 'SCAL requirement due dates' };

  async load(manager: EntityManager, organisationId: string, scope: ReminderScope): Promise<ReminderItem[]> {
    const params: unknown[] = [organisationId];
    let filter = '';
    if (scope !== 'all' && 'journeyIds' in scope) {
      params.push(scope.journeyIds);
      filter = ` AND a."scal_id" IN (SELECT "scal_id" FROM "scal_journey" WHERE "journey_id" = ANY($2::uuid[]))`;
    } else if (scope !== 'all') {
      params.push(scope.itemIds.filter((id) => UUID.test(id)));
      filter = ` AND a."id" = ANY($2::uuid[])`;
    }
    const rows: ScalRow[] = await manager.query(
      `SELECT a."id", a."identifier", a."owner_user_id", a."due_on"::text AS "due_on", a."status", sj."journey_id", j."owner_user_id" AS "journey_owner_user_id", j."status" AS "journey_status",
              p."name" AS "product_name", m."name" AS "mechanism_name", CASE WHEN ps."key" IS NULL THEN NULL ELSE ps."name" || ' (' || ps."system_name" || ')' END AS "provider_name"
         FROM "scal_answer" a
         JOIN "scal" s ON s."id" = a."scal_id"
         JOIN "product" p ON p."id" = s."product_id"
         LEFT JOIN LATERAL (SELECT x."journey_id" FROM "scal_journey" x WHERE x."scal_id" = s."id" ORDER BY x."journey_id" LIMIT 1) sj ON true
         LEFT JOIN "journey" j ON j."id" = sj."journey_id"
         LEFT JOIN "mechanism" m ON m."key" = j."mechanism_key"
         LEFT JOIN "provider_supplier" ps ON ps."key" = j."provider_key"
        WHERE a."organisation_id" = $1 AND a."due_on" IS NOT NULL${filter}`,
      params,
    );
    return rows.map((row) => ({
      kind: 'scal_requirement',
      id: row.id,
      ownerUserId: row.owner_user_id ?? row.journey_owner_user_id,
      dueOn: row.due_on,
      startOn: null,
      started: row.status !== 'not_started',
      completed: row.status === 'accepted' || row.journey_status === 'withdrawn',
      journeyId: row.journey_id,
      journeyOwnerUserId: row.journey_owner_user_id,
      title: `SCAL requirement ${row.identifier} is due`,
      productName: row.product_name,
      journeyName: row.mechanism_name ? (row.provider_name ? `${row.mechanism_name} with ${row.provider_name}` : row.mechanism_name) : 'SCAL not attached to a journey',
      path: row.journey_id ? `/#/journeys/${row.journey_id}/show` : '/#/',
    }));
  }
}

/**
 * Evidence expiry: the latest approved revision's `expires_on`, owned by whoever created the
 * evidence item. A newer approved revision moves the date (new reminder ids; the old ones are
 * cancelled when they fire). Evidence belongs to no journey, so journey re-plans never load it.
 */
export class EvidenceReminderSource implements ReminderSource {
  readonly kinds = ['evidence_expiry'] as const;
  readonly labels = { evidence_expiry: 'Evidence expiry dates' };

  async load(manager: EntityManager, organisationId: string, scope: ReminderScope): Promise<ReminderItem[]> {
    if (scope !== 'all' && 'journeyIds' in scope) return [];
    const params: unknown[] = [organisationId];
    let filter = '';
    if (scope !== 'all') {
      params.push(scope.itemIds.filter((id) => UUID.test(id)));
      filter = ` AND i."id" = ANY($2::uuid[])`;
    }
    const rows: { id: string; title: string; owner: string; expires_on: string }[] = await manager.query(
      `SELECT i."id", i."title", i."created_by_user_id" AS "owner", ar."expires_on"::text AS "expires_on"
         FROM "evidence_item" i
         JOIN LATERAL (SELECT r."expires_on" FROM "evidence_revision" r WHERE r."item_id" = i."id" AND r."status" = 'approved' ORDER BY r."number" DESC LIMIT 1) ar ON true
        WHERE i."organisation_id" = $1 AND ar."expires_on" IS NOT NULL${filter}`,
      params,
    );
    return rows.map((row) => ({
      kind: 'evidence_expiry',
      id: row.id,
      ownerUserId: row.owner,
      dueOn: row.expires_on,
      startOn: null,
      started: true,
      completed: false,
      journeyId: null,
      journeyOwnerUserId: null,
      title: `Evidence “${row.title}” expires`,
      productName: 'evidence vault',
      journeyName: 'not tied to one journey',
      path: `/#/evidence/${row.id}/show`,
    }));
  }
}

/**
 * Hazard review dates (`hazard.next_review_on`), owned by the hazard's owner; closed, transferred
 * and withdrawn hazards are complete. Reported against the first journey the hazard is linked to,
 * if any (hazards belong to a product).
 */
export class HazardReminderSource implements ReminderSource {
  readonly kinds = ['hazard_review'] as const;
  readonly labels = { hazard_review: 'Hazard review dates' };

  async load(manager: EntityManager, organisationId: string, scope: ReminderScope): Promise<ReminderItem[]> {
    const params: unknown[] = [organisationId];
    let filter = '';
    if (scope !== 'all' && 'journeyIds' in scope) {
      params.push(scope.journeyIds);
      filter = ` AND h."id" IN (SELECT "hazard_id" FROM "hazard_journey" WHERE "journey_id" = ANY($2::uuid[]))`;
    } else if (scope !== 'all') {
      params.push(scope.itemIds.filter((id) => UUID.test(id)));
      filter = ` AND h."id" = ANY($2::uuid[])`;
    }
    const rows: { id: string; number: string; name: string; owner_user_id: string | null; next_review_on: string; status: string; withdrawn: boolean; product_id: string; product_name: string; journey_id: string | null; journey_owner_user_id: string | null }[] = await manager.query(
      `SELECT h."id", h."number", h."name", h."owner_user_id", h."next_review_on"::text AS "next_review_on", h."status", h."withdrawn_at" IS NOT NULL AS "withdrawn",
              p."id" AS "product_id", p."name" AS "product_name", hj."journey_id", j."owner_user_id" AS "journey_owner_user_id"
         FROM "hazard" h
         JOIN "product" p ON p."id" = h."product_id"
         LEFT JOIN LATERAL (SELECT x."journey_id" FROM "hazard_journey" x WHERE x."hazard_id" = h."id" ORDER BY x."journey_id" LIMIT 1) hj ON true
         LEFT JOIN "journey" j ON j."id" = hj."journey_id"
        WHERE h."organisation_id" = $1 AND h."next_review_on" IS NOT NULL${filter}`,
      params,
    );
    return rows.map((row) => ({
      kind: 'hazard_review',
      id: row.id,
      ownerUserId: row.owner_user_id ?? row.journey_owner_user_id,
      dueOn: row.next_review_on,
      startOn: null,
      started: true,
      completed: row.withdrawn || row.status !== 'open',
      journeyId: row.journey_id,
      journeyOwnerUserId: row.journey_owner_user_id,
      title: `Review of hazard ${row.number} “${row.name}” is due`,
      productName: row.product_name,
      journeyName: row.journey_id ? 'the hazard log of a linked journey' : 'the product’s hazard log',
      path: `/#/products/${row.product_id}/show`,
    }));
  }
}
