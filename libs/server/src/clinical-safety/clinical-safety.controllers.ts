import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, StreamableFile, UseGuards } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ApiTags } from '@nestjs/swagger';
import type {
  ClinicalSafetyOfficerDto,
  HazardControlDto,
  HazardDto,
  HazardLibraryImportResultDto,
  HazardLibraryItemDto,
  HazardLibraryPreviewDto,
  HazardLogDiffDto,
  HazardLogVersionDetailDto,
  HazardLogVersionDto,
  RiskPlanDto,
} from '@pairline/contracts';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequirePermission } from '../auth/decorators';
import { ApiList, ListParams } from '../listing/list-params.decorator';
import type { ListQuery, Page } from '../listing/list-query';
import {
  AdoptSuggestionBody,
  ApproveHazardLogVersionBody,
  CreateControlBody,
  CreateHazardBody,
  CreateRiskPlanBody,
  HazardLibraryImportBody,
  HazardStatusBody,
  IssueHazardLogVersionBody,
  PutClinicalSafetyOfficerBody,
  UpdateControlBody,
  UpdateHazardBody,
  WithdrawHazardBody,
} from './clinical-safety.dto';
import { HAZARD_LIBRARY_LIST, HazardLibraryService } from './hazard-library.service';
import { HAZARD_LOG_VERSION_LIST, HazardLogVersionsService } from './hazard-log-versions.service';
import { CONTROL_LIST, HAZARD_LIST, HazardsService } from './hazards.service';
import { RISK_PLAN_LIST, RiskPlansService } from './risk-plans.service';
import { AcceptsFullRecord } from '../http/full-record';

const uuid = () => new ParseUUIDPipe();
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const download = (file: { filename: string; content: Buffer }) => new StreamableFile(file.content, { type: XLSX, disposition: `attachment; filename="${file.filename}"`, length: file.content.length });

@ApiTags('clinical-safety')
@Controller('risk-plans')
export class RiskPlansController {
  constructor(private readonly plans: RiskPlansService) {}

  @Get()
  @RequirePermission('hazards.read')
  @ApiList(RISK_PLAN_LIST)
  list(@CurrentActor() actor: Actor, @ListParams(RISK_PLAN_LIST) query: ListQuery): Promise<Page<RiskPlanDto>> {
    return this.plans.list(actor, query);
  }

  /** The plan a product's hazards are rated with now (its own, else the organisation's). */
  @Get('current')
  @RequirePermission('hazards.read')
  current(@CurrentActor() actor: Actor, @Query('productId', new ParseUUIDPipe({ optional: true })) productId?: string): Promise<RiskPlanDto> {
    return this.plans.current(actor, productId);
  }

  @Get(':id')
  @RequirePermission('hazards.read')
  get(@CurrentActor() actor: Actor, @Param('id', uuid()) id: string): Promise<RiskPlanDto> {
    return this.plans.get(actor, id);
  }

  @Post()
  @RequirePermission('hazards.write')
  create(@CurrentActor() actor: Actor, @Body() body: CreateRiskPlanBody): Promise<RiskPlanDto> {
    return this.plans.create(actor, body);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @RequirePermission('hazards.approve')
  approve(@CurrentActor() actor: Actor, @Param('id', uuid()) id: string): Promise<RiskPlanDto> {
    return this.plans.approve(actor, id);
  }
}

@ApiTags('clinical-safety')
@Controller('clinical-safety-officers')
export class ClinicalSafetyOfficersController {
  constructor(private readonly plans: RiskPlansService) {}

  @Get(':productId')
  @RequirePermission('hazards.read')
  get(@CurrentActor() actor: Actor, @Param('productId', uuid()) productId: string): Promise<ClinicalSafetyOfficerDto> {
    return this.plans.getCso(actor, productId);
  }

  @Put(':productId')
  @AcceptsFullRecord()
  @RequirePermission('hazards.write')
  put(@CurrentActor() actor: Actor, @Param('productId', uuid()) productId: string, @Body() body: PutClinicalSafetyOfficerBody): Promise<ClinicalSafetyOfficerDto> {
    return this.plans.putCso(actor, productId, body);
  }
}

@ApiTags('clinical-safety')
@Controller('hazards')
export class HazardsController {
  constructor(
    private readonly hazards: HazardsService,
    private readonly versions: HazardLogVersionsService,
  ) {}

  @Get()
  @RequirePermission('hazards.read')
  @ApiList(HAZARD_LIST)
  list(@CurrentActor() actor: Actor, @ListParams(HAZARD_LIST) query: ListQuery): Promise<Page<HazardDto>> {
    return this.hazards.list(actor, query);
  }

  /** The product's live hazard log as xlsx: one row per hazard, control columns by type. */
  @Get('export.xlsx')
  @RequirePermission('hazards.read')
  async export(@CurrentActor() actor: Actor, @Query('productId', uuid()) productId: string): Promise<StreamableFile> {
    return download(await this.versions.export(actor, { productId }));
  }

  @Get(':id')
  @RequirePermission('hazards.read')
  get(@CurrentActor() actor: Actor, @Param('id', uuid()) id: string): Promise<HazardDto> {
    return this.hazards.get(actor, id);
  }

  @Post()
  @RequirePermission('hazards.write')
  create(@CurrentActor() actor: Actor, @Body() body: CreateHazardBody): Promise<HazardDto> {
    return this.hazards.create(actor, body);
  }

  @Put(':id')
  @AcceptsFullRecord()
  @RequirePermission('hazards.write')
  update(@CurrentActor() actor: Actor, @Param('id', uuid()) id: string, @Body() body: UpdateHazardBody): Promise<HazardDto> {
    return this.hazards.update(actor, id, body);
  }

  @Post(':id/status')
  @HttpCode(200)
  @RequirePermission('hazards.write')
  status(@CurrentActor() actor: Actor, @Param('id', uuid()) id: string, @Body() body: HazardStatusBody): Promise<HazardDto> {
    return this.hazards.changeStatus(actor, id, body);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @RequirePermission('hazards.write')
  withdraw(@CurrentActor() actor: Actor, @Param('id', uuid()) id: string, @Body() body: WithdrawHazardBody): Promise<HazardDto> {
    return this.hazards.withdraw(actor, id, body);
  }
}

@ApiTags('clinical-safety')
@Controller('hazard-controls')
export class HazardControlsController {
  constructor(private readonly hazards: HazardsService) {}

  @Get()
  @RequirePermission('hazards.read')
  @ApiList(CONTROL_LIST)
  list(@CurrentActor() actor: Actor, @ListParams(CONTROL_LIST) query: ListQuery): Promise<Page<HazardControlDto>> {
    return this.hazards.listControls(actor, query);
  }

  @Get(':id')
  @RequirePermission('hazards.read')
  get(@CurrentActor() actor: Actor, @Param('id', uuid()) id: string): Promise<HazardControlDto> {
    return this.hazards.getControl(actor, id);
  }

  @Post()
  @RequirePermission('hazards.write')
  create(@CurrentActor() actor: Actor, @Body() body: CreateControlBody): Promise<HazardControlDto> {
    return this.hazards.createControl(actor, body);
  }

  @Put(':id')
  @AcceptsFullRecord()
  @RequirePermission('hazards.write')
  update(@CurrentActor() actor: Actor, @Param('id', uuid()) id: string, @Body() body: UpdateControlBody): Promise<HazardControlDto> {
    return this.hazards.updateControl(actor, id, body);
  }
}

@ApiTags('clinical-safety')
@Controller('hazard-log-versions')
export class HazardLogVersionsController {
  constructor(private readonly versions: HazardLogVersionsService) {}

  @Get()
  @RequirePermission('hazards.read')
  @ApiList(HAZARD_LOG_VERSION_LIST)
  list(@CurrentActor() actor: Actor, @ListParams(HAZARD_LOG_VERSION_LIST) query: ListQuery): Promise<Page<HazardLogVersionDto>> {
    return this.versions.list(actor, query);
  }

  @Get(':id')
  @RequirePermission('hazards.read')
  get(@CurrentActor() actor: Actor, @Param('id', uuid()) id: string): Promise<HazardLogVersionDetailDto> {
    return this.versions.get(actor, id);
  }

  /** Hazards added, removed, changed (field by field) and rating changes from `:id` to `against`. */
  @Get(':id/diff')
  @RequirePermission('hazards.read')
  diff(@CurrentActor() actor: Actor, @Param('id', uuid()) id: string, @Query('against', uuid()) against: string): Promise<HazardLogDiffDto> {
    return this.versions.diff(actor, id, against);
  }

  /** What changed in the live log since this version. */
  @Get(':id/diff-live')
  @RequirePermission('hazards.read')
  diffLive(@CurrentActor() actor: Actor, @Param('id', uuid()) id: string): Promise<HazardLogDiffDto> {
    return this.versions.diffLive(actor, id);
  }

  @Get(':id/export.xlsx')
  @RequirePermission('hazards.read')
  async export(@CurrentActor() actor: Actor, @Param('id', uuid()) id: string): Promise<StreamableFile> {
    return download(await this.versions.export(actor, { versionId: id }));
  }

  /** The Clinical Safety Case Report of an approved version, as PDF. */
  @Get(':id/safety-case-report.pdf')
  @RequirePermission('hazards.read')
  async safetyCaseReport(@CurrentActor() actor: Actor, @Param('id', uuid()) id: string): Promise<StreamableFile> {
    const file = await this.versions.safetyCaseReport(actor, id);
    return new StreamableFile(file.content, { type: 'application/pdf', disposition: `attachment; filename="${file.filename}"`, length: file.content.length });
  }

  @Post()
  @RequirePermission('hazards.write')
  issue(@CurrentActor() actor: Actor, @Body() body: IssueHazardLogVersionBody): Promise<HazardLogVersionDetailDto> {
    return this.versions.issue(actor, body);
  }

  /** Rate-limited like sign-in: it checks a password, so it must not become a way to guess one. */
  @Post(':id/approve')
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @RequirePermission('hazards.approve')
  approve(@CurrentActor() actor: Actor, @Param('id', uuid()) id: string, @Body() body: ApproveHazardLogVersionBody): Promise<HazardLogVersionDetailDto> {
    return this.versions.approve(actor, id, body);
  }
}

@ApiTags('clinical-safety')
@Controller('hazard-library')
export class HazardLibraryController {
  constructor(private readonly library: HazardLibraryService) {}

  @Get()
  @RequirePermission('hazards.read')
  @ApiList(HAZARD_LIBRARY_LIST)
  list(@CurrentActor() actor: Actor, @ListParams(HAZARD_LIBRARY_LIST) query: ListQuery): Promise<Page<HazardLibraryItemDto>> {
    return this.library.list(actor, query);
  }

  /** Headers, suggested mapping, a sample and the rows that would be rejected; stores nothing. */
  @Post('import/preview')
  @HttpCode(200)
  @RequirePermission('hazards.write')
  preview(@CurrentActor() actor: Actor, @Body() body: HazardLibraryImportBody): Promise<HazardLibraryPreviewDto> {
    return this.library.preview(actor, body);
  }

  @Post('import')
  @RequirePermission('hazards.write')
  import(@CurrentActor() actor: Actor, @Body() body: HazardLibraryImportBody): Promise<HazardLibraryImportResultDto> {
    return this.library.import(actor, body);
  }

  @Get(':id')
  @RequirePermission('hazards.read')
  get(@CurrentActor() actor: Actor, @Param('id', uuid()) id: string): Promise<HazardLibraryItemDto> {
    return this.library.get(actor, id);
  }

  @Post(':id/adopt')
  @RequirePermission('hazards.write')
  adopt(@CurrentActor() actor: Actor, @Param('id', uuid()) id: string, @Body() body: AdoptSuggestionBody): Promise<HazardDto> {
    return this.library.adopt(actor, id, body);
  }
}
