import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { ConfigService } from '../config/config.service.js';
import { UsersRepository } from './users.repository.js';
import type { User } from './user.js';
import type { AcceptInvitationDto, LoginDto } from './auth.dto.js';
import type { Caller } from './caller.js';
import { LoginRateLimiter } from './login-rate-limiter.js';
import { PasswordHasher } from './password-hasher.js';
import { TokensService } from './tokens.service.js';

export const MIN_PASSWORD_LENGTH = 10;

/** A login: the bearer token for scripts and the (separate, shorter-lived) browser session. */
export interface LoginResult {
  token: string;
  expiresAt: string;
  session: { token: string; expiresAt: Date };
  user: Caller;
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokensService,
    private readonly limiter: LoginRateLimiter,
    private readonly config: ConfigService,
  ) {}

  async login(dto: LoginDto, address: string): Promise<LoginResult> {
    const email = dto.email.trim().toLowerCase();
    const waitS = this.limiter.waitS(email, address);
    if (waitS > 0) throw new DomainError('too_many', `Too many failed logins for ${email}. Try again in ${describeWait(waitS)}.`, waitS);
    const user = await this.users.findByEmail(email);
    const ok = user?.passwordHash ? await this.hasher.verify(dto.password, user.passwordHash) : await this.hasher.verifyNothing(dto.password);
    if (!user || !ok) {
      this.limiter.recordFailure(email, address);
      throw new DomainError('unauthenticated', 'Wrong email or password.');
    }
    this.limiter.reset(email, address);
    return this.issueLogin(user);
  }

  async logout(credential: string | undefined): Promise<void> {
    if (credential) await this.tokens.revoke(credential);
  }

  async authenticate(credential: string): Promise<Caller | null> {
    const verified = await this.tokens.verify(credential, ['session', 'api']);
    const user = verified && (await this.users.findById(verified.userId));
    return user ? toCaller(user) : null;
  }

  /** Sets the password of an invited user (the link works once) and logs them in. */
  async acceptInvitation(dto: AcceptInvitationDto): Promise<LoginResult> {
    const verified = await this.tokens.verify(dto.token, ['invitation']);
    const user = verified && (await this.users.findById(verified.userId));
    if (!user) throw new DomainError('gone', 'This invitation link is not valid any more. Ask your instructor for a new one.');
    checkPassword(dto.password);
    await this.users.setPasswordHash(user.id, await this.hasher.hash(dto.password));
    await this.tokens.revokeAll(user.id, 'invitation');
    return this.issueLogin(user);
  }

  private async issueLogin(user: User): Promise<LoginResult> {
    const api = await this.tokens.issue(user.id, 'api', this.config.tokenTtlS);
    const session = await this.tokens.issue(user.id, 'session', this.config.sessionTtlS);
    return { token: api.token, expiresAt: api.expiresAt.toISOString(), session, user: toCaller(user) };
  }
}

export function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new DomainError('invalid', `password: use at least ${MIN_PASSWORD_LENGTH} characters.`);
}

export function toCaller(user: User): Caller {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

function describeWait(seconds: number): string {
  return seconds < 90 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
}
