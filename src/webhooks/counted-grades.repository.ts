import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { int } from '../database/columns.js';
import { execute, queryRow, queryRows } from '../database/query.js';
import type { Tx } from '../database/transactions.js';
import { CANDIDATE_COLUMNS, CandidateRow, type GradeCandidate } from '../submissions/submissions.repository.js';

export interface CountedGrade {
  submissionId: string | null;
  score: number | null;
  maxScore: number | null;
  /** 0 until the first grade.updated. */
  version: number;
}

const CountedGradeRow: z.ZodType<CountedGrade> = z.strictObject({
  submissionId: z.string().nullable(),
  score: z.number().nullable(),
  maxScore: z.number().nullable(),
  version: int(),
});

/** The grade last announced per student and assignment (see grade.updated): the counted_grades table. */
@Injectable()
export class CountedGradesRepository {
  /**
   * The row, locked until the transaction ends (created at version 0 if new), so two grades of one student
   * finishing at once are compared and numbered one after the other, never both against the same old grade.
   */
  async lock(tx: Tx, userId: string, assignmentId: string, now: Date): Promise<CountedGrade> {
    await execute(tx, `INSERT INTO counted_grades (user_id, assignment_id, version, updated_at) VALUES ($1, $2, 0, $3) ON CONFLICT DO NOTHING`, [userId, assignmentId, now]);
    return queryRow(
      tx,
      `SELECT submission_id AS "submissionId", score, max_score AS "maxScore", version FROM counted_grades
       WHERE user_id = $1 AND assignment_id = $2 FOR UPDATE`,
      [userId, assignmentId],
      CountedGradeRow,
    );
  }

  /** The student's finished (graded or rejected) submissions, oldest first, as grades.csv considers them. */
  candidates(tx: Tx, userId: string, assignmentId: string): Promise<GradeCandidate[]> {
    return queryRows(
      tx,
      `SELECT ${CANDIDATE_COLUMNS}
       FROM users u JOIN submissions s ON s.user_id = u.id
       WHERE u.id = $1 AND s.assignment_id = $2 AND s.status IN ('graded', 'rejected')
       ORDER BY s.created_at, s.id`,
      [userId, assignmentId],
      CandidateRow,
    );
  }

  async save(tx: Tx, userId: string, assignmentId: string, grade: CountedGrade, now: Date): Promise<void> {
    await execute(
      tx,
      `UPDATE counted_grades SET submission_id = $3, score = $4, max_score = $5, version = $6, updated_at = $7 WHERE user_id = $1 AND assignment_id = $2`,
      [userId, assignmentId, grade.submissionId, grade.score, grade.maxScore, grade.version, now],
    );
  }
}
