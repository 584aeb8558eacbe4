import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { ROLES, type Role } from '../accounts/user.js';
import { int, json, text, timestamp } from '../database/columns.js';
import { queryOptionalRow, queryRow, queryRows } from '../database/query.js';
import type { Tx } from '../database/transactions.js';
import type { Report, Verdict } from '../grading/report.types.js';
import { reportSql } from '../grading/report-sql.js';
import { SUBMISSION_STATUSES, type SubmissionStatus } from './submission-status.js';

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

const status = () => z.enum(SUBMISSION_STATUSES);

const RecordRow: z.ZodType<SubmissionRecord> = z.strictObject({
  id: z.string(),
  slug: z.string(),
  assignmentTitle: z.string(),
  userId: z.string(),
  userEmail: z.string(),
  userName: z.string(),
  attempt: int(),
  filename: z.string(),
  status: status(),
  latePenalty: z.number(),
  score: z.number().nullable(),
  maxScore: z.number().nullable(),
  createdAt: timestamp(),
  gradedAt: timestamp().nullable(),
  report: json<Report>().nullable(),
});

const HistoryRow = z.strictObject({ total: int(), counted: int(), lastAt: timestamp().nullable() });

const SourceRow = z.strictObject({ userId: z.string(), filename: z.string(), source: z.string() });

/** A GradeCandidate row: grades.csv and the counted grade of grade.updated read the same columns (CANDIDATE_COLUMNS). */
export const CandidateRow: z.ZodType<GradeCandidate> = z.strictObject({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  submissionId: z.string().nullable(),
  status: status().nullable(),
  score: z.number().nullable(),
  maxScore: z.number().nullable(),
  latePenalty: z.number().nullable(),
  createdAt: timestamp().nullable(),
});

const OutcomeRow: z.ZodType<SubmissionOutcome> = z.strictObject({
  id: z.string(),
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  attempt: int(),
  status: status(),
  verdict: text<Verdict>().nullable(),
  score: z.number().nullable(),
  maxScore: z.number().nullable(),
  speedup: z.number().nullable(),
  cv: z.number().nullable(),
  createdAt: timestamp(),
});

const CountRow = z.strictObject({ status: status(), n: int() });

const RECORD_COLUMNS = `
  s.id, a.slug, a.title AS "assignmentTitle", s.user_id AS "userId", u.email AS "userEmail", u.name AS "userName",
  s.attempt, s.filename, s.status, s.late_penalty AS "latePenalty", s.score, s.max_score AS "maxScore",
  s.created_at AS "createdAt", s.graded_at AS "gradedAt"`;

export const CANDIDATE_COLUMNS = `u.id AS "userId", u.email, u.name, s.id AS "submissionId", s.status, s.score, s.max_score AS "maxScore",
  s.late_penalty AS "latePenalty", s.created_at AS "createdAt"`;

const report = reportSql('s');

/** The submissions table (with its assignment and author joined in). Grading writes its results through the queue (jobs.repository.ts). */
@Injectable()
export class SubmissionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  insert(tx: Tx, submission: NewSubmission): Promise<{ id: string; createdAt: Date }> {
    return queryRow(
      tx,
      `INSERT INTO submissions (user_id, assignment_id, assignment_version_id, attempt, filename, source, status, late_penalty)
       VALUES ($1, $2, $3, $4, $5, $6, 'queued', $7) RETURNING id, created_at AS "createdAt"`,
      [submission.userId, submission.assignmentId, submission.versionId, submission.attempt, submission.filename, submission.source, submission.latePenalty],
      z.strictObject({ id: z.string(), createdAt: timestamp() }),
    );
  }

  history(tx: Tx, userId: string, assignmentId: string): Promise<AttemptHistory> {
    return queryRow(
      tx,
      `SELECT count(*)::int AS total, (count(*) FILTER (WHERE status <> 'error'))::int AS counted, max(created_at) AS "lastAt"
       FROM submissions WHERE user_id = $1 AND assignment_id = $2`,
      [userId, assignmentId],
      HistoryRow,
    );
  }

  find(id: string): Promise<SubmissionRecord | null> {
    return queryOptionalRow(
      this.dataSource,
      `SELECT ${RECORD_COLUMNS}, s.report FROM submissions s JOIN assignments a ON a.id = s.assignment_id JOIN users u ON u.id = s.user_id
       WHERE s.id = $1`,
      [id],
      RecordRow,
    );
  }

  source(id: string): Promise<{ userId: string; filename: string; source: string } | null> {
    return queryOptionalRow(this.dataSource, `SELECT user_id AS "userId", filename, source FROM submissions WHERE id = $1`, [id], SourceRow);
  }

  /** Newest first; without reports (a list of 500 reports would be megabytes). */
  list(filter: SubmissionFilter): Promise<SubmissionRecord[]> {
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
    return queryRows(
      this.dataSource,
      `SELECT ${RECORD_COLUMNS}, NULL::jsonb AS report FROM submissions s JOIN assignments a ON a.id = s.assignment_id JOIN users u ON u.id = s.user_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY s.created_at DESC, s.id DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
      RecordRow,
    );
  }

  /** Every student, with each of their finished (graded or rejected) submissions to the assignment, oldest first. */
  gradeCandidates(assignmentId: string): Promise<GradeCandidate[]> {
    return queryRows(
      this.dataSource,
      `SELECT ${CANDIDATE_COLUMNS}
       FROM users u
       LEFT JOIN submissions s ON s.user_id = u.id AND s.assignment_id = $1 AND s.status IN ('graded', 'rejected')
       WHERE u.role = 'student'
       ORDER BY u.email, s.created_at, s.id`,
      [assignmentId],
      CandidateRow,
    );
  }

  /** Every submission to the assignment (or one user's), oldest first, with figures read from their reports. */
  outcomes(assignmentId: string, userId?: string): Promise<SubmissionOutcome[]> {
    return queryRows(
      this.dataSource,
      `SELECT s.id, s.user_id AS "userId", u.email, u.name, u.role, s.attempt, s.status, ${report.verdict} AS verdict,
              s.score, s.max_score AS "maxScore", ${report.speedup} AS speedup, ${report.cv} AS cv, s.created_at AS "createdAt"
       FROM submissions s JOIN users u ON u.id = s.user_id
       WHERE s.assignment_id = $1 AND ($2::uuid IS NULL OR s.user_id = $2::uuid)
       ORDER BY s.created_at, s.id`,
      [assignmentId, userId ?? null],
      OutcomeRow,
    );
  }

  /** For the load run and tests: how many submissions an assignment has, by status. */
  async countByStatus(assignmentId: string): Promise<Record<string, number>> {
    const rows = await queryRows(
      this.dataSource,
      `SELECT status, count(*)::int AS n FROM submissions WHERE assignment_id = $1 GROUP BY status`,
      [assignmentId],
      CountRow,
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }
}
