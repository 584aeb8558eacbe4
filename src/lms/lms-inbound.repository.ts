import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { int, json } from '../database/columns.js';
import { execute, queryOptionalRow, queryRow } from '../database/query.js';
import type { Tx } from '../database/transactions.js';

/** The answer given to an accepted request, given again to every repeat of its webhook-id. */
export interface StoredAnswer {
  id: string;
  statusUrl: string;
}

export interface AcceptedRequest {
  integrationId: string;
  webhookId: string;
  submissionId: string;
  lmsUserId: string;
  answer: StoredAnswer;
  receivedAt: Date;
}

const UserId = z.strictObject({ userId: z.string() });

/** Idempotency records of inbound requests (lms_inbound_requests), and the links between LMS users and accounts (lms_user_links). */
@Injectable()
export class LmsInboundRepository {
  constructor(private readonly dataSource: DataSource) {}

  async answerTo(integrationId: string, webhookId: string): Promise<StoredAnswer | null> {
    const row = await queryOptionalRow(
      this.dataSource,
      `SELECT response FROM lms_inbound_requests WHERE integration_id = $1 AND webhook_id = $2`,
      [integrationId, webhookId],
      z.strictObject({ response: json<StoredAnswer>() }),
    );
    return row?.response ?? null;
  }

  /** In the submission's transaction; a concurrent twin of the request makes this fail (UniqueViolation), rolling the submission back. */
  async record(tx: Tx, request: AcceptedRequest): Promise<void> {
    await execute(
      tx,
      `INSERT INTO lms_inbound_requests (integration_id, webhook_id, submission_id, lms_user_id, response, received_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6)`,
      [request.integrationId, request.webhookId, request.submissionId, request.lmsUserId, JSON.stringify(request.answer), request.receivedAt],
    );
  }

  async linkedUser(integrationId: string, lmsUserId: string, tx?: Tx): Promise<string | null> {
    const row = await queryOptionalRow(
      tx ?? this.dataSource,
      `SELECT user_id AS "userId" FROM lms_user_links WHERE integration_id = $1 AND lms_user_id = $2`,
      [integrationId, lmsUserId],
      UserId,
    );
    return row?.userId ?? null;
  }

  /** Links the LMS user to the account unless already linked (to whichever account won a race). */
  async link(tx: Tx, integrationId: string, lmsUserId: string, userId: string, now: Date): Promise<void> {
    await execute(tx, `INSERT INTO lms_user_links (integration_id, lms_user_id, user_id, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [
      integrationId,
      lmsUserId,
      userId,
      now,
    ]);
  }

  /** For tests and the API: how many requests an integration had accepted. */
  async countAccepted(integrationId: string): Promise<number> {
    const { n } = await queryRow(this.dataSource, `SELECT count(*)::int AS n FROM lms_inbound_requests WHERE integration_id = $1`, [integrationId], z.strictObject({ n: int() }));
    return n;
  }
}
