import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { int, timestamp } from '../database/columns.js';
import { queryRows } from '../database/query.js';
import { SUBMISSION_STATUSES, type SubmissionStatus } from '../submissions/submission-status.js';
import type { RunScope } from './similarity-run.js';

/** A submission as the similarity pages name it: whose, which attempt, how it was graded. */
export interface SubmissionRef {
  id: string;
  assignmentId: string;
  slug: string;
  userId: string;
  name: string;
  email: string;
  attempt: number;
  filename: string;
  status: SubmissionStatus;
  score: number | null;
  maxScore: number | null;
  versionId: string;
  createdAt: Date;
}

const RefRow: z.ZodType<SubmissionRef> = z.strictObject({
  id: z.string(),
  assignmentId: z.string(),
  slug: z.string(),
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  attempt: int(),
  filename: z.string(),
  status: z.enum(SUBMISSION_STATUSES),
  score: z.number().nullable(),
  maxScore: z.number().nullable(),
  versionId: z.string(),
  createdAt: timestamp(),
});

const SourceRow = z.strictObject({ id: z.string(), source: z.string() });
const BaselineRow = z.strictObject({ baseline: z.string().nullable() });

const REF_FROM = 'submissions s JOIN users u ON u.id = s.user_id JOIN assignments a ON a.id = s.assignment_id';

const REF_COLUMNS = `s.id, s.assignment_id AS "assignmentId", a.slug, s.user_id AS "userId", u.name, u.email, s.attempt, s.filename, s.status, s.score, s.max_score AS "maxScore",
  s.assignment_version_id AS "versionId", s.created_at AS "createdAt"`;

/**
 * What the similarity checker reads of other domains' tables (submissions, their authors, the assignment
 * versions' baselines). Read only: submitting and grading own those rows.
 */
@Injectable()
export class SubmissionRefsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Students' submissions to compare: for "latest", each student's newest submission that counts (our own
   * grading errors do not count against a student, so they are skipped); for "all", every one of them.
   * Instructors' test submissions are left out, as on the dashboard.
   */
  candidates(assignmentId: string, scope: RunScope): Promise<SubmissionRef[]> {
    return queryRows(
      this.dataSource,
      scope === 'latest'
        ? `SELECT DISTINCT ON (s.user_id) ${REF_COLUMNS} FROM ${REF_FROM}
           WHERE s.assignment_id = $1 AND u.role = 'student' AND s.status <> 'error'
           ORDER BY s.user_id, s.created_at DESC, s.id DESC`
        : `SELECT ${REF_COLUMNS} FROM ${REF_FROM}
           WHERE s.assignment_id = $1 AND u.role = 'student' AND s.status <> 'error'
           ORDER BY s.user_id, s.created_at, s.id`,
      [assignmentId],
      RefRow,
    );
  }

  /** The named submissions (of any author), by id. */
  async refs(ids: readonly string[]): Promise<Map<string, SubmissionRef>> {
    if (ids.length === 0) return new Map();
    const rows = await queryRows(this.dataSource, `SELECT ${REF_COLUMNS} FROM ${REF_FROM} WHERE s.id = ANY($1::uuid[])`, [ids], RefRow);
    return new Map(rows.map((row) => [row.id, row]));
  }

  async sources(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await queryRows(this.dataSource, `SELECT id, source FROM submissions WHERE id = ANY($1::uuid[])`, [ids], SourceRow);
    return new Map(rows.map((row) => [row.id, row.source]));
  }

  /** The code every student of these versions was given: each version's baseline. */
  async givenCode(versionIds: readonly string[]): Promise<string[]> {
    if (versionIds.length === 0) return [];
    const rows = await queryRows(
      this.dataSource,
      `SELECT files->>'baseline' AS baseline FROM assignment_versions WHERE id = ANY($1::uuid[])`,
      [versionIds],
      BaselineRow,
    );
    return rows.flatMap((row) => (row.baseline ? [row.baseline] : []));
  }
}
