import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { timestamp } from '../database/columns.js';
import { execute, queryRows } from '../database/query.js';
import { REVIEW_STATUSES, type ReviewStatus } from './review-status.js';

export interface ReviewRecord {
  leftId: string;
  rightId: string;
  status: ReviewStatus;
  note: string;
  reviewedByName: string | null;
  updatedAt: Date;
}

const ReviewRow: z.ZodType<ReviewRecord> = z.strictObject({
  leftId: z.string(),
  rightId: z.string(),
  status: z.enum(REVIEW_STATUSES),
  note: z.string(),
  reviewedByName: z.string().nullable(),
  updatedAt: timestamp(),
});

/** The similarity_reviews table: an instructor's verdict per pair of submissions (left_id < right_id), kept across runs. */
@Injectable()
export class SimilarityReviewsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The reviews of these pairs, by pairKey. */
  async of(pairs: readonly { leftId: string; rightId: string }[]): Promise<Map<string, ReviewRecord>> {
    if (pairs.length === 0) return new Map();
    const rows = await queryRows(
      this.dataSource,
      `SELECT v.left_id AS "leftId", v.right_id AS "rightId", v.status, v.note, u.name AS "reviewedByName", v.updated_at AS "updatedAt"
       FROM similarity_reviews v LEFT JOIN users u ON u.id = v.reviewed_by
       JOIN unnest($1::uuid[], $2::uuid[]) AS wanted(left_id, right_id) ON wanted.left_id = v.left_id AND wanted.right_id = v.right_id`,
      [pairs.map((p) => p.leftId), pairs.map((p) => p.rightId)],
      ReviewRow,
    );
    return new Map(rows.map((row) => [pairKey(row.leftId, row.rightId), row]));
  }

  async save(leftId: string, rightId: string, status: ReviewStatus, note: string, reviewerId: string): Promise<void> {
    await execute(
      this.dataSource,
      `INSERT INTO similarity_reviews (left_id, right_id, status, note, reviewed_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (left_id, right_id) DO UPDATE SET status = EXCLUDED.status, note = EXCLUDED.note, reviewed_by = EXCLUDED.reviewed_by, updated_at = now()`,
      [leftId, rightId, status, note, reviewerId],
    );
  }
}

export function pairKey(leftId: string, rightId: string): string {
  return `${leftId}/${rightId}`;
}
