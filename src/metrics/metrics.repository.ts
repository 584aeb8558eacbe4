import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { int } from '../database/columns.js';
import { queryRow, queryRows } from '../database/query.js';
import { reportSql } from '../grading/report-sql.js';

export interface QueueFigures {
  assignment: string;
  /** Jobs a worker could start now: queued and due (not waiting out a retry delay). */
  waiting: number;
  running: number;
  /** Seconds the oldest of the waiting jobs has been in the queue; 0 when none waits. */
  oldestWaitingS: number;
}

export interface VerdictCount {
  assignment: string;
  verdict: string;
  submissions: number;
}

export interface WebhookBacklog {
  pending: number;
  sending: number;
  dead: number;
  /** Seconds since the oldest delivery not yet delivered was created; 0 when none. */
  oldestUndeliveredS: number;
}

const QueueRow = z.strictObject({ assignment: z.string(), waiting: int(), running: int(), oldestWaitingS: z.number() });
const VerdictRow = z.strictObject({ assignment: z.string(), verdict: z.string(), submissions: int() });
const BacklogRow = z.strictObject({ pending: int(), sending: int(), dead: int(), oldestUndeliveredS: z.number() });

/**
 * The figures /metrics shows from the database, so they are the same whichever process is scraped and
 * however many workers share the queue. Read-only; the times are the database's own.
 */
@Injectable()
export class MetricsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every assignment, with zeros when nothing waits, so a graph shows 0 rather than a gap. */
  queue(): Promise<QueueFigures[]> {
    return queryRows(
      this.dataSource,
      `SELECT a.slug AS assignment, coalesce(q.waiting, 0)::int AS waiting, coalesce(q.running, 0)::int AS running,
              coalesce(q.oldest_waiting_s, 0)::float8 AS "oldestWaitingS"
         FROM assignments a
         LEFT JOIN (
           SELECT s.assignment_id,
                  count(*) FILTER (WHERE j.state = 'queued' AND j.run_after <= now()) AS waiting,
                  count(*) FILTER (WHERE j.state = 'running') AS running,
                  extract(epoch FROM now() - min(j.created_at) FILTER (WHERE j.state = 'queued' AND j.run_after <= now())) AS oldest_waiting_s
             FROM grading_jobs j JOIN submissions s ON s.id = j.submission_id
            WHERE j.state IN ('queued', 'running')
            GROUP BY s.assignment_id
         ) q ON q.assignment_id = a.id
        ORDER BY a.slug`,
      [],
      QueueRow,
    );
  }

  /** Submissions with a final outcome; "error" is one we could not grade (never the student's fault). */
  verdicts(): Promise<VerdictCount[]> {
    return queryRows(
      this.dataSource,
      `SELECT a.slug AS assignment,
              CASE WHEN s.status = 'error' THEN 'error' ELSE coalesce(${reportSql('s').verdict}, s.status) END AS verdict,
              count(*)::int AS submissions
         FROM submissions s JOIN assignments a ON a.id = s.assignment_id
        WHERE s.status IN ('graded', 'rejected', 'error')
        GROUP BY 1, 2
        ORDER BY 1, 2`,
      [],
      VerdictRow,
    );
  }

  webhookBacklog(): Promise<WebhookBacklog> {
    return queryRow(
      this.dataSource,
      `SELECT count(*) FILTER (WHERE state = 'pending')::int AS pending,
              count(*) FILTER (WHERE state = 'sending')::int AS sending,
              count(*) FILTER (WHERE state = 'dead')::int AS dead,
              coalesce(extract(epoch FROM now() - min(created_at) FILTER (WHERE state IN ('pending', 'sending'))), 0)::float8 AS "oldestUndeliveredS"
         FROM webhook_deliveries
        WHERE state IN ('pending', 'sending', 'dead')`,
      [],
      BacklogRow,
    );
  }
}
