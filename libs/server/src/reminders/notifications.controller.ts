import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { NotificationDto } from '@pairline/contracts';
import type { FastifyReply } from 'fastify';
import { CurrentActor, type Actor } from '../auth/actor';
import { Authenticated, Public } from '../auth/decorators';
import { ApiList, ListParams } from '../listing/list-params.decorator';
import type { ListQuery, Page } from '../listing/list-query';
import { NOTIFICATION_LIST, NotificationsService } from './notifications.service';

@ApiTags('reminders')
@Controller()
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('notifications')
  @Authenticated()
  @ApiList(NOTIFICATION_LIST)
  list(@CurrentActor() actor: Actor, @ListParams(NOTIFICATION_LIST) query: ListQuery): Promise<Page<NotificationDto>> {
    return this.notifications.list(actor, query);
  }

  @Get('notifications/unread-count')
  @Authenticated()
  unread(@CurrentActor() actor: Actor): Promise<{ unread: number }> {
    return this.notifications.unreadCount(actor);
  }

  @Post('notifications/read-all')
  @HttpCode(200)
  @Authenticated()
  readAll(@CurrentActor() actor: Actor): Promise<{ unread: number }> {
    return this.notifications.markAllRead(actor);
  }

  @Post('notifications/:id/read')
  @HttpCode(200)
  @Authenticated()
  read(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<NotificationDto> {
    return this.notifications.markRead(actor, id);
  }

  /** A new secret ICS URL for the caller's due dates, shown once; the previous one stops working. */
  @Post('calendar-feed')
  @HttpCode(201)
  @Authenticated()
  createFeed(@CurrentActor() actor: Actor): Promise<{ url: string }> {
    return this.notifications.createFeed(actor);
  }

  @Delete('calendar-feed')
  @HttpCode(204)
  @Authenticated()
  revokeFeed(@CurrentActor() actor: Actor): Promise<void> {
    return this.notifications.revokeFeed(actor);
  }

  /** Read by calendar clients, which send no credentials: the secret in the URL is the credential. */
  @Get('calendar-feed/:file')
  @Public()
  async feed(@Param('file') file: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const body = await this.notifications.feed(file.replace(/\.ics$/, ''));
    void reply.header('Content-Type', 'text/calendar; charset=utf-8').header('Cache-Control', 'private, max-age=300');
    return body;
  }
}
