import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post, Put, Query, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { EvidenceDetailDto, EvidenceItemDto, EvidenceLinkDto, ExpiringEvidenceDto } from '@pairline/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentActor, type Actor } from '../auth/actor';
import { OwnTransactions, RequirePermission } from '../auth/decorators';
import { ApiList, ListParams } from '../listing/list-params.decorator';
import type { ListQuery, Page } from '../listing/list-query';
import { MULTIPART_ROUTE, readMultipart } from './multipart';
import { CreateEvidenceBody, CreateEvidenceLinkBody, ExpiringQuery, RevisionStatusBody, UpdateEvidenceBody } from './evidence.dto';
import { contentDisposition, EVIDENCE_LIST, EvidenceService, MAX_FILES_PER_REVISION, REVISION_MULTIPART } from './evidence.service';
import { AcceptsFullRecord } from '../http/full-record';

@ApiTags('evidence')
@Controller('evidence')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Get()
  @RequirePermission('evidence.read')
  @ApiList(EVIDENCE_LIST)
  list(@CurrentActor() actor: Actor, @ListParams(EVIDENCE_LIST) query: ListQuery): Promise<Page<EvidenceItemDto>> {
    return this.evidence.list(actor, query);
  }

  /** Approved evidence expiring within `withinDays` (default 30) days, soonest first. */
  @Get('expiring')
  @RequirePermission('evidence.read')
  expiring(@CurrentActor() actor: Actor, @Query() query: ExpiringQuery): Promise<ExpiringEvidenceDto[]> {
    return this.evidence.expiringEvidence(actor.organisationId, query.withinDays ?? 30);
  }

  @Post()
  @RequirePermission('evidence.write')
  create(@CurrentActor() actor: Actor, @Body() body: CreateEvidenceBody): Promise<EvidenceDetailDto> {
    return this.evidence.create(actor, body);
  }

  @Get(':id')
  @RequirePermission('evidence.read')
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<EvidenceDetailDto> {
    return this.evidence.get(actor, id);
  }

  @Put(':id')
  @AcceptsFullRecord()
  @RequirePermission('evidence.write')
  update(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateEvidenceBody): Promise<EvidenceDetailDto> {
    return this.evidence.update(actor, id, body);
  }

  /**
   * multipart/form-data: fields `effectiveOn`, `expiresOn`, `url`, `note` first, then up to 20
   * parts named `files`. Streamed to storage (its own short transactions, not the request's: a
   * transaction must not stay open while a 50 MB body arrives).
   */
  @Post(':id/revisions')
  @RequirePermission('evidence.write')
  @OwnTransactions()
  @RouteConfig({ [MULTIPART_ROUTE]: true })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['effectiveOn'],
      properties: {
        effectiveOn: { type: 'string', format: 'date' },
        expiresOn: { type: 'string', format: 'date' },
        url: { type: 'string' },
        note: { type: 'string' },
        files: { type: 'array', items: { type: 'string', format: 'binary' }, maxItems: MAX_FILES_PER_REVISION },
      },
    },
  })
  uploadRevision(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Req() request: FastifyRequest): Promise<EvidenceDetailDto> {
    return readMultipart(request, REVISION_MULTIPART, (parts, dropped) => this.evidence.uploadRevision(actor, id, parts, dropped));
  }

  @Post(':id/revisions/:number/status')
  @HttpCode(200)
  @RequirePermission('evidence.write')
  setStatus(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Param('number', new ParseIntPipe()) number: number, @Body() body: RevisionStatusBody): Promise<EvidenceDetailDto> {
    return this.evidence.setStatus(actor, id, number, body);
  }

  /** Streams the stored bytes as an attachment, with the content type recorded at upload (never sniffed). */
  @Get(':id/files/:fileId')
  @RequirePermission('evidence.read')
  @OwnTransactions()
  async download(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Param('fileId', new ParseUUIDPipe()) fileId: string, @Res() reply: FastifyReply): Promise<void> {
    const { file, body } = await this.evidence.download(actor, id, fileId);
    await reply
      .header('Content-Type', file.contentType)
      .header('Content-Length', String(file.sizeBytes))
      .header('Content-Disposition', contentDisposition(file.filename))
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Security-Policy', "default-src 'none'; sandbox")
      .header('Cache-Control', 'private, no-store')
      .header('ETag', `"${file.sha256}"`)
      .send(body);
  }

  @Post(':id/files/:fileId/scan')
  @HttpCode(200)
  @RequirePermission('evidence.write')
  @OwnTransactions()
  rescan(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Param('fileId', new ParseUUIDPipe()) fileId: string): Promise<EvidenceDetailDto> {
    return this.evidence.rescan(actor, id, fileId);
  }

  @Post(':id/links')
  @RequirePermission('evidence.write')
  link(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: CreateEvidenceLinkBody): Promise<EvidenceLinkDto> {
    return this.evidence.link(actor, id, body);
  }

  @Delete(':id/links/:linkId')
  @HttpCode(204)
  @RequirePermission('evidence.write')
  unlink(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Param('linkId', new ParseUUIDPipe()) linkId: string): Promise<void> {
    return this.evidence.unlink(actor, id, linkId);
  }
}
