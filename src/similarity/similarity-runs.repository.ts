import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sqlRows } from '../database/sql-rows.js';
import type { AnalysedPair } from './analysis/analyse-class.js';
import type { RunProgress, RunSummary } from './analysis/run-results.js';
import type { RunScope, RunState } from './similarity-run.entity.js';

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
  error: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

const RUN_COLUMNS = `r.id, r.assignment_id AS "assignmentId", r.scope, r.state, r.attempt, r.requested_by AS "requestedBy", u.name AS "requestedByName",
  r.progress, r.summary, r.error, r.created_at AS "createdAt", r.started_at AS "startedAt", r.finished_at AS "finishedAt"`;

/** Pairs per INSERT: well under Postgres' 65535 parameters (10 per row go in as arrays anyway). */
const PAIR_BATCH = 2000;

/**
 * The similarity runs' queue: the same discipline as the grading queue (claim with SKIP LOCKED, a lease
 * renewed while working, every write after the claim a compare-and-set on attempt and owner), in a table of
 * its own.
 */
@Injectable()
export class SimilarityRunsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Queues a run unless one for the assignment and scope is already waiting or running; returns the open one. */
  async enqueue(assignmentId: string, scope: RunScope, requestedBy: string | null): Promise<{ id: string; queued: boolean }> {
    const inserted = await sqlRows(
      this.dataSource,
      `INSERT INTO similarity_runs (assignment_id, scope, requested_by) VALUES ($1, $2, $3)
       ON CONFLICT (assignment_id, scope) WHERE state IN ('queued', 'running') DO NOTHING RETURNING id`,
      [assignmentId, scope, requestedBy],
    );
    if (inserted.length > 0) return { id: inserted[0].id, queued: true };
    const open = await sqlRows(this.dataSource, `SELECT id FROM similarity_runs WHERE assignment_id = $1 AND scope = $2 AND state IN ('queued', 'running')`, [assignmentId, scope]);
    // Finished between the two statements: ask again.
    return open.length > 0 ? { id: open[0].id, queued: false } : this.enqueue(assignmentId, scope, requestedBy);
  }

  /** The oldest waiting run, or a running one whose worker stopped renewing its lease. */
  async claim(owner: string, leaseS: number): Promise<ClaimedRun | null> {
    const rows = await sqlRows(
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
    );
    return rows[0] ? { ...rows[0], owner } : null;
  }

  /** Extends the lease and records progress; false when another worker has taken the run over. */
  async renew(run: ClaimedRun, leaseS: number, progress: RunProgress | null): Promise<boolean> {
    const rows = await sqlRows(
      this.dataSource,
      `UPDATE similarity_runs SET lease_expires_at = now() + make_interval(secs => $4), progress = COALESCE($5::jsonb, progress)
       WHERE id = $1 AND attempt = $2 AND lease_owner = $3 AND state = 'running' RETURNING id`,
      [run.id, run.attempt, run.owner, leaseS, progress ? JSON.stringify(progress) : null],
    );
    return rows.length === 1;
  }

  /** Stores the pairs and the summary in one transaction, if this claim still holds the run. */
  async complete(run: ClaimedRun, summary: RunSummary, pairs: readonly AnalysedPair[]): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      const held = await sqlRows(
        tx,
        `UPDATE similarity_runs SET state = 'done', summary = $4::jsonb, progress = NULL, lease_owner = NULL, lease_expires_at = NULL, finished_at = now()
         WHERE id = $1 AND attempt = $2 AND lease_owner = $3 AND state = 'running' RETURNING id`,
        [run.id, run.attempt, run.owner, JSON.stringify(summary)],
      );
      if (held.length === 0) return false;
      for (let from = 0; from < pairs.length; from += PAIR_BATCH) {
        const batch = pairs.slice(from, from + PAIR_BATCH);
        const column = <K extends keyof AnalysedPair>(key: K) => batch.map((pair) => pair[key]);
        await tx.query(
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

  async fail(run: ClaimedRun, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE similarity_runs SET state = 'failed', error = $4, progress = NULL, lease_owner = NULL, lease_expires_at = NULL, finished_at = now()
       WHERE id = $1 AND attempt = $2 AND lease_owner = $3 AND state = 'running'`,
      [run.id, run.attempt, run.owner, error],
    );
  }

  /** The newest run of the assignment in each state that matters: the last finished one and any open one. */
  async latest(assignmentId: string): Promise<{ done: RunRecord | null; open: RunRecord | null; failed: RunRecord | null }> {
    const rows = await sqlRows<RunRecord>(
      this.dataSource,
      `SELECT DISTINCT ON (CASE WHEN r.state IN ('queued', 'running') THEN 'open' ELSE r.state END) ${RUN_COLUMNS}
       FROM similarity_runs r LEFT JOIN users u ON u.id = r.requested_by
       WHERE r.assignment_id = $1
       ORDER BY CASE WHEN r.state IN ('queued', 'running') THEN 'open' ELSE r.state END, r.created_at DESC, r.id`,
      [assignmentId],
    );
    const find = (states: RunState[]) => rows.map(dated).find((row) => states.includes(row.state)) ?? null;
    return { done: find(['done']), open: find(['queued', 'running']), failed: find(['failed']) };
  }

  /**
   * Assignments to analyse again: their newest run finished at least `quietS` seconds ago, nothing is open,
   * and a student submitted since that run started. The new run reuses every fingerprint already made.
   */
  async stale(quietS: number): Promise<{ assignmentId: string; scope: RunScope }[]> {
    return sqlRows(
      this.dataSource,
      `SELECT r.assignment_id AS "assignmentId", r.scope FROM (
         SELECT DISTINCT ON (assignment_id, scope) assignment_id, scope, state, started_at, finished_at
         FROM similarity_runs ORDER BY assignment_id, scope, created_at DESC
       ) r
       WHERE r.state = 'done' AND r.finished_at < now() - make_interval(secs => $1)
         AND EXISTS (SELECT 1 FROM submissions s JOIN users u ON u.id = s.user_id
                     WHERE s.assignment_id = r.assignment_id AND u.role = 'student' AND s.created_at > r.started_at)`,
      [quietS],
    );
  }
}

function dated(row: RunRecord): RunRecord {
  return {
    ...row,
    createdAt: new Date(row.createdAt),
    startedAt: row.startedAt ? new Date(row.startedAt) : null,
    finishedAt: row.finishedAt ? new Date(row.finishedAt) : null,
  };
}
