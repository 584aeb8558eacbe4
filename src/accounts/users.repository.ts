import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { timestamp } from '../database/columns.js';
import { execute, queryOptionalRow, queryRow, queryRows } from '../database/query.js';
import type { Tx } from '../database/transactions.js';
import { ROLES, type Role, type User } from './user.js';

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  passwordHash: string | null;
}

const UserRow: z.ZodType<User> = z.strictObject({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  passwordHash: z.string().nullable(),
  createdAt: timestamp(),
});

const COLUMNS = `id, email, name, role, password_hash AS "passwordHash", created_at AS "createdAt"`;

/** The users table. Emails are compared and stored lower-case (the table checks it). */
@Injectable()
export class UsersRepository {
  constructor(private readonly dataSource: DataSource) {}

  findById(id: string): Promise<User | null> {
    return queryOptionalRow(this.dataSource, `SELECT ${COLUMNS} FROM users WHERE id = $1`, [id], UserRow);
  }

  findByEmail(email: string, tx?: Tx): Promise<User | null> {
    return queryOptionalRow(tx ?? this.dataSource, `SELECT ${COLUMNS} FROM users WHERE email = $1`, [email.toLowerCase()], UserRow);
  }

  async findByEmails(emails: string[], tx?: Tx): Promise<User[]> {
    if (emails.length === 0) return [];
    return queryRows(tx ?? this.dataSource, `SELECT ${COLUMNS} FROM users WHERE email = ANY($1::text[])`, [emails.map((e) => e.toLowerCase())], UserRow);
  }

  async findByIds(ids: string[]): Promise<User[]> {
    if (ids.length === 0) return [];
    return queryRows(this.dataSource, `SELECT ${COLUMNS} FROM users WHERE id = ANY($1::uuid[])`, [ids], UserRow);
  }

  listByRole(role: Role): Promise<User[]> {
    return queryRows(this.dataSource, `SELECT ${COLUMNS} FROM users WHERE role = $1 ORDER BY email`, [role], UserRow);
  }

  /** Raises UniqueViolation when the email has an account already (two creations at once: the index decides). */
  insert(user: NewUser, tx?: Tx): Promise<User> {
    return queryRow(
      tx ?? this.dataSource,
      `INSERT INTO users (email, name, role, password_hash) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [user.email.toLowerCase(), user.name, user.role, user.passwordHash],
      UserRow,
    );
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await execute(this.dataSource, `UPDATE users SET password_hash = $2 WHERE id = $1`, [id, passwordHash]);
  }

  async countStaff(tx?: Tx): Promise<number> {
    const row = await queryRow(tx ?? this.dataSource, `SELECT count(*)::int AS n FROM users WHERE role IN ('admin', 'instructor')`, [], z.strictObject({ n: z.number() }));
    return row.n;
  }

  /** Serialises one user's concurrent submissions, so attempt limits and cooldowns cannot be raced. */
  async lock(id: string, tx: Tx): Promise<void> {
    await execute(tx, 'SELECT id FROM users WHERE id = $1 FOR UPDATE', [id]);
  }

  /** Serialises start-up work across processes (e.g. creating the first instructor) for this transaction. */
  async lockBootstrap(tx: Tx): Promise<void> {
    await execute(tx, 'SELECT pg_advisory_xact_lock(7314002)');
  }
}
