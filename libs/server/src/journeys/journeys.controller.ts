import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { STAGE_ACTION_PATHS, type AuditEventDto, type JourneyDetailDto, type JourneyDto, type JourneyFollowStateDto } from '@pairline/contracts';
import { DomainError, type StageAction } from '@pairline/domain';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequirePermission } from '../auth/decorators';
import { ApiList, ListParams } from '../listing/list-params.decorator';
import type { ListQuery, Page } from '../listing/list-query';
import { ApplyTemplateBody, ChecklistItemBody, CreateJourneyBody, StageActionBody, UpdateJourneyBody, UpdateStageBody, VersionBody, WithdrawJourneyBody } from './journeys.dto';
import { JourneyFollowers } from './journey-followers.service';
import { JOURNEY_LIST, JourneysService } from './journeys.service';
import { AcceptsFullRecord } from '../http/full-record';

const ACTIONS = new Map(Object.entries(STAGE_ACTION_PATHS).map(([action, path]) => [path, action as StageAction]));
const STAGE_KEY = /^[a-z0-9_]{1,60}$/;

function stageKey(key: string): string {
  if (!STAGE_KEY.test(key)) throw new DomainError('not_found', 'stage_not_found', `This journey has no stage "${key.slice(0, 60)}".`);
  return key;
}

@ApiTags('journeys')
@Controller('journeys')
export class JourneysController {
  constructor(
    private readonly journeys: JourneysService,
    private readonly followers: JourneyFollowers,
  ) {}

  @Get()
  @RequirePermission('journeys.read')
  @ApiList(JOURNEY_LIST)
  list(@CurrentActor() actor: Actor, @ListParams(JOURNEY_LIST) query: ListQuery): Promise<Page<JourneyDto>> {
    return this.journeys.list(actor, query);
  }

  @Get(':id')
  @RequirePermission('journeys.read')
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<JourneyDetailDto> {
    return this.journeys.get(actor, id);
  }

  @Get(':id/history')
  @RequirePermission('journeys.read')
  history(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<AuditEventDto[]> {
    return this.journeys.history(actor, id);
  }

  /** Whether the signed-in member follows the journey (its due dates in their calendar feed). */
  @Get(':id/follow')
  @RequirePermission('journeys.read')
  followState(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<JourneyFollowStateDto> {
    return this.followers.state(actor, id);
  }

  /** Reading a journey is enough to follow it: it changes only the member's own feed. */
  @Put(':id/follow')
  @RequirePermission('journeys.read')
  follow(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<JourneyFollowStateDto> {
    return this.followers.set(actor, id, true);
  }

  @Delete(':id/follow')
  @RequirePermission('journeys.read')
  unfollow(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<JourneyFollowStateDto> {
    return this.followers.set(actor, id, false);
  }

  @Post()
  @RequirePermission('journeys.write')
  create(@CurrentActor() actor: Actor, @Body() body: CreateJourneyBody): Promise<JourneyDetailDto> {
    return this.journeys.create(actor, body);
  }

  @Put(':id')
  @AcceptsFullRecord()
  @RequirePermission('journeys.write')
  update(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateJourneyBody): Promise<JourneyDetailDto> {
    return this.journeys.update(actor, id, body);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @RequirePermission('journeys.write')
  withdraw(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: WithdrawJourneyBody): Promise<JourneyDetailDto> {
    return this.journeys.withdraw(actor, id, body.reason, body.version);
  }

  @Post(':id/reinstate')
  @HttpCode(200)
  @RequirePermission('journeys.write')
  reinstate(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: VersionBody): Promise<JourneyDetailDto> {
    return this.journeys.reinstate(actor, id, body.version);
  }

  @Post(':id/template')
  @HttpCode(200)
  @RequirePermission('journeys.write')
  applyTemplate(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: ApplyTemplateBody): Promise<JourneyDetailDto> {
    return this.journeys.applyTemplate(actor, id, body.templateVersion, body.version);
  }

  @Put(':id/stages/:key')
  @RequirePermission('journeys.write')
  updateStage(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Param('key') key: string, @Body() body: UpdateStageBody): Promise<JourneyDetailDto> {
    return this.journeys.updateStage(actor, id, stageKey(key), body);
  }

  @Put(':id/stages/:key/checklist/:item')
  @RequirePermission('journeys.write')
  checklist(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Param('key') key: string, @Param('item') item: string, @Body() body: ChecklistItemBody): Promise<JourneyDetailDto> {
    return this.journeys.setChecklist(actor, id, stageKey(key), item, body.done);
  }

  /** Stage transitions: start, complete, skip, reopen, wait-nhs-england, wait-provider, block, resume. */
  @Post(':id/stages/:key/:action')
  @HttpCode(200)
  @RequirePermission('journeys.write')
  act(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Param('key') key: string, @Param('action') path: string, @Body() body: StageActionBody): Promise<JourneyDetailDto> {
    const action = ACTIONS.get(path);
    if (!action) throw new DomainError('not_found', 'unknown_stage_action', `No stage action "${path.slice(0, 40)}"; actions: ${[...ACTIONS.keys()].join(', ')}.`);
    return this.journeys.stageAction(actor, id, stageKey(key), action, body);
  }
}
