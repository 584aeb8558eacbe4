import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { int, text, timestamp } from '../database/columns.js';
import { queryOptionalRow, queryRows } from '../database/query.js';
import type { Tx } from '../database/transactions.js';
import type { Verdict } from '../grading/report.types.js';
import { reportSql } from '../grading/report-sql.js';
import { SUBMISSION_STATUSES, type SubmissionStatus } from '../submissions/submission-status.js';
import type { EventType } from './webhook-events.types.js';

/** A submission with everything an event about it says, read inside the transaction that changed it. */
export interface SubmissionFacts {
  id: string;
  attempt: number;
  filename: string;
  status: SubmissionStatus;
  score: number | null;
  maxScore: number | null;
  latePenalty: number;
  verdict: Verdict | null;
  speedup: number | null;
  peakMemoryBytes: number | null;
  message: string | null;
  createdAt: Date;
  gradedAt: Date | null;
  slug: string;
  assignmentId: string;
  counts: 'best' | 'last';
  userId: string;
  email: string;
  name: string;
  lmsUserId: string | null;
}

export interface NewEvent {
  id: string;
  type: EventType;
  body: string;
  createdAt: Date;
}

const FactsRow: z.ZodType<SubmissionFacts> = z.strictObject({
  id: z.string(),
  attempt: int(),
  filename: z.string(),
  status: z.enum(SUBMISSION_STATUSES),
  score: z.number().nullable(),
  maxScore: z.number().nullable(),
  latePenalty: z.number(),
  verdict: text<Verdict>().nullable(),
  speedup: z.number().nullable(),
  peakMemoryBytes: z.number().nullable(),
  message: z.string().nullable(),
  createdAt: timestamp(),
  gradedAt: timestamp().nullable(),
  slug: z.string(),
  assignmentId: z.string(),
  counts: z.enum(['best', 'last']),
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  lmsUserId: z.string().nullable(),
});

const Id = z.strictObject({ id: z.string() });

const report = reportSql('s');

/**
 * The outbox's SQL: events and their deliveries (webhook_events, webhook_deliveries), always inside the
 * caller's transaction; and the facts an event tells about a submission.
 */
@Injectable()
export class WebhookEventsRepository {
  /** Whether any enabled endpoint wants this type: nothing is stored for an event nobody receives. */
  async hasSubscribers(tx: Tx, type: EventType): Promise<boolean> {
    const rows = await queryRows(tx, `SELECT 1 AS one FROM webhook_endpoints WHERE disabled_at IS NULL AND events @> to_jsonb($1::text) LIMIT 1`, [type], z.strictObject({ one: int() }));
    return rows.length > 0;
  }

  /**
   * Stores the event and one delivery, due now, for every enabled endpoint subscribed to its type — or for
   * `endpointId` alone (a ping). Returns the deliveries' ids.
   */
  async insert(tx: Tx, event: NewEvent, endpointId: string | null = null): Promise<string[]> {
    const rows = await queryRows(
      tx,
      `WITH event AS (INSERT INTO webhook_events (id, type, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id)
       INSERT INTO webhook_deliveries (event_id, endpoint_id, next_attempt_at, created_at)
       SELECT event.id, e.id, $4, $4 FROM event, webhook_endpoints e
       WHERE e.disabled_at IS NULL AND (CASE WHEN $5::uuid IS NULL THEN e.events @> to_jsonb($2::text) ELSE e.id = $5::uuid END)
       RETURNING id`,
      [event.id, event.type, event.body, event.createdAt, endpointId],
      Id,
    );
    return rows.map((row) => row.id);
  }

  submissionFacts(tx: Tx, submissionId: string): Promise<SubmissionFacts | null> {
    return queryOptionalRow(
      tx,
      `SELECT s.id, s.attempt, s.filename, s.status, s.score, s.max_score AS "maxScore", s.late_penalty AS "latePenalty",
              ${report.verdict} AS verdict, ${report.speedup} AS speedup,
              ${report.peakMemoryBytes} AS "peakMemoryBytes", ${report.message} AS message,
              s.created_at AS "createdAt", s.graded_at AS "gradedAt",
              a.slug, a.id AS "assignmentId", COALESCE(v.definition->'policy'->>'counts', 'best') AS counts,
              u.id AS "userId", u.email, u.name,
              COALESCE(
                (SELECT r.lms_user_id FROM lms_inbound_requests r WHERE r.submission_id = s.id LIMIT 1),
                (SELECT l.lms_user_id FROM lms_user_links l WHERE l.user_id = s.user_id ORDER BY l.created_at DESC LIMIT 1)
              ) AS "lmsUserId"
       FROM submissions s
       JOIN assignments a ON a.id = s.assignment_id
       LEFT JOIN assignment_versions v ON v.id = a.current_version_id
       JOIN users u ON u.id = s.user_id
       WHERE s.id = $1`,
      [submissionId],
      FactsRow,
    );
  }
}
