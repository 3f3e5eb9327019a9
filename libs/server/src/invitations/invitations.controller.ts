import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { SESSION_COOKIE, type InvitationDto, type InvitationPreviewDto, type SessionDto } from '@pairline/contracts';
import { DomainError } from '@pairline/domain';
import type {} from '@fastify/cookie';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Origin, type Actor, type RequestOrigin } from '../auth/actor';
import { Public, RequirePermission } from '../auth/decorators';
import { Sessions } from '../auth/sessions.service';
import { ApiList, ListParams } from '../listing/list-params.decorator';
import type { ListQuery, Page } from '../listing/list-query';
import { AcceptInvitationDto, CreateInvitationDto } from './invitations.dto';
import { INVITATION_LIST, InvitationsService } from './invitations.service';

@ApiTags('members')
@Controller('invitations')
export class InvitationsController {
  constructor(
    private readonly invitations: InvitationsService,
    private readonly sessions: Sessions,
  ) {}

  @Get()
  @RequirePermission('members.manage')
  @ApiList(INVITATION_LIST)
  list(@CurrentActor() actor: Actor, @ListParams(INVITATION_LIST) query: ListQuery): Promise<Page<InvitationDto>> {
    return this.invitations.list(actor, query);
  }

  @Post()
  @RequirePermission('members.manage')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateInvitationDto): Promise<InvitationDto> {
    return this.invitations.create(actor, dto);
  }

  @Get('lookup')
  @Public()
  @UseGuards(ThrottlerGuard)
  lookup(@Query('token') token: unknown): Promise<InvitationPreviewDto> {
    if (typeof token !== 'string' || token.length < 20 || token.length > 200) {
      throw new DomainError('invalid', 'validation_failed', 'token query parameter is required', { field: 'token' });
    }
    return this.invitations.preview(token);
  }

  @Post('accept')
  @Public()
  @UseGuards(ThrottlerGuard)
  @HttpCode(200)
  async accept(@Body() dto: AcceptInvitationDto, @Origin() origin: RequestOrigin, @Res({ passthrough: true }) reply: FastifyReply): Promise<SessionDto> {
    const { token, session } = await this.invitations.accept(dto, origin);
    reply.setCookie(SESSION_COOKIE, token, this.sessions.cookieOptions());
    return session;
  }

  @Delete(':id')
  @RequirePermission('members.manage')
  revoke(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<InvitationDto> {
    return this.invitations.revoke(actor, id);
  }
}
