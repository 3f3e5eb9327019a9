import { Body, Controller, Get, HttpCode, Logger, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { ScalCommentDto, ScalCommentThreadDto, ScalSnapshotDetailDto, ScalSnapshotDto } from '@pairline/contracts';
import type { ScalStage } from '@pairline/domain';
import type { FastifyReply } from 'fastify';
import { PassThrough } from 'node:stream';
import { CurrentActor, type Actor } from '../auth/actor';
import { OwnTransactions, RequirePermission } from '../auth/decorators';
import { ScalCommentsService } from './scal-comments.service';
import { EXPORT_CONTENT_TYPES, ScalExportService } from './scal-export.service';
import { CreateScalCommentBody, RecordScalStageBody, ScalExportQuery } from './scal-reviews.dto';
import { ScalSnapshotsService } from './scal-snapshots.service';

/** Reviewer comments, SCAL stages with their snapshots, and exports of a SCAL. */
@ApiTags('scals')
@Controller('scals')
export class ScalReviewsController {
  private readonly logger = new Logger(ScalReviewsController.name);

  constructor(
    private readonly comments: ScalCommentsService,
    private readonly snapshots: ScalSnapshotsService,
    private readonly exports: ScalExportService,
  ) {}

  @Get(':id/requirements/:identifier/comments')
  @RequirePermission('scal.read')
  listComments(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Param('identifier') identifier: string): Promise<ScalCommentThreadDto[]> {
    return this.comments.list(actor, id, identifier);
  }

  @Post(':id/requirements/:identifier/comments')
  @RequirePermission('scal.comment')
  addComment(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Param('identifier') identifier: string, @Body() body: CreateScalCommentBody): Promise<ScalCommentDto> {
    return this.comments.add(actor, id, identifier, body);
  }

  @Post(':id/comments/:commentId/resolve')
  @HttpCode(200)
  @RequirePermission('scal.comment')
  resolve(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Param('commentId', new ParseUUIDPipe()) commentId: string): Promise<ScalCommentThreadDto> {
    return this.comments.setResolved(actor, id, commentId, true);
  }

  @Post(':id/comments/:commentId/unresolve')
  @HttpCode(200)
  @RequirePermission('scal.comment')
  unresolve(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Param('commentId', new ParseUUIDPipe()) commentId: string): Promise<ScalCommentThreadDto> {
    return this.comments.setResolved(actor, id, commentId, false);
  }

  /** Records the SCAL as having reached a stage: a transition, so a POST, creating its snapshot. */
  @Post(':id/stages/:stage')
  @RequirePermission('scal.write')
  recordStage(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Param('stage') stage: string, @Body() body: RecordScalStageBody): Promise<ScalSnapshotDto> {
    return this.snapshots.record(actor, id, stage as ScalStage, body);
  }

  @Get(':id/snapshots')
  @RequirePermission('scal.read')
  listSnapshots(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<ScalSnapshotDto[]> {
    return this.snapshots.list(actor, id);
  }

  @Get(':id/snapshots/:snapshotId')
  @RequirePermission('scal.read')
  getSnapshot(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Param('snapshotId', new ParseUUIDPipe()) snapshotId: string): Promise<ScalSnapshotDetailDto> {
    return this.snapshots.get(actor, id, snapshotId);
  }

  @Get(':id/export')
  @RequirePermission('scal.read')
  @OwnTransactions()
  exportScal(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Query() query: ScalExportQuery, @Res() reply: FastifyReply): Promise<void> {
    return this.send(actor, id, null, query, reply);
  }

  @Get(':id/snapshots/:snapshotId/export')
  @RequirePermission('scal.read')
  @OwnTransactions()
  exportSnapshot(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Param('snapshotId', new ParseUUIDPipe()) snapshotId: string, @Query() query: ScalExportQuery, @Res() reply: FastifyReply): Promise<void> {
    return this.send(actor, id, snapshotId, query, reply);
  }

  private async send(actor: Actor, id: string, snapshotId: string | null, query: ScalExportQuery, reply: FastifyReply): Promise<void> {
    const file = await this.exports.prepare(actor, id, query.format ?? 'xlsx', snapshotId);
    let body: Buffer | PassThrough;
    if (file.format === 'xlsx') {
      body = await this.exports.renderXlsx(actor, file);
    } else {
      body = new PassThrough();
      // A failure part-way destroys the stream, which aborts the response; the client sees a broken download, not a wrong file.
      void this.exports.writeCsv(actor, file, body).catch((error: unknown) => this.logger.error({ err: error, scalId: id, snapshotId }, 'SCAL export failed while streaming'));
    }
    await reply
      .header('Content-Type', EXPORT_CONTENT_TYPES[file.format])
      .header('Content-Disposition', `attachment; filename="${file.filename}"`)
      .header('X-Content-Type-Options', 'nosniff')
      .header('X-Row-Count', String(file.rowCount))
      .send(body);
  }
}
