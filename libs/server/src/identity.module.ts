import { Module } from '@nestjs/common';
import { AdminCommands } from './admin/admin-commands';
import { Provisioning } from './admin/provisioning';
import { ApiTokensController } from './api-tokens/api-tokens.controller';
import { ApiTokensService } from './api-tokens/api-tokens.service';
import { InvitationsController } from './invitations/invitations.controller';
import { InvitationsService } from './invitations/invitations.service';
import { MembersController } from './members/members.controller';
import { MembersService } from './members/members.service';
import { OrganisationsController } from './organisations/organisations.controller';
import { OrganisationsService } from './organisations/organisations.service';
import { UsersService } from './users/users.service';

/** Organisations, their members, invitations and personal API tokens. */
@Module({
  controllers: [OrganisationsController, MembersController, InvitationsController, ApiTokensController],
  providers: [OrganisationsService, MembersService, InvitationsService, ApiTokensService, UsersService, AdminCommands, Provisioning],
  exports: [OrganisationsService, MembersService, UsersService, AdminCommands, Provisioning],
})
export class IdentityModule {}
