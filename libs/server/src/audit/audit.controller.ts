import { Controller, Get, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuditCheckpointDto, AuditEventDto, AuditVerificationDto } from '@pairline/contracts';
import { DomainError } from '@pairline/domain';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { CurrentActor, tenantOf, type Actor } from '../auth/actor';
import { OwnTransactions, RequirePermission } from '../auth/decorators';
import { Db } from '../database/db.service';
import { ApiList, ListParams } from '../listing/list-params.decorator';
import type { ListQuery, Page } from '../listing/list-query';
import { AuditCheckpoints } from './audit-checkpoints';
import { AUDIT_LIST, AuditTrail, authorOf } from './audit.service';
import { csvRow } from './csv';

const CSV_COLUMNS: (keyof AuditEventDto)[] = ['seq', 'occurredAt', 'actorLabel', 'actorUserId', 'action', 'entityType', 'entityId', 'changes', 'requestId', 'ip', 'hash', 'id'];
const CHECKPOINT_COLUMNS: (keyof AuditCheckpointDto)[] = ['seq', 'signedAt', 'hash', 'keyId', 'signature', 'id'];

@ApiTags('audit')
@Controller('audit-events')
export class AuditController {
  constructor(
    private readonly audit: AuditTrail,
    private readonly checkpoints: AuditCheckpoints,
    private readonly db: Db,
  ) {}

  @Get()
  @RequirePermission('audit.read')
  @ApiList(AUDIT_LIST)
  list(@CurrentActor() actor: Actor, @ListParams(AUDIT_LIST) query: ListQuery): Promise<Page<AuditEventDto>> {
    return this.audit.list(actor, query);
  }

  /** Same filters as the list; streamed in batches, oldest first. The export itself is audited. */
  @Get('export.csv')
  @RequirePermission('audit.export')
  @OwnTransactions()
  @ApiList(AUDIT_LIST)
  async exportCsv(@CurrentActor() actor: Actor, @ListParams(AUDIT_LIST) query: ListQuery, @Res() reply: FastifyReply): Promise<void> {
    await this.db.transaction(
      (manager) =>
        this.audit.record(manager, authorOf(actor), {
          action: 'audit.exported',
          entityType: 'audit_event',
          entityId: null,
          changes: { filters: { after: { filters: query.filters, bounds: query.bounds } } },
        }),
      { organisationId: actor.organisationId, userId: actor.userId },
    );
    const audit = this.audit;
    const checkpoints = await this.db.transaction((manager) => this.checkpoints.list(manager, actor.organisationId), tenantOf(actor));
    const body = Readable.from(
      (async function* () {
        yield csvRow(CSV_COLUMNS);
        for await (const batch of audit.stream(actor, query)) {
          yield batch.map((event) => csvRow(CSV_COLUMNS.map((column) => event[column]))).join('');
        }
        // The signed checkpoints follow the events, after a blank line, as a table of their own.
        yield '\r\n';
        yield csvRow(CHECKPOINT_COLUMNS.map((column) => `checkpoint ${column}`));
        yield checkpoints.map((checkpoint) => csvRow(CHECKPOINT_COLUMNS.map((column) => checkpoint[column]))).join('');
      })(),
    );
    const stamp = new Date().toISOString().slice(0, 10);
    await reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="pairline-audit-${stamp}.csv"`)
      .header('X-Content-Type-Options', 'nosniff')
      .send(body);
  }

  /**
   * The whole trail, as stored, with every checkpoint, for verifying offline with the public key
   * (`npm run cli -- verify-audit-export`). Audited, then anchored: the head, this export's own
   * event included, is signed before the events are read, and the events run up to it.
   */
  @Get('export.json')
  @RequirePermission('audit.export')
  @OwnTransactions()
  async exportJson(@CurrentActor() actor: Actor, @Res() reply: FastifyReply): Promise<void> {
    await this.db.transaction(
      (manager) => this.audit.record(manager, authorOf(actor), { action: 'audit.exported', entityType: 'audit_event', entityId: null, changes: { format: { after: 'json' } } }),
      tenantOf(actor),
    );
    const head = (await this.checkpoints.checkpoint(actor.organisationId, 'on_demand', actor.userId))?.checkpoint;
    const checkpoints = await this.db.transaction((manager) => this.checkpoints.list(manager, actor.organisationId), tenantOf(actor));
    const audit = this.audit;
    const exportedAt = new Date().toISOString();
    const body = Readable.from(
      (async function* () {
        yield `{"format":"pairline-audit-trail-v1","organisationId":${JSON.stringify(actor.organisationId)},"exportedAt":${JSON.stringify(exportedAt)},"checkpoints":${JSON.stringify(checkpoints)},"events":[`;
        let first = true;
        for await (const batch of audit.storedEvents(actor.organisationId, head?.seq ?? 0)) {
          yield (first ? '' : ',') + batch.map((event) => JSON.stringify(event)).join(',');
          first = false;
        }
        yield ']}';
      })(),
    );
    await reply
      .header('Content-Type', 'application/json; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="pairline-audit-${exportedAt.slice(0, 10)}.json"`)
      .header('X-Content-Type-Options', 'nosniff')
      .send(body);
  }

  /** The chain recomputed and held against every signed checkpoint; names the latest, and any it contradicts. */
  @Get('verify')
  @RequirePermission('audit.read')
  verify(@CurrentActor() actor: Actor): Promise<AuditVerificationDto> {
    return this.audit.verify(actor.organisationId);
  }

  @Get('checkpoints')
  @RequirePermission('audit.read')
  listCheckpoints(@CurrentActor() actor: Actor): Promise<AuditCheckpointDto[]> {
    return this.db.transaction((manager) => this.checkpoints.list(manager, actor.organisationId), tenantOf(actor));
  }

  /** Signs the current head now (or answers the checkpoint that already signed it). */
  @Post('checkpoints')
  @RequirePermission('audit.export')
  async createCheckpoint(@CurrentActor() actor: Actor): Promise<AuditCheckpointDto> {
    const signed = await this.checkpoints.checkpoint(actor.organisationId, 'on_demand', actor.userId);
    if (!signed) throw new DomainError('unprocessable', 'audit_trail_empty', 'The audit trail has no events yet: there is nothing to sign.');
    return signed.checkpoint;
  }

  /** The public key that verifies checkpoints (SubjectPublicKeyInfo PEM), for offline verification. */
  @Get('checkpoints/public-key')
  @RequirePermission('audit.read')
  async publicKey(@Res() reply: FastifyReply): Promise<void> {
    await reply.header('Content-Type', 'application/x-pem-file').header('Content-Disposition', 'attachment; filename="pairline-audit-public-key.pem"').send(this.checkpoints.publicKeyPem());
  }

  @Get(':id')
  @RequirePermission('audit.read')
  async get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<AuditEventDto> {
    const page = await this.audit.list(actor, { sort: { column: 'e.seq', order: 'DESC' }, offset: 0, limit: 1, filters: [{ column: 'e.id', values: [id] }], bounds: [], search: null });
    if (!page.items[0]) throw new DomainError('not_found', 'audit_event_not_found', 'No such audit event.');
    return page.items[0];
  }
}
