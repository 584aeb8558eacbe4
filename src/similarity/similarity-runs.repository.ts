import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { int, json, timestamp } from '../database/columns.js';
import { execute, queryOptionalRow, queryRows } from '../database/query.js';
import type { AnalysedPair } from './analysis/analyse-class.js';
import type { RunProgress, RunSummary } from './analysis/run-results.js';
import type { RunFailure } from './run-failure.js';
import { RUN_SCOPES, RUN_STATES, type RunScope, type RunState } from './similarity-run.js';

/** A run as claimed by one worker: `attempt` and `owner` are what it must present to write anything back. */
export interface ClaimedRun {
  id: string;
  assignmentId: string;
  scope: RunScope;
  attempt: number;
  owner: string;
}

export interface RunRecord {
  id: string;
  assignmentId: string;
  scope: RunScope;
  state: RunState;
  attempt: number;
  requestedBy: string | null;
  requestedByName: string | null;
  progress: RunProgress | null;
  summary: RunSummary | null;
  failure: RunFailure | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** A compared pair a run kept (similar, or among a submission's closest), left_id < right_id. */
export type StoredPair = AnalysedPair;

const scope = () => z.enum(RUN_SCOPES);
const Id = z.strictObject({ id: z.string() });

const ClaimedRow = z.strictObject({ id: z.string(), assignmentId: z.string(), scope: scope(), attempt: int() });

const RunRow: z.ZodType<RunRecord> = z.strictObject({
  id: z.string(),
  assignmentId: z.string(),
  scope: scope(),
  state: z.enum(RUN_STATES),
  attempt: int(),
  requestedBy: z.string().nullable(),
  requestedByName: z.string().nullable(),
  progress: json<RunProgress>().nullable(),
  summary: json<RunSummary>().nullable(),
  failure: json<RunFailure>().nullable(),
  createdAt: timestamp(),
  startedAt: timestamp().nullable(),
  finishedAt: timestamp().nullable(),
});

const PairRow: z.ZodType<StoredPair> = z.strictObject({
  leftId: z.string(),
  rightId: z.string(),
  similarity: z.number(),
  longest: int(),
  longestLines: int(),
  leftShared: int(),
  rightShared: int(),
  leftOwn: int(),
  rightOwn: int(),
});

const StaleRow = z.strictObject({ assignmentId: z.string(), scope: scope() });

const RUN_COLUMNS = `r.id, r.assignment_id AS "assignmentId", r.scope, r.state, r.attempt, r.requested_by AS "requestedBy", u.name AS "requestedByName",
  r.progress, r.summary, r.failure, r.created_at AS "createdAt", r.started_at AS "startedAt", r.finished_at AS "finishedAt"`;

const PAIR_COLUMNS = `p.left_id AS "leftId", p.right_id AS "rightId", p.similarity, p.longest, p.longest_lines AS "longestLines",
  p.left_shared AS "leftShared", p.right_shared AS "rightShared", p.left_own AS "leftOwn", p.right_own AS "rightOwn"`;

/** Pairs per INSERT: well under Postgres' 65535 parameters (10 per row go in as arrays anyway). */
const PAIR_BATCH = 2000;

/**
 * The similarity runs and the pairs each one kept. The runs are a queue with the grading queue's discipline
 * (claim with SKIP LOCKED, a lease renewed while working, every write after the claim a compare-and-set on
 * attempt and owner), in a table of their own.
 */
@Injectable()
export class SimilarityRunsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Queues a run unless one for the assignment and scope is already waiting or running; returns the open one. */
  async enqueue(assignmentId: string, scope: RunScope, requestedBy: string | null): Promise<{ id: string; queued: boolean }> {
    const inserted = await queryOptionalRow(
      this.dataSource,
      `INSERT INTO similarity_runs (assignment_id, scope, requested_by) VALUES ($1, $2, $3)
       ON CONFLICT (assignment_id, scope) WHERE state IN ('queued', 'running') DO NOTHING RETURNING id`,
      [assignmentId, scope, requestedBy],
      Id,
    );
    if (inserted) return { id: inserted.id, queued: true };
    const open = await queryOptionalRow(
      this.dataSource,
      `SELECT id FROM similarity_runs WHERE assignment_id = $1 AND scope = $2 AND state IN ('queued', 'running')`,
      [assignmentId, scope],
      Id,
    );
    // Finished between the two statements: ask again.
    return open ? { id: open.id, queued: false } : this.enqueue(assignmentId, scope, requestedBy);
  }

  /** The oldest waiting run, or a running one whose worker stopped renewing its lease. */
  async claim(owner: string, leaseS: number): Promise<ClaimedRun | null> {
    const run = await queryOptionalRow(
      this.dataSource,
      `WITH next AS (
         SELECT id FROM similarity_runs
         WHERE state = 'queued' OR (state = 'running' AND lease_expires_at < now())
         ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED
       )
       UPDATE similarity_runs r SET state = 'running', attempt = r.attempt + 1, lease_owner = $1,
         lease_expires_at = now() + make_interval(secs => $2), started_at = now(), progress = NULL
       FROM next WHERE r.id = next.id
       RETURNING r.id, r.assignment_id AS "assignmentId", r.scope, r.attempt`,
      [owner, leaseS],
      ClaimedRow,
    );
    return run ? { ...run, owner } : null;
  }

  /** Extends the lease and records progress; false when another worker has taken the run over. */
  async renew(run: ClaimedRun, leaseS: number, progress: RunProgress | null): Promise<boolean> {
    const held = await queryRows(
      this.dataSource,
      `UPDATE similarity_runs SET lease_expires_at = now() + make_interval(secs => $4), progress = COALESCE($5::jsonb, progress)
       WHERE id = $1 AND attempt = $2 AND lease_owner = $3 AND state = 'running' RETURNING id`,
      [run.id, run.attempt, run.owner, leaseS, progress ? JSON.stringify(progress) : null],
      Id,
    );
    return held.length === 1;
  }

  /** Stores the pairs and the summary in one transaction, if this claim still holds the run. */
  async complete(run: ClaimedRun, summary: RunSummary, pairs: readonly AnalysedPair[]): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      const held = await queryRows(
        tx,
        `UPDATE similarity_runs SET state = 'done', summary = $4::jsonb, progress = NULL, lease_owner = NULL, lease_expires_at = NULL, finished_at = now()
         WHERE id = $1 AND attempt = $2 AND lease_owner = $3 AND state = 'running' RETURNING id`,
        [run.id, run.attempt, run.owner, JSON.stringify(summary)],
        Id,
      );
      if (held.length === 0) return false;
      for (let from = 0; from < pairs.length; from += PAIR_BATCH) {
        const batch = pairs.slice(from, from + PAIR_BATCH);
        const column = <K extends keyof AnalysedPair>(key: K) => batch.map((pair) => pair[key]);
        await execute(
          tx,
          `INSERT INTO similarity_pairs (run_id, left_id, right_id, similarity, longest, longest_lines, left_shared, right_shared, left_own, right_own)
           SELECT $1, * FROM unnest($2::uuid[], $3::uuid[], $4::float8[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[], $10::int[])`,
          [
            run.id,
            column('leftId'),
            column('rightId'),
            column('similarity'),
            column('longest'),
            column('longestLines'),
            column('leftShared'),
            column('rightShared'),
            column('leftOwn'),
            column('rightOwn'),
          ],
        );
      }
      return true;
    });
  }

  /** A failure of ours, kept with the run for the report page (only while this claim holds the run). */
  async fail(run: ClaimedRun, failure: RunFailure): Promise<void> {
    await execute(
      this.dataSource,
      `UPDATE similarity_runs SET state = 'failed', failure = $4::jsonb, progress = NULL, lease_owner = NULL, lease_expires_at = NULL, finished_at = now()
       WHERE id = $1 AND attempt = $2 AND lease_owner = $3 AND state = 'running'`,
      [run.id, run.attempt, run.owner, JSON.stringify(failure)],
    );
  }

  /** The newest run of the assignment in each state that matters: the last finished one, any open one, the last failed one. */
  async latest(assignmentId: string): Promise<{ done: RunRecord | null; open: RunRecord | null; failed: RunRecord | null }> {
    const rows = await queryRows(
      this.dataSource,
      `SELECT DISTINCT ON (CASE WHEN r.state IN ('queued', 'running') THEN 'open' ELSE r.state END) ${RUN_COLUMNS}
       FROM similarity_runs r LEFT JOIN users u ON u.id = r.requested_by
       WHERE r.assignment_id = $1
       ORDER BY CASE WHEN r.state IN ('queued', 'running') THEN 'open' ELSE r.state END, r.created_at DESC, r.id`,
      [assignmentId],
      RunRow,
    );
    const find = (states: RunState[]) => rows.find((row) => states.includes(row.state)) ?? null;
    return { done: find(['done']), open: find(['queued', 'running']), failed: find(['failed']) };
  }

  /**
   * Assignments to analyse again: their newest run finished at least `quietS` seconds ago, nothing is open,
   * and a student submitted since that run started. The new run reuses every fingerprint already made.
   */
  stale(quietS: number): Promise<{ assignmentId: string; scope: RunScope }[]> {
    return queryRows(
      this.dataSource,
      `SELECT r.assignment_id AS "assignmentId", r.scope FROM (
         SELECT DISTINCT ON (assignment_id, scope) assignment_id, scope, state, started_at, finished_at
         FROM similarity_runs ORDER BY assignment_id, scope, created_at DESC
       ) r
       WHERE r.state = 'done' AND r.finished_at < now() - make_interval(secs => $1)
         AND EXISTS (SELECT 1 FROM submissions s JOIN users u ON u.id = s.user_id
                     WHERE s.assignment_id = r.assignment_id AND u.role = 'student' AND s.created_at > r.started_at)`,
      [quietS],
      StaleRow,
    );
  }

  /** A run's pairs, most similar first (or longest shared fragment first). */
  pairs(runId: string, order: 'similarity' | 'longest', limit: number): Promise<StoredPair[]> {
    const orderBy = order === 'longest' ? 'p.longest DESC, p.similarity DESC' : 'p.similarity DESC, p.longest DESC';
    return queryRows(
      this.dataSource,
      `SELECT ${PAIR_COLUMNS} FROM similarity_pairs p WHERE p.run_id = $1 ORDER BY ${orderBy}, p.left_id, p.right_id LIMIT $2`,
      [runId, limit],
      PairRow,
    );
  }

  pair(runId: string, leftId: string, rightId: string): Promise<StoredPair | null> {
    return queryOptionalRow(
      this.dataSource,
      `SELECT ${PAIR_COLUMNS} FROM similarity_pairs p WHERE p.run_id = $1 AND p.left_id = $2 AND p.right_id = $3`,
      [runId, leftId, rightId],
      PairRow,
    );
  }

  /** The stored pairs with this submission on either side, most similar first. */
  pairsOf(runId: string, submissionId: string, limit: number): Promise<StoredPair[]> {
    return queryRows(
      this.dataSource,
      `SELECT ${PAIR_COLUMNS} FROM similarity_pairs p WHERE p.run_id = $1 AND (p.left_id = $2 OR p.right_id = $2)
       ORDER BY p.similarity DESC, p.longest DESC LIMIT $3`,
      [runId, submissionId, limit],
      PairRow,
    );
  }

  /** The latest finished run (either scope) that compared this submission. */
  async latestRunWith(submissionId: string): Promise<string | null> {
    const row = await queryOptionalRow(
      this.dataSource,
      `SELECT r.id FROM similarity_runs r JOIN submissions s ON s.assignment_id = r.assignment_id
       WHERE s.id = $1 AND r.state = 'done' AND r.started_at >= s.created_at
       ORDER BY r.finished_at DESC LIMIT 1`,
      [submissionId],
      Id,
    );
    return row?.id ?? null;
  }
}
