import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sqlRows } from '../database/sql-rows.js';
import type { Tx } from '../database/transactions.js';
import type { Report, Verdict } from '../grading/report.types.js';
import type { SubmissionStatus } from './submission.entity.js';
import type { Role } from '../accounts/user.entity.js';

/** A submission as the API shows it (without its source), with its assignment's slug and its author. */
export interface SubmissionRecord {
  id: string;
  slug: string;
  assignmentTitle: string;
  userId: string;
  userEmail: string;
  userName: string;
  attempt: number;
  filename: string;
  status: SubmissionStatus;
  latePenalty: number;
  score: number | null;
  maxScore: number | null;
  createdAt: Date;
  gradedAt: Date | null;
  report: Report | null;
}

export interface NewSubmission {
  userId: string;
  assignmentId: string;
  versionId: string;
  attempt: number;
  filename: string;
  source: string;
  latePenalty: number;
}

/** A student's earlier submissions to one assignment, as the submission policy needs them. */
export interface AttemptHistory {
  /** All submissions, including ones that ended in our error. */
  total: number;
  /** Submissions that count against max_attempts: everything but our infrastructure errors. */
  counted: number;
  lastAt: Date | null;
}

export interface SubmissionFilter {
  userId?: string;
  assignmentId?: string;
  status?: SubmissionStatus;
  limit: number;
  offset: number;
}

/** One student's row in grades.csv: every final submission of theirs (the policy picks one). */
export interface GradeCandidate {
  userId: string;
  email: string;
  name: string;
  submissionId: string | null;
  status: SubmissionStatus | null;
  score: number | null;
  maxScore: number | null;
  latePenalty: number | null;
  createdAt: Date | null;
}

/** A submission's headline figures without its report or source: for the web app's charts, tables and rankings. */
export interface SubmissionOutcome {
  id: string;
  userId: string;
  email: string;
  name: string;
  role: Role;
  attempt: number;
  status: SubmissionStatus;
  verdict: Verdict | null;
  score: number | null;
  maxScore: number | null;
  speedup: number | null;
  /** Spread of the speedup's measurement (coefficient of variation). */
  cv: number | null;
  createdAt: Date;
}

const RECORD_COLUMNS = `
  s.id, a.slug, a.title AS "assignmentTitle", s.user_id AS "userId", u.email AS "userEmail", u.name AS "userName",
  s.attempt, s.filename, s.status, s.late_penalty AS "latePenalty", s.score, s.max_score AS "maxScore",
  s.created_at AS "createdAt", s.graded_at AS "gradedAt"`;

@Injectable()
export class SubmissionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(tx: Tx, submission: NewSubmission): Promise<{ id: string; createdAt: Date }> {
    const result = await sqlRows(
      tx,
      `INSERT INTO submissions (user_id, assignment_id, assignment_version_id, attempt, filename, source, status, late_penalty)
       VALUES ($1, $2, $3, $4, $5, $6, 'queued', $7) RETURNING id, created_at AS "createdAt"`,
      [submission.userId, submission.assignmentId, submission.versionId, submission.attempt, submission.filename, submission.source, submission.latePenalty],
    );
    return result[0];
  }

  async history(tx: Tx, userId: string, assignmentId: string): Promise<AttemptHistory> {
    const [row] = await tx.query(
      `SELECT count(*)::int AS total, (count(*) FILTER (WHERE status <> 'error'))::int AS counted, max(created_at) AS "lastAt"
       FROM submissions WHERE user_id = $1 AND assignment_id = $2`,
      [userId, assignmentId],
    );
    return { total: row.total, counted: row.counted, lastAt: row.lastAt ? new Date(row.lastAt) : null };
  }

  async find(id: string): Promise<SubmissionRecord | null> {
    const rows = await this.dataSource.query(
      `SELECT ${RECORD_COLUMNS}, s.report FROM submissions s JOIN assignments a ON a.id = s.assignment_id JOIN users u ON u.id = s.user_id
       WHERE s.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async source(id: string): Promise<{ userId: string; filename: string; source: string } | null> {
    const rows = await this.dataSource.query(`SELECT user_id AS "userId", filename, source FROM submissions WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Newest first; without reports (a list of 500 reports would be megabytes). */
  async list(filter: SubmissionFilter): Promise<SubmissionRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (filter.userId) add('s.user_id = ?', filter.userId);
    if (filter.assignmentId) add('s.assignment_id = ?', filter.assignmentId);
    if (filter.status) add('s.status = ?', filter.status);
    params.push(filter.limit, filter.offset);
    return this.dataSource.query(
      `SELECT ${RECORD_COLUMNS}, NULL AS report FROM submissions s JOIN assignments a ON a.id = s.assignment_id JOIN users u ON u.id = s.user_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY s.created_at DESC, s.id DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
  }

  /** Every student, with each of their finished (graded or rejected) submissions to the assignment, oldest first. */
  async gradeCandidates(assignmentId: string): Promise<GradeCandidate[]> {
    return this.dataSource.query(
      `SELECT u.id AS "userId", u.email, u.name, s.id AS "submissionId", s.status, s.score, s.max_score AS "maxScore",
              s.late_penalty AS "latePenalty", s.created_at AS "createdAt"
       FROM users u
       LEFT JOIN submissions s ON s.user_id = u.id AND s.assignment_id = $1 AND s.status IN ('graded', 'rejected')
       WHERE u.role = 'student'
       ORDER BY u.email, s.created_at, s.id`,
      [assignmentId],
    );
  }

  /** Every submission to the assignment (or one user's), oldest first, with figures read from their reports. */
  async outcomes(assignmentId: string, userId?: string): Promise<SubmissionOutcome[]> {
    const rows: SubmissionOutcome[] = await this.dataSource.query(
      `SELECT s.id, s.user_id AS "userId", u.email, u.name, u.role, s.attempt, s.status, s.report->>'verdict' AS verdict,
              s.score, s.max_score AS "maxScore", (s.report->'performance'->>'speedup')::double precision AS speedup,
              (s.report->'performance'->>'cv')::double precision AS cv, s.created_at AS "createdAt"
       FROM submissions s JOIN users u ON u.id = s.user_id
       WHERE s.assignment_id = $1 AND ($2::uuid IS NULL OR s.user_id = $2::uuid)
       ORDER BY s.created_at, s.id`,
      [assignmentId, userId ?? null],
    );
    return rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt) }));
  }

  /** For the load run and tests: how many submissions an assignment has, by status. */
  async countByStatus(assignmentId: string): Promise<Record<string, number>> {
    const rows: { status: string; n: number }[] = await this.dataSource.query(
      `SELECT status, count(*)::int AS n FROM submissions WHERE assignment_id = $1 GROUP BY status`,
      [assignmentId],
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }
}
