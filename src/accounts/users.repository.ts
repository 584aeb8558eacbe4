import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { Tx } from '../database/transactions.js';
import { UserEntity, type Role } from './user.entity.js';

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  passwordHash: string | null;
}

@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  private users(tx?: Tx) {
    return (tx ?? this.dataSource.manager).getRepository(UserEntity);
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users().findOneBy({ id });
  }

  findByEmail(email: string, tx?: Tx): Promise<UserEntity | null> {
    return this.users(tx).findOneBy({ email: email.toLowerCase() });
  }

  findByEmails(emails: string[], tx?: Tx): Promise<UserEntity[]> {
    return emails.length === 0 ? Promise.resolve([]) : this.users(tx).findBy({ email: In(emails.map((e) => e.toLowerCase())) });
  }

  findByIds(ids: string[]): Promise<UserEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.users().findBy({ id: In(ids) });
  }

  listByRole(role: Role): Promise<UserEntity[]> {
    return this.users().find({ where: { role }, order: { email: 'ASC' } });
  }

  insert(user: NewUser, tx?: Tx): Promise<UserEntity> {
    return this.users(tx).save(this.users(tx).create({ ...user, email: user.email.toLowerCase() }));
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.users().update({ id }, { passwordHash });
  }

  async countStaff(tx?: Tx): Promise<number> {
    return this.users(tx).countBy({ role: In(['admin', 'instructor']) });
  }

  /** Serialises one user's concurrent submissions, so attempt limits and cooldowns cannot be raced. */
  async lock(id: string, tx: Tx): Promise<void> {
    await tx.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [id]);
  }

  /** Serialises start-up work across processes (e.g. creating the first instructor) for this transaction. */
  async lockBootstrap(tx: Tx): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock(7314002)');
  }
}
