import { Body, Controller, Get, Ip, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Credential, Public } from '../accounts/auth.decorators.js';
import { clearSessionCookie, credentialOf, setSessionCookie } from '../accounts/session-cookie.js';
import { AuthService } from '../accounts/auth.service.js';
import { ConfigService } from '../config/config.service.js';
import { HtmlPages } from './html-pages.interceptor.js';
import type { Html } from './html/html.js';
import { sendPage } from './html/respond.js';
import { localPath } from './local-path.js';
import { invitationPage, loginPage } from './pages/login.page.js';
import { WebSessions, type InvitationForm, type LoginForm } from './web-sessions.service.js';

/** The login and invitation forms. They answer with a redirect or with the form again, so they write the response themselves. */
@ApiExcludeController()
@UseInterceptors(HtmlPages)
@Controller()
export class WebAuthController {
  constructor(
    private readonly sessions: WebSessions,
    private readonly auth: AuthService,
    private readonly config: ConfigService,
  ) {}

  @Public()
  @Get('login')
  async loginForm(@Req() request: Request, @Query() query: { next?: unknown; done?: unknown }, @Res() response: Response): Promise<void> {
    const target = localPath(query.next, request) ?? '/';
    const credential = credentialOf(request);
    // Already logged in (e.g. the back button): straight on.
    if (credential && (await this.auth.authenticate(credential))) return response.redirect(303, target);
    sendPage(response, 200, loginPage({ next: target, notice: query.done === 'logout' ? 'You are logged out.' : undefined }));
  }

  @Public()
  @Post('login')
  async login(@Req() request: Request, @Body() form: LoginForm | undefined, @Ip() address: string, @Res() response: Response): Promise<void> {
    const target = localPath(form?.next, request) ?? '/';
    const result = await this.sessions.login(form, address);
    if ('refusal' in result) {
      const email = typeof form?.email === 'string' ? form.email : undefined;
      return sendPage(response, result.status, loginPage({ next: target, email, error: result.refusal.message }));
    }
    setSessionCookie(response, result.session.token, result.session.expiresAt, this.config.cookieSecure);
    response.redirect(303, target);
  }

  @Post('logout')
  async logout(@Credential() credential: string | undefined, @Res() response: Response): Promise<void> {
    await this.sessions.logout(credential);
    clearSessionCookie(response, this.config.cookieSecure);
    response.redirect(303, '/login?done=logout');
  }

  @Public()
  @Get('invitation')
  invitationForm(@Query('token') token: unknown): Html {
    return invitationPage({ token: typeof token === 'string' ? token : '' });
  }

  @Public()
  @Post('invitation')
  async acceptInvitation(@Body() form: InvitationForm | undefined, @Res() response: Response): Promise<void> {
    const result = await this.sessions.acceptInvitation(form);
    if ('refusal' in result) {
      return sendPage(response, result.status, invitationPage({ token: typeof form?.token === 'string' ? form.token : '', error: result.refusal.message }));
    }
    setSessionCookie(response, result.session.token, result.session.expiresAt, this.config.cookieSecure);
    response.redirect(303, '/');
  }
}
