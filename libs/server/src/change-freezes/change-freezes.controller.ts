import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { ChangeFreezeDto } from '@pairline/contracts';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequirePermission } from '../auth/decorators';
import { ApiList, ListParams } from '../listing/list-params.decorator';
import type { ListQuery, Page } from '../listing/list-query';
import { ChangeFreezeBody, UpdateChangeFreezeBody } from './change-freezes.dto';
import { CHANGE_FREEZE_LIST, ChangeFreezesService } from './change-freezes.service';
import { AcceptsFullRecord } from '../http/full-record';

@ApiTags('journeys')
@Controller('change-freezes')
export class ChangeFreezesController {
  constructor(private readonly freezes: ChangeFreezesService) {}

  @Get()
  @RequirePermission('journeys.read')
  @ApiList(CHANGE_FREEZE_LIST)
  list(@CurrentActor() actor: Actor, @ListParams(CHANGE_FREEZE_LIST) query: ListQuery): Promise<Page<ChangeFreezeDto>> {
    return this.freezes.list(actor, query);
  }

  @Get(':id')
  @RequirePermission('journeys.read')
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<ChangeFreezeDto> {
    return this.freezes.get(actor, id);
  }

  @Post()
  @RequirePermission('journeys.write')
  create(@CurrentActor() actor: Actor, @Body() body: ChangeFreezeBody): Promise<ChangeFreezeDto> {
    return this.freezes.create(actor, body);
  }

  @Put(':id')
  @AcceptsFullRecord()
  @RequirePermission('journeys.write')
  update(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateChangeFreezeBody): Promise<ChangeFreezeDto> {
    return this.freezes.update(actor, id, body);
  }

  @Delete(':id')
  @RequirePermission('journeys.write')
  remove(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<ChangeFreezeDto> {
    return this.freezes.remove(actor, id);
  }
}
