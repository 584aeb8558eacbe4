import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { int, json, text } from '../database/columns.js';
import { execute, queryOptionalRow, queryRow, queryRows } from '../database/query.js';
import type { Tx } from '../database/transactions.js';
import type { GradingProgress, Report } from '../grading/report.types.js';
import { JOB_PRIORITY, type AttemptOutcome, type JobKind } from './grading-job.js';
import { describeJobFailure, type FailureRecord, type JobFailure } from './job-failure.js';

/** A job as claimed by one worker: `attempt` and `owner` are what it must present to write anything back. */
export interface ClaimedJob {
  id: string;
  submissionId: string;
  kind: JobKind;
  attempt: number;
  failures: number;
  owner: string;
  /** The previous attempt's worker died holding the job (its lease ran out). */
  leaseExpired: boolean;
}

export interface OpenJob {
  id: string;
  submissionId: string;
  state: 'queued' | 'running';
  kind: JobKind;
  progress: GradingProgress | null;
  lastFailure: FailureRecord | null;
}

/** What a worker needs to grade a submission. */
export interface GradingWork {
  source: string;
  filename: string;
  slug: string;
}

const kind = () => text<JobKind>();
const Id = z.strictObject({ id: z.string() });

const ClaimedRow = z.strictObject({ id: z.string(), submissionId: z.string(), kind: kind(), attempt: int(), failures: int(), leaseExpired: z.boolean() });

const WorkRow: z.ZodType<GradingWork> = z.strictObject({ source: z.string(), filename: z.string(), slug: z.string() });

const OpenJobRow: z.ZodType<OpenJob> = z.strictObject({
  id: z.string(),
  submissionId: z.string(),
  state: z.enum(['queued', 'running']),
  kind: kind(),
  progress: json<GradingProgress>().nullable(),
  lastFailure: json<FailureRecord>().nullable(),
});

const AttemptRow = z.strictObject({ attempt: int(), worker: z.string(), outcome: text<AttemptOutcome>().nullable() });

/**
 * The queue's SQL: grading jobs, their attempts, and the grading state of their submissions (status, result),
 * which is the queue's to move. Every write after the claim is a compare-and-set on (attempt, lease owner): a
 * worker whose job was taken over after its lease ran out finds its writes refused, so a submission gets one result.
 */
@Injectable()
export class JobsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Part of the caller's transaction: a submission and its job are committed together or not at all. */
  async enqueue(tx: Tx, submissionId: string, kind: JobKind): Promise<string> {
    const { id } = await queryRow(
      tx,
      `INSERT INTO grading_jobs (submission_id, kind, priority, state) VALUES ($1, $2, $3, 'queued') RETURNING id`,
      [submissionId, kind, JOB_PRIORITY[kind]],
      Id,
    );
    return id;
  }

  /** Queues a regrade of every submission of the assignment that has no job waiting or running. */
  async enqueueRegrades(tx: Tx, assignmentId: string): Promise<number> {
    const queued = await queryRows(
      tx,
      `INSERT INTO grading_jobs (submission_id, kind, priority, state)
       SELECT s.id, 'regrade', $2, 'queued' FROM submissions s
       WHERE s.assignment_id = $1
         AND NOT EXISTS (SELECT 1 FROM grading_jobs j WHERE j.submission_id = s.id AND j.state IN ('queued', 'running'))
       RETURNING id`,
      [assignmentId, JOB_PRIORITY.regrade],
      Id,
    );
    // A submission that ended in "error" has no result to keep showing: it is waiting again.
    await execute(tx, `UPDATE submissions SET status = 'queued' WHERE assignment_id = $1 AND status = 'error'`, [assignmentId]);
    return queued.length;
  }

  /**
   * Claims the next job: a queued one whose time has come, or a running one whose worker stopped renewing
   * its lease. SKIP LOCKED lets many workers claim at once without waiting for or taking the same row.
   */
  async claim(owner: string, leaseS: number): Promise<ClaimedJob | null> {
    return this.dataSource.transaction(async (tx) => {
      const job = await queryOptionalRow(
        tx,
        `WITH next AS (
           SELECT id, state FROM grading_jobs
           WHERE (state = 'queued' AND run_after <= now()) OR (state = 'running' AND lease_expires_at < now())
           ORDER BY priority, created_at, id
           LIMIT 1
           FOR UPDATE SKIP LOCKED
         )
         UPDATE grading_jobs j
         SET state = 'running', attempt = j.attempt + 1,
             failures = j.failures + CASE WHEN j.state = 'running' THEN 1 ELSE 0 END,
             lease_owner = $1, lease_expires_at = now() + make_interval(secs => $2),
             progress = NULL, updated_at = now()
         FROM next WHERE j.id = next.id
         RETURNING j.id, j.submission_id AS "submissionId", j.kind, j.attempt, j.failures, next.state = 'running' AS "leaseExpired"`,
        [owner, leaseS],
        ClaimedRow,
      );
      if (!job) return null;
      // The attempt a dead worker left open is closed as such: the audit trail shows what happened.
      await execute(
        tx,
        `UPDATE grading_attempts SET outcome = 'lease_expired', finished_at = now(), error = 'the worker stopped renewing its lease'
         WHERE job_id = $1 AND outcome IS NULL`,
        [job.id],
      );
      await execute(tx, `INSERT INTO grading_attempts (job_id, attempt, worker, started_at) VALUES ($1, $2, $3, now())`, [job.id, job.attempt, owner]);
      await execute(tx, `UPDATE submissions SET status = 'running' WHERE id = $1 AND status = 'queued'`, [job.submissionId]);
      return { ...job, owner };
    });
  }

  work(submissionId: string): Promise<GradingWork | null> {
    return queryOptionalRow(
      this.dataSource,
      `SELECT s.source, s.filename, a.slug FROM submissions s JOIN assignments a ON a.id = s.assignment_id WHERE s.id = $1`,
      [submissionId],
      WorkRow,
    );
  }

  /** Extends the lease (and records progress for other processes' event streams). False: the job is no longer ours. */
  async renew(job: ClaimedJob, leaseS: number, progress: GradingProgress | null): Promise<boolean> {
    const held = await queryRows(
      this.dataSource,
      `UPDATE grading_jobs SET lease_expires_at = now() + make_interval(secs => $4), progress = COALESCE($5::jsonb, progress), updated_at = now()
       WHERE id = $1 AND attempt = $2 AND lease_owner = $3 AND state = 'running' RETURNING id`,
      [job.id, job.attempt, job.owner, leaseS, progress === null ? null : JSON.stringify(progress)],
      Id,
    );
    return held.length === 1;
  }

  /**
   * Writes a student verdict (graded or rejected) and closes the job, in the caller's transaction, only if this
   * claim still holds the job. Returns false when another claim took over (the result is then dropped).
   */
  async complete(tx: Tx, job: ClaimedJob, report: Report, versionId: string): Promise<boolean> {
    if (!(await this.close(tx, job, 'done', null))) return false;
    await execute(
      tx,
      `UPDATE submissions SET status = $2, report = $3::jsonb, max_score = $5, graded_at = now(), assignment_version_id = $6,
         score = CASE WHEN $4::double precision IS NULL THEN NULL ELSE $4::double precision * (1 - late_penalty) END
       WHERE id = $1`,
      [job.submissionId, report.status, JSON.stringify(report), report.score, report.maxScore, versionId],
    );
    await this.endAttempt(tx, job, report.status === 'rejected' ? 'rejected' : 'graded', null);
    return true;
  }

  /** An infrastructure failure with tries left: back to the queue after `delayS`. */
  async retryLater(job: ClaimedJob, failure: JobFailure, delayS: number): Promise<boolean> {
    const record: FailureRecord = { failure };
    return this.dataSource.transaction(async (tx) => {
      const held = await queryRows(
        tx,
        `UPDATE grading_jobs SET state = 'queued', failures = failures + 1, last_failure = $4::jsonb, lease_owner = NULL, lease_expires_at = NULL,
           progress = NULL, run_after = now() + make_interval(secs => $5), updated_at = now()
         WHERE id = $1 AND attempt = $2 AND lease_owner = $3 AND state = 'running' RETURNING id`,
        [job.id, job.attempt, job.owner, JSON.stringify(record), delayS],
        Id,
      );
      if (held.length === 0) return false;
      await execute(tx, `UPDATE submissions SET status = 'queued' WHERE id = $1 AND status = 'running'`, [job.submissionId]);
      await this.endAttempt(tx, job, 'error', describeJobFailure(failure));
      return true;
    });
  }

  /**
   * No tries left: the job fails for good, in the caller's transaction. A submission still waiting for its first
   * result shows "error" (with the core's error report, when there is one); one that was being regraded keeps the
   * result it had, so an outage never takes a grade away.
   */
  async failFinally(tx: Tx, job: ClaimedJob, record: FailureRecord, report: Report | null): Promise<boolean> {
    if (!(await this.close(tx, job, 'failed', record))) return false;
    await execute(
      tx,
      `UPDATE submissions SET status = 'error', report = $2::jsonb, score = NULL, max_score = NULL, graded_at = now()
       WHERE id = $1 AND status IN ('queued', 'running')`,
      [job.submissionId, report === null ? null : JSON.stringify(report)],
    );
    await this.endAttempt(tx, job, 'error', describeJobFailure(record.failure));
    return true;
  }

  /** Graceful shutdown: hands a job back untouched (not a failure), for another worker to claim now. */
  async release(job: ClaimedJob): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      const held = await queryRows(
        tx,
        `UPDATE grading_jobs SET state = 'queued', lease_owner = NULL, lease_expires_at = NULL, progress = NULL, run_after = now(), updated_at = now()
         WHERE id = $1 AND attempt = $2 AND lease_owner = $3 AND state = 'running' RETURNING id`,
        [job.id, job.attempt, job.owner],
        Id,
      );
      if (held.length === 0) return false;
      await execute(tx, `UPDATE submissions SET status = 'queued' WHERE id = $1 AND status = 'running'`, [job.submissionId]);
      await this.endAttempt(tx, job, 'released', null);
      return true;
    });
  }

  /** The submission's waiting or running job, if any. */
  openJob(submissionId: string): Promise<OpenJob | null> {
    return queryOptionalRow(
      this.dataSource,
      `SELECT id, submission_id AS "submissionId", state, kind, progress, last_failure AS "lastFailure"
       FROM grading_jobs WHERE submission_id = $1 AND state IN ('queued', 'running')`,
      [submissionId],
      OpenJobRow,
    );
  }

  /** The latest job's last failure (what went wrong when a submission ended in "error"). */
  async lastFailure(submissionId: string): Promise<FailureRecord | null> {
    const row = await queryOptionalRow(
      this.dataSource,
      `SELECT last_failure AS "lastFailure" FROM grading_jobs WHERE submission_id = $1 AND last_failure IS NOT NULL ORDER BY updated_at DESC LIMIT 1`,
      [submissionId],
      z.strictObject({ lastFailure: json<FailureRecord>() }),
    );
    return row?.lastFailure ?? null;
  }

  /** 1 = next to be graded. Counts waiting jobs that a worker would take before this one. */
  async position(jobId: string): Promise<number> {
    const { ahead } = await queryRow(
      this.dataSource,
      `SELECT count(*)::int AS ahead FROM grading_jobs o, grading_jobs j
       WHERE j.id = $1 AND o.state = 'queued' AND (o.priority, o.created_at, o.id) < (j.priority, j.created_at, j.id)`,
      [jobId],
      z.strictObject({ ahead: int() }),
    );
    return ahead + 1;
  }

  /** For tests and the load run: attempts of a submission's jobs, oldest first. */
  attemptsOf(submissionId: string): Promise<{ attempt: number; worker: string; outcome: AttemptOutcome | null }[]> {
    return queryRows(
      this.dataSource,
      `SELECT a.attempt, a.worker, a.outcome FROM grading_attempts a JOIN grading_jobs j ON j.id = a.job_id
       WHERE j.submission_id = $1 ORDER BY j.created_at, a.attempt`,
      [submissionId],
      AttemptRow,
    );
  }

  private async close(tx: Tx, job: ClaimedJob, state: 'done' | 'failed', failure: FailureRecord | null): Promise<boolean> {
    const held = await queryRows(
      tx,
      `UPDATE grading_jobs SET state = $4, last_failure = COALESCE($5::jsonb, last_failure), failures = failures + CASE WHEN $4 = 'failed' THEN 1 ELSE 0 END,
         lease_owner = NULL, lease_expires_at = NULL, progress = NULL, finished_at = now(), updated_at = now()
       WHERE id = $1 AND attempt = $2 AND lease_owner = $3 AND state = 'running' RETURNING id`,
      [job.id, job.attempt, job.owner, state, failure === null ? null : JSON.stringify(failure)],
      Id,
    );
    return held.length === 1;
  }

  private async endAttempt(tx: Tx, job: ClaimedJob, outcome: AttemptOutcome, error: string | null): Promise<void> {
    await execute(tx, `UPDATE grading_attempts SET outcome = $3, error = $4, finished_at = now() WHERE job_id = $1 AND attempt = $2`, [job.id, job.attempt, outcome, error]);
  }
}
