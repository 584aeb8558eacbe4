import { Injectable } from '@nestjs/common';
import { sqlRows } from '../database/sql-rows.js';
import type { Tx } from '../database/transactions.js';
import type { GradeCandidate } from '../submissions/submissions.repository.js';

export interface CountedGrade {
  submissionId: string | null;
  score: number | null;
  maxScore: number | null;
  /** 0 until the first grade.updated. */
  version: number;
}

/** The grade last announced per student and assignment (see grade.updated). */
@Injectable()
export class CountedGradesRepository {
  /**
   * The row, locked until the transaction ends (created at version 0 if new), so two grades of one student
   * finishing at once are compared and numbered one after the other, never both against the same old grade.
   */
  async lock(tx: Tx, userId: string, assignmentId: string, now: Date): Promise<CountedGrade> {
    await tx.query(`INSERT INTO counted_grades (user_id, assignment_id, version, updated_at) VALUES ($1, $2, 0, $3) ON CONFLICT DO NOTHING`, [userId, assignmentId, now]);
    const rows = await sqlRows<CountedGrade>(
      tx,
      `SELECT submission_id AS "submissionId", score, max_score AS "maxScore", version FROM counted_grades
       WHERE user_id = $1 AND assignment_id = $2 FOR UPDATE`,
      [userId, assignmentId],
    );
    return rows[0];
  }

  /** The student's finished (graded or rejected) submissions, oldest first, as grades.csv considers them. */
  async candidates(tx: Tx, userId: string, assignmentId: string): Promise<GradeCandidate[]> {
    return sqlRows<GradeCandidate>(
      tx,
      `SELECT u.id AS "userId", u.email, u.name, s.id AS "submissionId", s.status, s.score, s.max_score AS "maxScore",
              s.late_penalty AS "latePenalty", s.created_at AS "createdAt"
       FROM users u JOIN submissions s ON s.user_id = u.id
       WHERE u.id = $1 AND s.assignment_id = $2 AND s.status IN ('graded', 'rejected')
       ORDER BY s.created_at, s.id`,
      [userId, assignmentId],
    );
  }

  async save(tx: Tx, userId: string, assignmentId: string, grade: CountedGrade, now: Date): Promise<void> {
    await tx.query(
      `UPDATE counted_grades SET submission_id = $3, score = $4, max_score = $5, version = $6, updated_at = $7 WHERE user_id = $1 AND assignment_id = $2`,
      [userId, assignmentId, grade.submissionId, grade.score, grade.maxScore, grade.version, now],
    );
  }
}
