import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { int, text, timestamp } from '../database/columns.js';
import { queryOptionalRow, queryRow, queryRows } from '../database/query.js';
import type { EventType } from './webhook-events.types.js';

export const DELIVERY_STATES = ['pending', 'sending', 'delivered', 'dead'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** A delivery as one sender claimed it: `attempts` and `owner` are what it must present to write back. */
export interface ClaimedDelivery {
  id: string;
  /** This try's number (1 = first). */
  attempts: number;
  owner: string;
  eventId: string;
  type: EventType;
  body: string;
  endpointId: string;
  url: string;
  /** The current secret, then the previous one while its grace period lasts. */
  secrets: string[];
  /** Set when the endpoint was disabled after this delivery was queued: it is then dead-lettered unsent. */
  endpointDisabledReason: string | null;
}

export interface DeliveryRecord {
  id: string;
  eventId: string;
  type: EventType;
  state: DeliveryState;
  attempts: number;
  replays: number;
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  lastStatus: number | null;
  lastResponse: string | null;
  lastError: string | null;
  deliveredAt: Date | null;
  deadAt: Date | null;
  createdAt: Date;
}

/** What one try came to, as written back. */
export interface AttemptResult {
  status: number | null;
  excerpt: string | null;
  error: string | null;
}

const state = () => z.enum(DELIVERY_STATES);
const Id = z.strictObject({ id: z.string() });

const ClaimedRow = z.strictObject({
  id: z.string(),
  attempts: int(),
  eventId: z.string(),
  type: text<EventType>(),
  body: z.string(),
  endpointId: z.string(),
  url: z.string(),
  secret: z.string(),
  previousSecret: z.string().nullable(),
  endpointDisabledReason: z.string().nullable(),
});

const DeliveryRow: z.ZodType<DeliveryRecord> = z.strictObject({
  id: z.string(),
  eventId: z.string(),
  type: text<EventType>(),
  state: state(),
  attempts: int(),
  replays: int(),
  nextAttemptAt: timestamp().nullable(),
  lastAttemptAt: timestamp().nullable(),
  lastStatus: int().nullable(),
  lastResponse: z.string().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: timestamp().nullable(),
  deadAt: timestamp().nullable(),
  createdAt: timestamp(),
});

/**
 * The delivery queue's SQL, the grading queue's pattern: senders claim due rows with FOR UPDATE SKIP LOCKED
 * under a lease, and every write after the claim is a compare-and-set on (attempts, owner), so a sender whose
 * lease ran out and was taken over cannot overwrite the newer outcome. Times come from the application's
 * clock, never the database's, so tests can move them.
 */
@Injectable()
export class WebhookDeliveriesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Up to `limit` deliveries that are due, or whose sender stopped renewing its lease (process killed). */
  async claim(owner: string, now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]> {
    return this.dataSource.transaction(async (tx) => {
      const rows = await queryRows(
        tx,
        `WITH next AS (
           SELECT id FROM webhook_deliveries
           WHERE (state = 'pending' AND next_attempt_at <= $1) OR (state = 'sending' AND lease_expires_at < $1)
           ORDER BY next_attempt_at, id
           LIMIT $4
           FOR UPDATE SKIP LOCKED
         ), claimed AS (
           UPDATE webhook_deliveries d SET state = 'sending', attempts = d.attempts + 1, lease_owner = $2, lease_expires_at = $3, last_attempt_at = $1
           FROM next WHERE d.id = next.id
           RETURNING d.id, d.attempts, d.event_id, d.endpoint_id
         )
         SELECT c.id, c.attempts, c.event_id AS "eventId", ev.type, ev.body, e.id AS "endpointId", e.url, e.secret,
                CASE WHEN e.previous_secret_expires_at > $1 THEN e.previous_secret END AS "previousSecret",
                CASE WHEN e.disabled_at IS NOT NULL THEN COALESCE(e.disabled_reason, 'disabled') END AS "endpointDisabledReason"
         FROM claimed c JOIN webhook_events ev ON ev.id = c.event_id JOIN webhook_endpoints e ON e.id = c.endpoint_id`,
        [now, owner, leaseUntil, limit],
        ClaimedRow,
      );
      return rows.map(({ secret, previousSecret, ...row }) => ({ ...row, owner, secrets: previousSecret ? [secret, previousSecret] : [secret] }));
    });
  }

  /** 2xx: delivered for good. False when this claim no longer holds the delivery. */
  async delivered(delivery: ClaimedDelivery, result: AttemptResult, now: Date): Promise<boolean> {
    const rows = await queryRows(
      this.dataSource,
      `UPDATE webhook_deliveries SET state = 'delivered', delivered_at = $4, next_attempt_at = NULL, lease_owner = NULL, lease_expires_at = NULL,
         last_status = $5, last_response = $6, last_error = NULL
       WHERE id = $1 AND attempts = $2 AND lease_owner = $3 AND state = 'sending' RETURNING id`,
      [delivery.id, delivery.attempts, delivery.owner, now, result.status, result.excerpt],
      Id,
    );
    return rows.length === 1;
  }

  /**
   * A failed try: back to pending until `nextAt`, or dead-lettered when there is no next try (or the endpoint
   * was disabled meanwhile). Returns the new state, or null when this claim no longer holds the delivery.
   */
  async failed(delivery: ClaimedDelivery, result: AttemptResult, nextAt: Date | null, now: Date): Promise<DeliveryState | null> {
    const row = await queryOptionalRow(
      this.dataSource,
      `UPDATE webhook_deliveries d SET
         state = CASE WHEN $4::timestamptz IS NULL OR e.disabled_at IS NOT NULL THEN 'dead' ELSE 'pending' END,
         next_attempt_at = CASE WHEN $4::timestamptz IS NULL OR e.disabled_at IS NOT NULL THEN NULL ELSE $4::timestamptz END,
         dead_at = CASE WHEN $4::timestamptz IS NULL OR e.disabled_at IS NOT NULL THEN $5::timestamptz END,
         lease_owner = NULL, lease_expires_at = NULL, last_status = $6, last_response = $7, last_error = $8
       FROM webhook_endpoints e
       WHERE e.id = d.endpoint_id AND d.id = $1 AND d.attempts = $2 AND d.lease_owner = $3 AND d.state = 'sending'
       RETURNING d.state`,
      [delivery.id, delivery.attempts, delivery.owner, nextAt, now, result.status, result.excerpt, result.error],
      z.strictObject({ state: state() }),
    );
    return row?.state ?? null;
  }

  /** Shutdown: hands an unfinished try back, due at once and not counted (it may or may not have arrived). */
  async release(delivery: ClaimedDelivery, now: Date): Promise<boolean> {
    const rows = await queryRows(
      this.dataSource,
      `UPDATE webhook_deliveries SET state = 'pending', attempts = attempts - 1, next_attempt_at = $4, lease_owner = NULL, lease_expires_at = NULL
       WHERE id = $1 AND attempts = $2 AND lease_owner = $3 AND state = 'sending' RETURNING id`,
      [delivery.id, delivery.attempts, delivery.owner, now],
      Id,
    );
    return rows.length === 1;
  }

  /** Newest first. */
  list(endpointId: string, state: DeliveryState | undefined, limit: number, offset: number): Promise<DeliveryRecord[]> {
    return queryRows(
      this.dataSource,
      `SELECT d.id, d.event_id AS "eventId", ev.type, d.state, d.attempts, d.replays, d.next_attempt_at AS "nextAttemptAt",
              d.last_attempt_at AS "lastAttemptAt", d.last_status AS "lastStatus", d.last_response AS "lastResponse", d.last_error AS "lastError",
              d.delivered_at AS "deliveredAt", d.dead_at AS "deadAt", d.created_at AS "createdAt"
       FROM webhook_deliveries d JOIN webhook_events ev ON ev.id = d.event_id
       WHERE d.endpoint_id = $1 AND ($2::text IS NULL OR d.state = $2::text)
       ORDER BY d.created_at DESC, d.id DESC LIMIT $3 OFFSET $4`,
      [endpointId, state ?? null, limit, offset],
      DeliveryRow,
    );
  }

  /** Dead letters of the endpoint (one, or all when `deliveryId` is null) go back to the start of the schedule. */
  async replay(endpointId: string, deliveryId: string | null, now: Date): Promise<number> {
    const rows = await queryRows(
      this.dataSource,
      `UPDATE webhook_deliveries SET state = 'pending', attempts = 0, replays = replays + 1, next_attempt_at = $3, dead_at = NULL
       WHERE endpoint_id = $1 AND state = 'dead' AND ($2::uuid IS NULL OR id = $2::uuid) RETURNING id`,
      [endpointId, deliveryId, now],
      Id,
    );
    return rows.length;
  }

  /** How many deliveries are in each state (all endpoints, or one). */
  async countByState(endpointId: string | null = null): Promise<Record<DeliveryState, number>> {
    const rows = await queryRows(
      this.dataSource,
      `SELECT state, count(*)::int AS n FROM webhook_deliveries WHERE $1::uuid IS NULL OR endpoint_id = $1::uuid GROUP BY state`,
      [endpointId],
      z.strictObject({ state: state(), n: int() }),
    );
    const counts = { pending: 0, sending: 0, delivered: 0, dead: 0 };
    for (const row of rows) counts[row.state] = row.n;
    return counts;
  }

  /** When the next waiting delivery comes due (null when none waits). */
  async nextDueAt(): Promise<Date | null> {
    const { at } = await queryRow(
      this.dataSource,
      `SELECT min(next_attempt_at) AS at FROM webhook_deliveries WHERE state = 'pending'`,
      [],
      z.strictObject({ at: timestamp().nullable() }),
    );
    return at;
  }
}
