import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { ExecutiveReportDto } from '@pairline/contracts';
import type { FastifyReply } from 'fastify';
import { authorOf } from '../audit/audit.service';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequirePermission } from '../auth/decorators';
import { GenerateExecutiveReportBody } from './executive-reports.dto';
import { ApiList, ListParams } from '../listing/list-params.decorator';
import type { ListQuery, Page } from '../listing/list-query';
import { EXECUTIVE_REPORT_LIST, ExecutiveReportsService } from './executive-reports.service';

@ApiTags('timeline')
@Controller('executive-reports')
export class ExecutiveReportsController {
  constructor(private readonly reports: ExecutiveReportsService) {}

  @Get()
  @RequirePermission('reports.read')
  @ApiList(EXECUTIVE_REPORT_LIST)
  list(@CurrentActor() actor: Actor, @ListParams(EXECUTIVE_REPORT_LIST) query: ListQuery): Promise<Page<ExecutiveReportDto>> {
    return this.reports.list(actor, query);
  }

  /** Generating one saves a baseline too: the same people who may save baselines may do it. */
  @Post()
  @RequirePermission('timeline.baseline')
  async generate(@CurrentActor() actor: Actor, @Body() body: GenerateExecutiveReportBody): Promise<ExecutiveReportDto> {
    const report = await this.reports.generate(actor, authorOf(actor), 'on_demand');
    if (body.emailExecutives) await this.reports.emailExecutives(actor, report.id);
    return report;
  }

  @Get(':id/pdf')
  @RequirePermission('reports.read')
  async pdf(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Res() reply: FastifyReply): Promise<void> {
    const { report, pdf } = await this.reports.pdf(actor, id);
    await reply
      .header('Content-Type', 'application/pdf')
      .header('Content-Disposition', `attachment; filename="pairline-executive-report-${report.period}.pdf"`)
      .header('X-Content-Type-Options', 'nosniff')
      .send(pdf);
  }
}
