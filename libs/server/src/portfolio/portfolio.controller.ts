import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { PortfolioDto } from '@pairline/contracts';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequirePermission } from '../auth/decorators';
import { PortfolioService } from './portfolio.service';

@ApiTags('journeys')
@Controller('portfolio')
export class PortfolioController {
  constructor(private readonly portfolio: PortfolioService) {}

  @Get()
  @RequirePermission('journeys.read')
  get(@CurrentActor() actor: Actor): Promise<PortfolioDto> {
    return this.portfolio.portfolio(actor);
  }
}
