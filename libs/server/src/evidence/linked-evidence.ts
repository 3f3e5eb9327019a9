import type { RequirementEvidenceDto } from '@pairline/contracts';
import { displayStatus, evidenceAttention, type CivilDate, type EvidenceRevisionStatus } from '@pairline/domain';
import type { EntityManager } from 'typeorm';

type RequirementEvidence = RequirementEvidenceDto;

interface LinkedRow {
  identifier: string;
  id: string;
  title: string;
  latest_number: number | null;
  latest_status: EvidenceRevisionStatus | null;
  latest_expires_on: string | null;
  approved_number: number | null;
  approved_expires_on: string | null;
}

/**
 * Evidence linked to some requirements of one SCAL, by identifier: one query whatever the number of
 * requirements and links (each item's latest and latest approved revision come from the
 * (item_id, number) index). Plain SQL in the caller's transaction, so the SCAL feature can call it
 * without depending on the evidence module.
 */
export async function linkedEvidence(manager: EntityManager, scalId: string, identifiers: readonly string[], today: CivilDate): Promise<Map<string, RequirementEvidence>> {
  const byIdentifier = new Map<string, RequirementEvidence>(identifiers.map((identifier) => [identifier, { evidence: [], needsAttention: false, attentionReasons: [] }]));
  if (identifiers.length === 0) return byIdentifier;
  const rows: LinkedRow[] = await manager.query(
    `SELECT l."requirement_identifier" AS "identifier", i."id", i."title",
       lr."number" AS "latest_number", lr."status" AS "latest_status", lr."expires_on"::text AS "latest_expires_on",
       ar."number" AS "approved_number", ar."expires_on"::text AS "approved_expires_on"
     FROM "evidence_link" l
     JOIN "evidence_item" i ON i."id" = l."evidence_id"
     LEFT JOIN LATERAL (SELECT r."number", r."status", r."expires_on" FROM "evidence_revision" r WHERE r."item_id" = i."id" ORDER BY r."number" DESC LIMIT 1) lr ON true
     LEFT JOIN LATERAL (SELECT r."number", r."expires_on" FROM "evidence_revision" r WHERE r."item_id" = i."id" AND r."status" = 'approved' ORDER BY r."number" DESC LIMIT 1) ar ON true
     WHERE l."scal_id" = $1 AND l."requirement_identifier" = ANY($2::text[])
     ORDER BY i."title", i."id"`,
    [scalId, identifiers],
  );
  for (const row of rows) {
    const entry = byIdentifier.get(row.identifier);
    if (!entry) continue;
    entry.evidence.push({
      id: row.id,
      title: row.title,
      status: row.latest_status ? displayStatus({ status: row.latest_status, expiresOn: row.latest_expires_on }, today) : null,
      expiresOn: row.approved_expires_on,
    });
    const latestApproved = row.approved_number === null ? null : { number: Number(row.approved_number), status: 'approved' as const, expiresOn: row.approved_expires_on };
    const attention = evidenceAttention({ id: row.id, title: row.title, latestApproved }, today);
    if (attention) {
      entry.needsAttention = true;
      entry.attentionReasons.push(attention.reason);
    }
  }
  return byIdentifier;
}

/** Adds each requirement's evidence to SCAL requirement read models. */
export async function withLinkedEvidence<T extends { identifier: string }>(manager: EntityManager, scalId: string, items: T[], today: CivilDate): Promise<(T & RequirementEvidence)[]> {
  const evidence = await linkedEvidence(manager, scalId, items.map((i) => i.identifier), today);
  return items.map((item) => ({ ...item, ...evidence.get(item.identifier)! }));
}
