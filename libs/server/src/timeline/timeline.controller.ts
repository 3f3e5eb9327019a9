import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { ForecastHistoryDto, TimelineBaselineDto, TimelineDto } from '@pairline/contracts';
import type { FastifyReply } from 'fastify';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequirePermission } from '../auth/decorators';
import { TimelineBaselineBody, TimelineQuery } from './timeline.dto';
import { ApiList, ListParams } from '../listing/list-params.decorator';
import type { ListQuery, Page } from '../listing/list-query';
import { TIMELINE_BASELINE_LIST, TimelineService } from './timeline.service';
import { timelineWorkbook } from './timeline-workbook';

@ApiTags('timeline')
@Controller()
export class TimelineController {
  constructor(private readonly timeline: TimelineService) {}

  @Get('timeline')
  @RequirePermission('journeys.read')
  get(@CurrentActor() actor: Actor, @Query() query: TimelineQuery): Promise<TimelineDto> {
    return this.timeline.timeline(actor, query);
  }

  @Get('timeline/export.xlsx')
  @RequirePermission('journeys.read')
  async export(@CurrentActor() actor: Actor, @Query() query: TimelineQuery, @Res() reply: FastifyReply): Promise<void> {
    const body = await timelineWorkbook(await this.timeline.timeline(actor, query));
    await reply
      .header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('Content-Disposition', `attachment; filename="pairline-timeline-${new Date().toISOString().slice(0, 10)}.xlsx"`)
      .header('X-Content-Type-Options', 'nosniff')
      .send(body);
  }

  @Get('timeline-baselines')
  @RequirePermission('journeys.read')
  @ApiList(TIMELINE_BASELINE_LIST)
  list(@CurrentActor() actor: Actor, @ListParams(TIMELINE_BASELINE_LIST) query: ListQuery): Promise<Page<TimelineBaselineDto>> {
    return this.timeline.listBaselines(actor, query);
  }

  @Get('timeline-baselines/:id')
  @RequirePermission('journeys.read')
  getBaseline(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<TimelineBaselineDto> {
    return this.timeline.getBaseline(actor, id);
  }

  @Post('timeline-baselines')
  @RequirePermission('timeline.baseline')
  create(@CurrentActor() actor: Actor, @Body() body: TimelineBaselineBody): Promise<TimelineBaselineDto> {
    return this.timeline.createBaseline(actor, body);
  }

  @Delete('timeline-baselines/:id')
  @RequirePermission('timeline.baseline')
  remove(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<TimelineBaselineDto> {
    return this.timeline.deleteBaseline(actor, id);
  }

  @Get('journeys/:id/forecast-history')
  @RequirePermission('journeys.read')
  history(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<ForecastHistoryDto> {
    return this.timeline.forecastHistory(actor, id);
  }
}
