import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CurrentActor, type Actor } from '../auth/actor';
import { OwnTransactions, RequirePermission } from '../auth/decorators';
import { ApiList, ListParams } from '../listing/list-params.decorator';
import type { ListQuery, Page } from '../listing/list-query';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { receiveImportFile } from '../documents/uploaded-file';
import { MULTIPART_ROUTE } from '../evidence/multipart';
import { ScalImportBody, ScalPreviewBody, type ScalImportPreviewDto, type ScalImportRunDto, type ScalRequirementDto, type ScalTemplateDetailDto, type ScalTemplateListItemDto } from './scal-templates.dto';
import { ScalImportRunsService } from './scal-import-runs.service';
import { SCAL_REQUIREMENT_LIST, SCAL_TEMPLATE_LIST, ScalTemplatesService } from './scal-templates.service';

@ApiTags('scal-templates')
@Controller('scal-templates')
export class ScalTemplatesController {
  constructor(
    private readonly templates: ScalTemplatesService,
    private readonly runs: ScalImportRunsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @RequirePermission('scal.read')
  @ApiList(SCAL_TEMPLATE_LIST)
  list(@CurrentActor() actor: Actor, @ListParams(SCAL_TEMPLATE_LIST) query: ListQuery): Promise<Page<ScalTemplateListItemDto>> {
    return this.templates.list(actor, query);
  }

  @Get('import-runs/:runId')
  @RequirePermission('scal.read')
  importRun(@CurrentActor() actor: Actor, @Param('runId', new ParseUUIDPipe()) runId: string): Promise<ScalImportRunDto> {
    return this.runs.get(actor, runId);
  }

  @Get(':id')
  @RequirePermission('scal.read')
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<ScalTemplateDetailDto> {
    return this.templates.get(actor, id);
  }

  @Get(':id/requirements')
  @RequirePermission('scal.read')
  @ApiList(SCAL_REQUIREMENT_LIST)
  requirements(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @ListParams(SCAL_REQUIREMENT_LIST) query: ListQuery): Promise<Page<ScalRequirementDto>> {
    return this.templates.requirements(actor, id, query);
  }

  @Post('baseline')
  @RequirePermission('scal.write')
  copyBaseline(@CurrentActor() actor: Actor): Promise<ScalTemplateDetailDto> {
    return this.templates.copyBaseline(actor);
  }

  /**
   * Uploads a workbook (.xlsx) or CSV to import, as multipart/form-data with one part named
   * `file` (at most IMPORT_FILE_MAX_BYTES). It is read before it is kept, so a damaged file is
   * refused and leaves nothing; a good one is kept as it came (an export writes back into it) and
   * previewed with the suggested header rows and mapping. Its own transactions: none stays open
   * while the body arrives.
   */
  @Post('files')
  @HttpCode(201)
  @OwnTransactions()
  @RequirePermission('scal.write')
  @RouteConfig({ [MULTIPART_ROUTE]: true })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  async upload(@CurrentActor() actor: Actor, @Req() request: FastifyRequest): Promise<ScalImportPreviewDto> {
    return this.templates.upload(actor, await receiveImportFile(request, this.config.documents.importMaxBytes));
  }

  /** Reads an uploaded file with the given header rows and mapping, storing nothing, so it is a 200. */
  @Post('files/:fileId/preview')
  @HttpCode(200)
  @OwnTransactions()
  @RequirePermission('scal.write')
  preview(@CurrentActor() actor: Actor, @Param('fileId', new ParseUUIDPipe()) fileId: string, @Body() body: ScalPreviewBody): Promise<ScalImportPreviewDto> {
    return this.templates.preview(actor, fileId, body);
  }

  /** Imports an uploaded file in the request: fine for a few hundred rows; `import-runs` reports progress on large ones. */
  @Post('import')
  @OwnTransactions()
  @RequirePermission('scal.write')
  import(@CurrentActor() actor: Actor, @Body() body: ScalImportBody): Promise<ScalTemplateDetailDto> {
    return this.templates.import(actor, body);
  }

  /**
   * Checks the file as `import` does (refusals answer here, nothing stored), then stores it in the
   * background: 202 with the run to poll. Its own transactions, because the rows must be stored
   * after the run row is committed and readable.
   */
  @Post('import-runs')
  @HttpCode(202)
  @OwnTransactions()
  @RequirePermission('scal.write')
  startImportRun(@CurrentActor() actor: Actor, @Body() body: ScalImportBody): Promise<ScalImportRunDto> {
    return this.runs.start(actor, body);
  }
}
