import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Res } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { EmailOutboxDto, ReminderPreferencesDto, ReminderSettingsDto } from '@pairline/contracts';
import { DomainError } from '@pairline/domain';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsString, Matches, Max } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { CurrentActor, type Actor } from '../auth/actor';
import { Authenticated, Public, RequirePermission } from '../auth/decorators';
import { ApiList, ListParams } from '../listing/list-params.decorator';
import type { ListQuery, Page } from '../listing/list-query';
import { escapeHtml } from '../mail/mailer';
import { EMAIL_OUTBOX_LIST, RemindersService } from './reminders.service';
import { INT4_MAX, Optional } from '../errors/validation';

export class ReminderSettingsBody {
  @ApiProperty({ type: [Number], example: [30, 7, 1] })
  @IsArray()
  @ArrayMaxSize(10)
  @IsInt({ each: true })
  offsetsBefore!: number[];

  @ApiProperty()
  @IsBoolean()
  onTheDay!: boolean;

  @ApiProperty({ example: 2 })
  @IsInt()
  @Max(INT4_MAX)
  overdueEvery!: number;

  @ApiProperty({ example: 10 })
  @IsInt()
  overdueRepeats!: number;

  @ApiProperty({ example: 5 })
  @IsInt()
  @Max(INT4_MAX)
  escalateAfter!: number;

  @ApiProperty({ example: 480, description: 'Minutes after midnight, Europe/London' })
  @IsInt()
  sendMinuteOfDay!: number;

  @ApiProperty({ description: '0 while the organisation has never saved its settings' })
  @IsInt()
  @Max(INT4_MAX)
  version!: number;
}

export class ReminderPreferencesBody {
  @ApiProperty({ type: [String], example: ['stage_due'] })
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @Matches(/^[a-z0-9_]{1,64}$/, { each: true })
  disabledKinds!: string[];

  @ApiPropertyOptional({ enum: ['immediate', 'daily', 'weekly'], description: 'Unchanged when omitted' })
  @Optional()
  @IsIn(['immediate', 'daily', 'weekly'])
  delivery?: 'immediate' | 'daily' | 'weekly';
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">${body}</body></html>`;

@ApiTags('reminders')
@Controller()
export class RemindersController {
  constructor(private readonly reminders: RemindersService) {}

  @Get('email-outbox')
  @RequirePermission('organisation.manage')
  @ApiList(EMAIL_OUTBOX_LIST)
  @ApiQuery({ name: 'state', required: false, enum: ['pending', 'sent', 'failed'] })
  outbox(@CurrentActor() actor: Actor, @ListParams(EMAIL_OUTBOX_LIST) query: ListQuery, @Query('state') state?: string): Promise<Page<EmailOutboxDto>> {
    return this.reminders.outbox(actor, query, state);
  }

  @Post('email-outbox/:id/retry')
  @HttpCode(200)
  @RequirePermission('organisation.manage')
  retry(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<EmailOutboxDto> {
    return this.reminders.retryEmail(actor, id);
  }

  @Get('reminder-settings')
  @RequirePermission('organisation.read')
  settings(@CurrentActor() actor: Actor): Promise<ReminderSettingsDto> {
    return this.reminders.getSettings(actor);
  }

  @Put('reminder-settings')
  @RequirePermission('organisation.manage')
  updateSettings(@CurrentActor() actor: Actor, @Body() body: ReminderSettingsBody): Promise<ReminderSettingsDto> {
    return this.reminders.updateSettings(actor, body);
  }

  @Get('reminders/preferences')
  @Authenticated()
  preferences(@CurrentActor() actor: Actor): Promise<ReminderPreferencesDto> {
    return this.reminders.preferences(actor);
  }

  @Put('reminders/preferences')
  @Authenticated()
  setPreferences(@CurrentActor() actor: Actor, @Body() body: ReminderPreferencesBody): Promise<ReminderPreferencesDto> {
    return this.reminders.setPreferences(actor, body.disabledKinds, body.delivery);
  }

  /**
   * The link in an email only shows a button: mail scanners open links, and a GET must not
   * unsubscribe anyone. The button (and mail providers' one-click, RFC 8058) POSTs.
   */
  @Get('reminders/unsubscribe')
  @Public()
  confirm(@Query('token') token: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): string {
    void reply.header('Content-Type', 'text/html; charset=utf-8');
    const action = `?token=${encodeURIComponent(token ?? '')}`;
    return page('Unsubscribe', `<h1>Stop these reminders?</h1><p>Overdue reminders are still sent: they are part of the work you own.</p><form method="post" action="${escapeHtml(action)}"><button type="submit">Unsubscribe</button></form>`);
  }

  @Post('reminders/unsubscribe')
  @HttpCode(200)
  @Public()
  async unsubscribe(@Query('token') token: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (!token) throw new DomainError('not_found', 'unsubscribe_link_invalid', 'This unsubscribe link is not valid.');
    const { label } = await this.reminders.unsubscribe(token);
    void reply.header('Content-Type', 'text/html; charset=utf-8');
    return page('Unsubscribed', `<h1>Unsubscribed</h1><p>You will no longer get advance reminders for: ${escapeHtml(label)}. You can turn them back on in your profile.</p>`);
  }
}
