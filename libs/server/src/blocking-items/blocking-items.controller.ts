import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { BlockingItemDto } from '@pairline/contracts';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequirePermission } from '../auth/decorators';
import { ApiList, ListParams } from '../listing/list-params.decorator';
import type { ListQuery, Page } from '../listing/list-query';
import { BlockingItemBody, UpdateBlockingItemBody } from './blocking-items.dto';
import { BLOCKING_ITEM_LIST, BlockingItemsService } from './blocking-items.service';
import { AcceptsFullRecord } from '../http/full-record';

@ApiTags('journeys')
@Controller('blocking-items')
export class BlockingItemsController {
  constructor(private readonly items: BlockingItemsService) {}

  @Get()
  @RequirePermission('journeys.read')
  @ApiList(BLOCKING_ITEM_LIST)
  list(@CurrentActor() actor: Actor, @ListParams(BLOCKING_ITEM_LIST) query: ListQuery): Promise<Page<BlockingItemDto>> {
    return this.items.list(actor, query);
  }

  @Get(':id')
  @RequirePermission('journeys.read')
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<BlockingItemDto> {
    return this.items.get(actor, id);
  }

  @Post()
  @RequirePermission('journeys.write')
  create(@CurrentActor() actor: Actor, @Body() body: BlockingItemBody): Promise<BlockingItemDto> {
    return this.items.create(actor, body);
  }

  @Put(':id')
  @AcceptsFullRecord()
  @RequirePermission('journeys.write')
  update(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateBlockingItemBody): Promise<BlockingItemDto> {
    return this.items.update(actor, id, body);
  }
}
