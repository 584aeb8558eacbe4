import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import type { TokenKind } from './auth-token.js';
import { AuthTokensRepository } from './auth-tokens.repository.js';
import { formatToken, hashSecret, newSecret, parseToken, secretMatches } from './token-secret.js';

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

/** Sessions, bearer tokens and invitation links: issued, checked and revoked; the secrets themselves are never stored. */
@Injectable()
export class TokensService {
  constructor(
    private readonly tokens: AuthTokensRepository,
    private readonly clock: Clock,
  ) {}

  async issue(userId: string, kind: TokenKind, ttlS: number): Promise<IssuedToken> {
    const secret = newSecret();
    const expiresAt = new Date(this.clock.now().getTime() + ttlS * 1000);
    const row = await this.tokens.insert(userId, kind, hashSecret(secret), expiresAt);
    return { token: formatToken(row.id, secret), expiresAt };
  }

  /** The token's user, when the token is genuine, unexpired and of one of the kinds asked for. */
  async verify(token: string, kinds: TokenKind[]): Promise<{ userId: string; tokenId: string } | null> {
    const parsed = parseToken(token);
    if (!parsed) return null;
    const row = await this.tokens.findById(parsed.id);
    if (!row || !secretMatches(parsed.secret, row.secretHash)) return null;
    if (!kinds.includes(row.kind) || row.expiresAt <= this.clock.now()) return null;
    return { userId: row.userId, tokenId: row.id };
  }

  async revoke(token: string): Promise<void> {
    const verified = await this.verify(token, ['session', 'api', 'invitation']);
    if (verified) await this.tokens.delete(verified.tokenId);
  }

  async revokeAll(userId: string, kind: TokenKind): Promise<void> {
    await this.tokens.deleteForUser(userId, kind);
  }

  async removeExpired(): Promise<void> {
    await this.tokens.deleteExpired(this.clock.now());
  }
}
