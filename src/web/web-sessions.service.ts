import { Injectable } from '@nestjs/common';
import { AuthService } from '../accounts/auth.service.js';
import type { Caller } from '../accounts/caller.js';
import { TokensService } from '../accounts/tokens.service.js';
import { DomainError } from '../common/domain-error.js';

export interface LoginForm {
  email?: unknown;
  password?: unknown;
  next?: unknown;
}

export interface InvitationForm {
  token?: unknown;
  password?: unknown;
}

/** A browser login: the session for the cookie, or why not (shown on the form, which is sent again). */
export type BrowserLogin = { session: { token: string; expiresAt: Date }; user: Caller } | { refusal: DomainError; status: number };

/** Logging in from the login form and the invitation form, with the same rules as the API (rate limits included). */
@Injectable()
export class WebSessions {
  constructor(
    private readonly auth: AuthService,
    private readonly tokens: TokensService,
  ) {}

  async login(form: LoginForm = {}, address: string): Promise<BrowserLogin> {
    const email = text(form.email);
    const password = text(form.password);
    if (!email || !password) return refused(new DomainError('invalid', 'Enter your email and your password.'));
    return this.browserSession(() => this.auth.login({ email, password }, address));
  }

  async acceptInvitation(form: InvitationForm = {}): Promise<BrowserLogin> {
    return this.browserSession(() => this.auth.acceptInvitation({ token: text(form.token), password: text(form.password) }));
  }

  async logout(credential: string | undefined): Promise<void> {
    await this.auth.logout(credential);
  }

  /** A browser needs only the session: the bearer token that came with the login is revoked at once. */
  private async browserSession(login: () => ReturnType<AuthService['login']>): Promise<BrowserLogin> {
    try {
      const result = await login();
      await this.tokens.revoke(result.token);
      return { session: result.session, user: result.user };
    } catch (error) {
      if (error instanceof DomainError) return refused(error);
      throw error;
    }
  }
}

function refused(refusal: DomainError): BrowserLogin {
  return { refusal, status: refusal.status };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 1024) : '';
}
