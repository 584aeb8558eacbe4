import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { timestamp } from '../database/columns.js';
import { execute, queryOptionalRow, queryRow } from '../database/query.js';
import { TOKEN_KINDS, type AuthToken, type TokenKind } from './auth-token.js';

const TokenRow: z.ZodType<AuthToken> = z.strictObject({
  id: z.string(),
  userId: z.string(),
  kind: z.enum(TOKEN_KINDS),
  secretHash: z.string(),
  expiresAt: timestamp(),
  createdAt: timestamp(),
});

const COLUMNS = `id, user_id AS "userId", kind, secret_hash AS "secretHash", expires_at AS "expiresAt", created_at AS "createdAt"`;

/** The auth_tokens table. */
@Injectable()
export class AuthTokensRepository {
  constructor(private readonly dataSource: DataSource) {}

  insert(userId: string, kind: TokenKind, secretHash: string, expiresAt: Date): Promise<AuthToken> {
    return queryRow(
      this.dataSource,
      `INSERT INTO auth_tokens (user_id, kind, secret_hash, expires_at) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [userId, kind, secretHash, expiresAt],
      TokenRow,
    );
  }

  findById(id: string): Promise<AuthToken | null> {
    return queryOptionalRow(this.dataSource, `SELECT ${COLUMNS} FROM auth_tokens WHERE id = $1`, [id], TokenRow);
  }

  async delete(id: string): Promise<void> {
    await execute(this.dataSource, `DELETE FROM auth_tokens WHERE id = $1`, [id]);
  }

  async deleteForUser(userId: string, kind: TokenKind): Promise<void> {
    await execute(this.dataSource, `DELETE FROM auth_tokens WHERE user_id = $1 AND kind = $2`, [userId, kind]);
  }

  async deleteExpired(now: Date): Promise<void> {
    await execute(this.dataSource, `DELETE FROM auth_tokens WHERE expires_at < $1`, [now]);
  }
}
