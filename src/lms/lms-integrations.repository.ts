import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { timestamp } from '../database/columns.js';
import { queryRow, queryRows } from '../database/query.js';

export const UNKNOWN_STUDENTS = ['create', 'refuse'] as const;
export type UnknownStudents = (typeof UNKNOWN_STUDENTS)[number];

export interface IntegrationRecord {
  id: string;
  name: string;
  unknownStudents: UnknownStudents;
  createdAt: Date;
  previousSecretExpiresAt: Date | null;
}

/** An integration with the secrets that may sign its requests right now (current first). */
export interface IntegrationSecrets {
  id: string;
  unknownStudents: UnknownStudents;
  secrets: string[];
}

const IntegrationRow: z.ZodType<IntegrationRecord> = z.strictObject({
  id: z.string(),
  name: z.string(),
  unknownStudents: z.enum(UNKNOWN_STUDENTS),
  createdAt: timestamp(),
  previousSecretExpiresAt: timestamp().nullable(),
});

const SecretsRow = z.strictObject({ id: z.string(), unknownStudents: z.enum(UNKNOWN_STUDENTS), secret: z.string(), previousSecret: z.string().nullable() });

const Id = z.strictObject({ id: z.string() });

const COLUMNS = `id, name, unknown_students AS "unknownStudents", created_at AS "createdAt",
  CASE WHEN previous_secret_expires_at > $1 THEN previous_secret_expires_at END AS "previousSecretExpiresAt"`;

/** The lms_integrations table. */
@Injectable()
export class LmsIntegrationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  insert(name: string, unknownStudents: UnknownStudents, secret: string, createdBy: string, now: Date): Promise<IntegrationRecord> {
    return queryRow(
      this.dataSource,
      `INSERT INTO lms_integrations (name, unknown_students, inbound_secret, created_by, created_at) VALUES ($2, $3, $4, $5, $1) RETURNING ${COLUMNS}`,
      [now, name, unknownStudents, secret, createdBy],
      IntegrationRow,
    );
  }

  list(now: Date): Promise<IntegrationRecord[]> {
    return queryRows(this.dataSource, `SELECT ${COLUMNS} FROM lms_integrations ORDER BY created_at, id`, [now], IntegrationRow);
  }

  async delete(id: string): Promise<boolean> {
    return (await queryRows(this.dataSource, `DELETE FROM lms_integrations WHERE id = $1 RETURNING id`, [id], Id)).length === 1;
  }

  async rotate(id: string, secret: string, graceUntil: Date): Promise<boolean> {
    const rows = await queryRows(
      this.dataSource,
      `UPDATE lms_integrations SET previous_secret = inbound_secret, previous_secret_expires_at = $3, inbound_secret = $2 WHERE id = $1 RETURNING id`,
      [id, secret, graceUntil],
      Id,
    );
    return rows.length === 1;
  }

  /** Every integration's valid secrets: an inbound request is checked against each (there are few). */
  async secrets(now: Date): Promise<IntegrationSecrets[]> {
    const rows = await queryRows(
      this.dataSource,
      `SELECT id, unknown_students AS "unknownStudents", inbound_secret AS secret,
              CASE WHEN previous_secret_expires_at > $1 THEN previous_secret END AS "previousSecret"
       FROM lms_integrations ORDER BY created_at, id`,
      [now],
      SecretsRow,
    );
    return rows.map((row) => ({ id: row.id, unknownStudents: row.unknownStudents, secrets: row.previousSecret ? [row.secret, row.previousSecret] : [row.secret] }));
  }
}
