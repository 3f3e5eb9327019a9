import { Injectable } from '@nestjs/common';
import type { AuditEventDto, AuditVerificationDto } from '@pairline/contracts';
import { AuditTrailVerifier, canonicalBody, type ChainedAuditEvent, type FieldChanges, type StoredAuditEvent } from '@pairline/domain';
import type { EntityManager } from 'typeorm';
import type { Actor, RequestOrigin } from '../auth/actor';
import { sha256Hex } from '../auth/secrets';
import { Db } from '../database/db.service';
import { entityColumns, findPage } from '../listing/find-page';
import { ListQuery, ListSpec, Page } from '../listing/list-query';
import { AuditCheckpoints } from './audit-checkpoints';
import { AuditEventEntity } from './audit-event.entity';

/** Who an event is attributed to: a member acting, or the system (seeding, scheduled jobs). */
export interface AuditAuthor {
  readonly organisationId: string;
  readonly userId: string | null;
  readonly label: string;
  readonly requestId: string | null;
  readonly ip: string | null;
}

export interface AuditEntry {
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string | null;
  readonly changes?: FieldChanges | null;
}

export function authorOf(actor: Actor): AuditAuthor {
  return { organisationId: actor.organisationId, userId: actor.userId, label: actor.via === 'api_token' ? `${actor.email} (API token)` : actor.email, requestId: actor.requestId, ip: actor.ip };
}

export function systemAuthor(organisationId: string, origin?: RequestOrigin): AuditAuthor {
  return { organisationId, userId: null, label: 'system', requestId: origin?.requestId ?? null, ip: origin?.ip ?? null };
}

export const AUDIT_LIST: ListSpec<'id' | 'seq' | 'occurredAt' | 'action' | 'entityType' | 'entityId' | 'actorUserId'> = {
  resource: 'audit-events',
  fields: {
    id: 'e.id',
    seq: 'e.seq',
    occurredAt: 'e.occurred_at',
    action: 'e.action',
    entityType: 'e.entity_type',
    entityId: 'e.entity_id',
    actorUserId: 'e.actor_user_id',
  },
  sortable: ['seq', 'occurredAt', 'action', 'entityType'],
  filterable: { id: 'uuid', action: 'text', entityType: 'text', entityId: 'text', actorUserId: 'uuid' },
  ranges: { from: { field: 'occurredAt', op: '>=' }, to: { field: 'occurredAt', op: '<=' } },
  defaultSort: { field: 'seq', order: 'DESC' },
  tieBreaker: 'e.seq',
};

const toChained = (row: AuditEventEntity): ChainedAuditEvent => ({
  organisationId: row.organisationId,
  seq: Number(row.seq),
  occurredAt: row.occurredAt.toISOString(),
  actorUserId: row.actorUserId,
  actorLabel: row.actorLabel,
  action: row.action,
  entityType: row.entityType,
  entityId: row.entityId,
  changes: row.changes,
  requestId: row.requestId,
  ip: row.ip,
});

/** The organisation's events (row-level security agrees; the condition lets the index serve it), after a sequence number. */
const auditSource = (manager: EntityManager, organisationId: string, afterSeq = 0) => ({
  select: entityColumns(manager, AuditEventEntity, 'e'),
  from: `"audit_event" e`,
  where: `e."organisation_id" = $1 AND e."seq" > $2`,
  params: [organisationId, afterSeq],
});
const toStored = (row: AuditEventEntity): StoredAuditEvent => ({ ...toChained(row), id: row.id, prevHash: row.prevHash, hash: row.hash });

export const toAuditDto = (row: AuditEventEntity): AuditEventDto => ({ id: row.id, ...toChained(row), hash: row.hash });

@Injectable()
export class AuditTrail {
  constructor(
    private readonly db: Db,
    private readonly checkpoints: AuditCheckpoints,
  ) {}

  /**
   * Appends an event in the caller's transaction, so it commits or rolls back with the change it
   * describes. Events of one organisation are serialised by a transaction-scoped advisory lock,
   * which keeps the sequence gap-free and the chain linear.
   */
  async record(manager: EntityManager, author: AuditAuthor, entry: AuditEntry): Promise<void> {
    const event: Omit<ChainedAuditEvent, 'seq'> = {
      organisationId: author.organisationId,
      occurredAt: new Date().toISOString(),
      actorUserId: author.userId,
      actorLabel: author.label,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      changes: entry.changes ?? null,
      requestId: author.requestId,
      ip: author.ip,
    };
    // Sequence number and hash are assigned in the database under the organisation's chain lock.
    await manager.query(`SELECT audit_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, [
      event.organisationId,
      canonicalBody(event),
      event.occurredAt,
      event.actorUserId,
      event.actorLabel,
      event.action,
      event.entityType,
      event.entityId,
      event.changes === null ? null : JSON.stringify(event.changes),
      event.requestId,
      event.ip,
    ]);
  }

  list(actor: Actor, query: ListQuery): Promise<Page<AuditEventDto>> {
    return this.db.transaction(async (manager) => {
      return findPage(manager, auditSource(manager, actor.organisationId), query, AUDIT_LIST, toAuditDto);
    }, { organisationId: actor.organisationId, userId: actor.userId });
  }

  /** Events matching a list query, oldest first, in batches: for CSV export. */
  async *stream(actor: Actor, query: ListQuery, batchSize = 1_000): AsyncGenerator<AuditEventDto[]> {
    let afterSeq = 0;
    for (;;) {
      const batch = await this.db.transaction(async (manager) => {
        const source = auditSource(manager, actor.organisationId, afterSeq);
        const page = await findPage<AuditEventEntity>(manager, source, { ...query, sort: { column: 'e.seq', order: 'ASC' }, offset: 0, limit: batchSize }, AUDIT_LIST, undefined, { count: false });
        return page.items;
      }, { organisationId: actor.organisationId, userId: actor.userId });
      if (batch.length === 0) return;
      yield batch.map(toAuditDto);
      afterSeq = Number(batch[batch.length - 1].seq);
    }
  }

  /**
   * Re-computes the whole chain of the organisation, in batches, and holds it against every signed
   * checkpoint: the first broken link, or the checkpoint the chain contradicts (cut short,
   * rewritten, or a signature no trusted key made).
   */
  async verify(organisationId: string, batchSize = 5_000): Promise<AuditVerificationDto> {
    const checkpoints = await this.db.transaction((manager) => this.checkpoints.list(manager, organisationId), { organisationId });
    const verifier = new AuditTrailVerifier(organisationId, checkpoints, sha256Hex, (c) => this.checkpoints.signatureValid(c));
    let afterSeq = 0;
    while (!verifier.done) {
      const rows = await this.db.transaction(
        (manager) =>
          manager.getRepository(AuditEventEntity).createQueryBuilder('e').where('e.organisation_id = :organisationId AND e.seq > :seq', { organisationId, seq: afterSeq }).orderBy('e.seq', 'ASC').limit(batchSize).getMany(),
        { organisationId },
      );
      if (rows.length === 0) break;
      verifier.push(rows.map(toStored));
      afterSeq = Number(rows[rows.length - 1].seq);
    }
    return verifier.result();
  }

  /** The whole trail in `seq` order, in batches, up to and including `untilSeq`: for the JSON export. */
  async *storedEvents(organisationId: string, untilSeq: number, batchSize = 1_000): AsyncGenerator<StoredAuditEvent[]> {
    let afterSeq = 0;
    while (afterSeq < untilSeq) {
      const rows = await this.db.transaction(
        (manager) =>
          manager.getRepository(AuditEventEntity).createQueryBuilder('e').where('e.organisation_id = :organisationId AND e.seq > :after AND e.seq <= :until', { organisationId, after: afterSeq, until: untilSeq }).orderBy('e.seq', 'ASC').limit(batchSize).getMany(),
        { organisationId },
      );
      if (rows.length === 0) return;
      yield rows.map(toStored);
      afterSeq = Number(rows[rows.length - 1].seq);
    }
  }
}
