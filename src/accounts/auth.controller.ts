import { Body, Controller, Get, HttpCode, Ip, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { BodySchemaPipe } from '../common/body-schema.pipe.js';
import { ConfigService } from '../config/config.service.js';
import { Credential, CurrentCaller, Public } from './auth.decorators.js';
import { acceptInvitationSchema, AcceptInvitationDto, CallerDto, LoginDto, LoginResponseDto, loginSchema } from './auth.dto.js';
import { AuthService, type LoginResult } from './auth.service.js';
import type { Caller } from './caller.js';
import { clearSessionCookie, setSessionCookie } from './session-cookie.js';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: ConfigService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponseDto })
  async login(@Body(new BodySchemaPipe(loginSchema)) dto: LoginDto, @Ip() address: string, @Res({ passthrough: true }) response: Response) {
    return this.withCookie(response, await this.auth.login(dto, address));
  }

  @Public()
  @Post('invitations/accept')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponseDto, description: 'Sets the password of an invited user and logs them in.' })
  async acceptInvitation(@Body(new BodySchemaPipe(acceptInvitationSchema)) dto: AcceptInvitationDto, @Res({ passthrough: true }) response: Response) {
    return this.withCookie(response, await this.auth.acceptInvitation(dto));
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiCookieAuth()
  async logout(@Credential() credential: string | undefined, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.auth.logout(credential);
    clearSessionCookie(response, this.config.cookieSecure);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiCookieAuth()
  @ApiOkResponse({ type: CallerDto })
  me(@CurrentCaller() caller: Caller): Caller {
    return caller;
  }

  /** The session goes into the cookie only; the body carries the bearer token for scripts. */
  private withCookie(response: Response, result: LoginResult): Omit<LoginResult, 'session'> {
    setSessionCookie(response, result.session.token, result.session.expiresAt, this.config.cookieSecure);
    const { session: _session, ...body } = result;
    return body;
  }
}
