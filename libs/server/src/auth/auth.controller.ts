import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { SESSION_COOKIE, type MfaSetupDto, type SessionDto } from '@pairline/contracts';
import type {} from '@fastify/cookie';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Origin, type Actor, type RequestOrigin } from './actor';
import type { AuthenticatedRequestWithSession } from './auth.interceptor';
import { AuthService } from './auth.service';
import { AllowedBeforeMfaSetup, Authenticated, OwnTransactions, Public } from './decorators';
import { ChangePasswordDto, LoginDto, MfaCodeDto, PasswordConfirmationDto, SwitchOrganisationDto } from './dto';
import { Sessions } from './sessions.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: Sessions,
  ) {}

  @Post('login')
  @Public()
  @UseGuards(ThrottlerGuard)
  @HttpCode(200)
  async login(@Body() dto: LoginDto, @Origin() origin: RequestOrigin, @Res({ passthrough: true }) reply: FastifyReply): Promise<SessionDto> {
    const { token, session } = await this.auth.login(dto, origin);
    reply.setCookie(SESSION_COOKIE, token, this.sessions.cookieOptions());
    return session;
  }

  @Post('logout')
  @Authenticated()
  @AllowedBeforeMfaSetup()
  @HttpCode(204)
  async logout(@CurrentActor() actor: Actor, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.auth.logout(actor);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  @Get('session')
  @Authenticated()
  @AllowedBeforeMfaSetup()
  session(@CurrentActor() actor: Actor, @Req() request: AuthenticatedRequestWithSession): Promise<SessionDto> {
    return this.auth.session(actor, request.csrfToken ?? null);
  }

  @Post('switch-organisation')
  @Authenticated()
  @HttpCode(200)
  switchOrganisation(@CurrentActor() actor: Actor, @Body() dto: SwitchOrganisationDto): Promise<SessionDto> {
    return this.auth.switchOrganisation(actor, dto.organisationId);
  }

  @Post('password')
  @Authenticated()
  @AllowedBeforeMfaSetup()
  @OwnTransactions()
  @UseGuards(ThrottlerGuard)
  @HttpCode(204)
  async changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto): Promise<void> {
    await this.auth.changePassword(actor, dto);
  }

  @Post('mfa/setup')
  @Authenticated()
  @AllowedBeforeMfaSetup()
  @HttpCode(200)
  mfaSetup(@CurrentActor() actor: Actor): Promise<MfaSetupDto> {
    return this.auth.mfaSetup(actor);
  }

  @Post('mfa/enable')
  @Authenticated()
  @AllowedBeforeMfaSetup()
  @UseGuards(ThrottlerGuard)
  @HttpCode(204)
  mfaEnable(@CurrentActor() actor: Actor, @Body() dto: MfaCodeDto): Promise<void> {
    return this.auth.mfaEnable(actor, dto.code);
  }

  @Post('mfa/disable')
  @Authenticated()
  @OwnTransactions()
  @UseGuards(ThrottlerGuard)
  @HttpCode(204)
  mfaDisable(@CurrentActor() actor: Actor, @Body() dto: PasswordConfirmationDto): Promise<void> {
    return this.auth.mfaDisable(actor, dto.password);
  }
}
