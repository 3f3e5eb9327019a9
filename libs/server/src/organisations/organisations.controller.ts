import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { OrganisationDto } from '@pairline/contracts';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequirePermission } from '../auth/decorators';
import { UpdateOrganisationDto } from './organisations.dto';
import { OrganisationsService } from './organisations.service';

/** The current organisation (the tenant of the session or token). */
@ApiTags('organisation')
@Controller('organisation')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Get()
  @RequirePermission('organisation.read')
  get(@CurrentActor() actor: Actor): Promise<OrganisationDto> {
    return this.organisations.get(actor);
  }

  @Put()
  @RequirePermission('organisation.manage')
  update(@CurrentActor() actor: Actor, @Body() dto: UpdateOrganisationDto): Promise<OrganisationDto> {
    return this.organisations.update(actor, dto);
  }
}
