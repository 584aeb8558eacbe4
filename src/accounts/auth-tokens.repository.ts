import { Injectable } from '@nestjs/common';
import { DataSource, LessThan } from 'typeorm';
import { AuthTokenEntity, type TokenKind } from './auth-token.entity.js';

@Injectable()
export class AuthTokensRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get tokens() {
    return this.dataSource.getRepository(AuthTokenEntity);
  }

  insert(userId: string, kind: TokenKind, secretHash: string, expiresAt: Date): Promise<AuthTokenEntity> {
    return this.tokens.save(this.tokens.create({ userId, kind, secretHash, expiresAt }));
  }

  findById(id: string): Promise<AuthTokenEntity | null> {
    return this.tokens.findOneBy({ id });
  }

  async delete(id: string): Promise<void> {
    await this.tokens.delete({ id });
  }

  async deleteForUser(userId: string, kind: TokenKind): Promise<void> {
    await this.tokens.delete({ userId, kind });
  }

  async deleteExpired(now: Date): Promise<void> {
    await this.tokens.delete({ expiresAt: LessThan(now) });
  }
}
