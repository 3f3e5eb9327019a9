import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '../auth/actor';
import { OwnTransactions, RequirePermission } from '../auth/decorators';
import { ApiList, ListParams } from '../listing/list-params.decorator';
import type { ListQuery, Page } from '../listing/list-query';
import { ScalImportBody, ScalUploadBody, type ScalImportPreviewDto, type ScalImportRunDto, type ScalRequirementDto, type ScalTemplateDetailDto, type ScalTemplateListItemDto } from './scal-templates.dto';
import { ScalImportRunsService } from './scal-import-runs.service';
import { SCAL_REQUIREMENT_LIST, SCAL_TEMPLATE_LIST, ScalTemplatesService } from './scal-templates.service';

@ApiTags('scal-templates')
@Controller('scal-templates')
export class ScalTemplatesController {
  constructor(
    private readonly templates: ScalTemplatesService,
    private readonly runs: ScalImportRunsService,
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

  /** Reads the file and checks a mapping without storing anything, so it is a 200, not a 201. */
  @Post('import/preview')
  @HttpCode(200)
  @RequirePermission('scal.write')
  preview(@Body() body: ScalUploadBody): Promise<ScalImportPreviewDto> {
    return this.templates.preview(body);
  }

  @Post('import')
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
