import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { DashboardDto } from '@pairline/contracts';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequirePermission } from '../auth/decorators';
import { DashboardService } from './dashboard.service';

@ApiTags('timeline')
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @RequirePermission('journeys.read')
  get(@CurrentActor() actor: Actor): Promise<DashboardDto> {
    return this.dashboard.dashboard(actor);
  }
}
