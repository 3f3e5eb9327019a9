import { Body, Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post, Put, Query, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { ScalWorkbookImportDto } from '@pairline/contracts';
import type { FastifyRequest } from 'fastify';
import { CurrentActor, type Actor } from '../auth/actor';
import { OwnTransactions, RequirePermission } from '../auth/decorators';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { receiveImportFile } from '../documents/uploaded-file';
import { MULTIPART_ROUTE } from '../evidence/multipart';
import { ScalWorkbooksService } from './scal-workbooks.service';
import { ApiList, ListParams } from '../listing/list-params.decorator';
import type { ListQuery, Page } from '../listing/list-query';
import { SCAL_LIST, ScalLookupQuery, ScalLookupService } from './scal-lookup.service';
import { CreateScalBody, JoinScalBody, ScalBulkBody, UpdateScalRequirementBody, type ScalBulkResultDto, type ScalDetailDto, type ScalDto, type ScalRequirementAnswerDto } from './scals.dto';
import { SCAL_ANSWER_LIST, ScalsService } from './scals.service';

@ApiTags('scals')
@Controller('scals')
export class ScalsController {
  constructor(
    private readonly scals: ScalsService,
    private readonly lookup: ScalLookupService,
    private readonly workbooks: ScalWorkbooksService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @RequirePermission('scal.read')
  @ApiList(SCAL_LIST)
  find(@CurrentActor() actor: Actor, @ListParams(SCAL_LIST) list: ListQuery, @Query() query: ScalLookupQuery): Promise<Page<ScalDto>> {
    return this.lookup.find(actor, list, query);
  }

  @Post()
  @RequirePermission('scal.write')
  create(@CurrentActor() actor: Actor, @Body() body: CreateScalBody): Promise<ScalDetailDto> {
    return this.scals.create(actor, body);
  }

  /** A journey of the same product starts sharing an existing SCAL: its answers, evidence and stages. */
  @Post(':id/journeys')
  @RequirePermission('scal.write')
  join(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: JoinScalBody): Promise<ScalDetailDto> {
    return this.scals.join(actor, id, body);
  }

  /**
   * Reads a returned SCAL workbook (multipart/form-data, one part named `file`): NHS England's
   * verdicts move the requirements' statuses, its answers fill what the SCAL lacks, and an .xlsx
   * becomes the workbook exports write into. Its own transactions: none is open while the body arrives.
   */
  @Post(':id/workbook')
  @HttpCode(200)
  @OwnTransactions()
  @RequirePermission('scal.write')
  @RouteConfig({ [MULTIPART_ROUTE]: true })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  async importWorkbook(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Req() request: FastifyRequest): Promise<ScalWorkbookImportDto> {
    return this.workbooks.importReturned(actor, id, await receiveImportFile(request, this.config.documents.importMaxBytes));
  }

  @Get(':id')
  @RequirePermission('scal.read')
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<ScalDetailDto> {
    return this.scals.get(actor, id);
  }

  @Get(':id/requirements')
  @RequirePermission('scal.read')
  @ApiList(SCAL_ANSWER_LIST)
  requirements(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @ListParams(SCAL_ANSWER_LIST) query: ListQuery): Promise<Page<ScalRequirementAnswerDto>> {
    return this.scals.requirements(actor, id, query);
  }

  /** A POST, not a PUT on the collection: it changes a selection, all or nothing, and creates nothing. */
  @Post(':id/requirements/bulk')
  @HttpCode(200)
  @RequirePermission('scal.write')
  bulk(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: ScalBulkBody): Promise<ScalBulkResultDto> {
    return this.scals.bulk(actor, id, body);
  }

  @Put(':id/requirements/:identifier')
  @RequirePermission('scal.write')
  update(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Param('identifier') identifier: string, @Body() body: UpdateScalRequirementBody): Promise<ScalRequirementAnswerDto> {
    return this.scals.update(actor, id, identifier, body);
  }
}
