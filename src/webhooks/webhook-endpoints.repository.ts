import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { json, timestamp } from '../database/columns.js';
import { execute, queryOptionalRow, queryRow, queryRows } from '../database/query.js';
import type { Tx } from '../database/transactions.js';

export interface EndpointRecord {
  id: string;
  url: string;
  description: string;
  events: string[];
  createdBy: string | null;
  createdAt: Date;
  disabledAt: Date | null;
  disabledReason: string | null;
  /** Until when the secret before the last rotation still signs deliveries; null when none does. */
  previousSecretExpiresAt: Date | null;
}

export interface NewEndpoint {
  url: string;
  description: string;
  events: string[];
  secret: string;
  createdBy: string | null;
  now: Date;
}

const EndpointRow: z.ZodType<EndpointRecord> = z.strictObject({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  events: json<string[]>(),
  createdBy: z.string().nullable(),
  createdAt: timestamp(),
  disabledAt: timestamp().nullable(),
  disabledReason: z.string().nullable(),
  previousSecretExpiresAt: timestamp().nullable(),
});

const Id = z.strictObject({ id: z.string() });

const COLUMNS = `id, url, description, events, created_by AS "createdBy", created_at AS "createdAt", disabled_at AS "disabledAt",
  disabled_reason AS "disabledReason", CASE WHEN previous_secret_expires_at > $1 THEN previous_secret_expires_at END AS "previousSecretExpiresAt"`;

/** The webhook_endpoints table. Secrets are written here and read only by the sender (see webhook-deliveries.repository.ts). */
@Injectable()
export class WebhookEndpointsRepository {
  constructor(private readonly dataSource: DataSource) {}

  insert(endpoint: NewEndpoint): Promise<EndpointRecord> {
    return queryRow(
      this.dataSource,
      `INSERT INTO webhook_endpoints (url, description, events, secret, created_by, created_at, updated_at) VALUES ($2, $3, $4::jsonb, $5, $6, $1, $1)
       RETURNING ${COLUMNS}`,
      [endpoint.now, endpoint.url, endpoint.description, JSON.stringify(endpoint.events), endpoint.secret, endpoint.createdBy],
      EndpointRow,
    );
  }

  list(now: Date): Promise<EndpointRecord[]> {
    return queryRows(this.dataSource, `SELECT ${COLUMNS} FROM webhook_endpoints ORDER BY created_at, id`, [now], EndpointRow);
  }

  find(id: string, now: Date): Promise<EndpointRecord | null> {
    return queryOptionalRow(this.dataSource, `SELECT ${COLUMNS} FROM webhook_endpoints WHERE id = $2`, [now, id], EndpointRow);
  }

  /** Removes the endpoint and its deliveries (a delivery being sent finds nothing to write back to). */
  async delete(id: string): Promise<boolean> {
    return (await queryRows(this.dataSource, `DELETE FROM webhook_endpoints WHERE id = $1 RETURNING id`, [id], Id)).length === 1;
  }

  /** The new secret signs from now on; the old one signs alongside it until `graceUntil`. */
  async rotate(id: string, secret: string, graceUntil: Date, now: Date): Promise<boolean> {
    const rows = await queryRows(
      this.dataSource,
      `UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_expires_at = $3, secret = $2, updated_at = $4 WHERE id = $1 RETURNING id`,
      [id, secret, graceUntil, now],
      Id,
    );
    return rows.length === 1;
  }

  /**
   * Stops sending to the endpoint: what waits for it is dead-lettered at once (replayable once it is enabled
   * again); deliveries already on their way finish and are dead-lettered if they fail.
   */
  async disable(tx: Tx, id: string, reason: string, now: Date): Promise<void> {
    await execute(tx, `UPDATE webhook_endpoints SET disabled_at = $3, disabled_reason = $2, updated_at = $3 WHERE id = $1 AND disabled_at IS NULL`, [id, reason, now]);
    await execute(
      tx,
      `UPDATE webhook_deliveries SET state = 'dead', dead_at = $3, next_attempt_at = NULL, last_error = $2
       WHERE endpoint_id = $1 AND state = 'pending'`,
      [id, `not sent: the endpoint was disabled (${reason})`, now],
    );
  }

  async enable(id: string, now: Date): Promise<boolean> {
    const rows = await queryRows(
      this.dataSource,
      `UPDATE webhook_endpoints SET disabled_at = NULL, disabled_reason = NULL, updated_at = $2 WHERE id = $1 RETURNING id`,
      [id, now],
      Id,
    );
    return rows.length === 1;
  }
}
