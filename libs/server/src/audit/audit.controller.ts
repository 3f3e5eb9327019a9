import { Controller, Get, Param, ParseUUIDPipe, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AuditEventDto, AuditVerificationDto } from '@pairline/contracts';
import { DomainError } from '@pairline/domain';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { CurrentActor, type Actor } from '../auth/actor';
import { OwnTransactions, RequirePermission } from '../auth/decorators';
import { Db } from '../database/db.service';
import { ApiList, ListParams } from '../listing/list-params.decorator';
import type { ListQuery, Page } from '../listing/list-query';
import { AUDIT_LIST, AuditTrail, authorOf } from './audit.service';
import { csvRow } from './csv';

const CSV_COLUMNS: (keyof AuditEventDto)[] = ['seq', 'occurredAt', 'actorLabel', 'actorUserId', 'action', 'entityType', 'entityId', 'changes', 'requestId', 'ip', 'hash', 'id'];

@ApiTags('audit')
@Controller('audit-events')
export class AuditController {
  constructor(
    private readonly audit: AuditTrail,
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
    const body = Readable.from(
      (async function* () {
        yield csvRow(CSV_COLUMNS);
        for await (const batch of audit.stream(actor, query)) {
          yield batch.map((event) => csvRow(CSV_COLUMNS.map((column) => event[column]))).join('');
        }
      })(),
    );
    const stamp = new Date().toISOString().slice(0, 10);
    await reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="pairline-audit-${stamp}.csv"`)
      .header('X-Content-Type-Options', 'nosniff')
      .send(body);
  }

  @Get('verify')
  @RequirePermission('audit.read')
  verify(@CurrentActor() actor: Actor): Promise<AuditVerificationDto> {
    return this.audit.verify(actor.organisationId);
  }

  @Get(':id')
  @RequirePermission('audit.read')
  async get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<AuditEventDto> {
    const page = await this.audit.list(actor, { sort: { column: 'e.seq', order: 'DESC' }, offset: 0, limit: 1, filters: [{ column: 'e.id', values: [id] }], bounds: [], search: null });
    if (!page.items[0]) throw new DomainError('not_found', 'audit_event_not_found', 'No such audit event.');
    return page.items[0];
  }
}
