import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sqlRows } from '../database/sql-rows.js';
import type { SubmissionStatus } from '../submissions/submission.entity.js';
import type { FileFingerprints } from './analysis/fingerprints.js';
import type { RunScope } from './similarity-run.entity.js';
import type { ReviewStatus } from './similarity-review.entity.js';

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

export interface StoredPair {
  leftId: string;
  rightId: string;
  similarity: number;
  longest: number;
  longestLines: number;
  leftShared: number;
  rightShared: number;
  leftOwn: number;
  rightOwn: number;
}

export interface ReviewRecord {
  leftId: string;
  rightId: string;
  status: ReviewStatus;
  note: string;
  reviewedByName: string | null;
  updatedAt: Date;
}

const REF_FROM = 'submissions s JOIN users u ON u.id = s.user_id JOIN assignments a ON a.id = s.assignment_id';

const REF_COLUMNS = `s.id, s.assignment_id AS "assignmentId", a.slug, s.user_id AS "userId", u.name, u.email, s.attempt, s.filename, s.status, s.score, s.max_score AS "maxScore",
  s.assignment_version_id AS "versionId", s.created_at AS "createdAt"`;

const PAIR_COLUMNS = `p.left_id AS "leftId", p.right_id AS "rightId", p.similarity, p.longest, p.longest_lines AS "longestLines",
  p.left_shared AS "leftShared", p.right_shared AS "rightShared", p.left_own AS "leftOwn", p.right_own AS "rightOwn"`;

/** Which submissions a run compares, their cached fingerprints, and what a run found and an instructor decided. */
@Injectable()
export class SimilarityRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Students' submissions to compare: for "latest", each student's newest submission that counts (our own
   * grading errors do not count against a student, so they are skipped); for "all", every one of them.
   * Instructors' test submissions are left out, as on the dashboard.
   */
  async candidates(assignmentId: string, scope: RunScope): Promise<SubmissionRef[]> {
    const rows = await sqlRows<SubmissionRef>(
      this.dataSource,
      scope === 'latest'
        ? `SELECT DISTINCT ON (s.user_id) ${REF_COLUMNS} FROM ${REF_FROM}
           WHERE s.assignment_id = $1 AND u.role = 'student' AND s.status <> 'error'
           ORDER BY s.user_id, s.created_at DESC, s.id DESC`
        : `SELECT ${REF_COLUMNS} FROM ${REF_FROM}
           WHERE s.assignment_id = $1 AND u.role = 'student' AND s.status <> 'error'
           ORDER BY s.user_id, s.created_at, s.id`,
      [assignmentId],
    );
    return rows.map(dated);
  }

  /** The named submissions (of any author), by id. */
  async refs(ids: readonly string[]): Promise<Map<string, SubmissionRef>> {
    if (ids.length === 0) return new Map();
    const rows = await sqlRows<SubmissionRef>(this.dataSource, `SELECT ${REF_COLUMNS} FROM ${REF_FROM} WHERE s.id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((row) => [row.id, dated(row)]));
  }

  async sources(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await sqlRows<{ id: string; source: string }>(this.dataSource, `SELECT id, source FROM submissions WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((row) => [row.id, row.source]));
  }

  /** The code every student of these versions was given: each version's baseline. */
  async givenCode(versionIds: readonly string[]): Promise<string[]> {
    if (versionIds.length === 0) return [];
    const rows = await sqlRows<{ baseline: string }>(this.dataSource, `SELECT files->>'baseline' AS baseline FROM assignment_versions WHERE id = ANY($1::uuid[])`, [versionIds]);
    return rows.map((row) => row.baseline).filter((text) => typeof text === 'string' && text.length > 0);
  }

  async cachedFingerprints(ids: readonly string[], settings: string): Promise<Map<string, FileFingerprints>> {
    if (ids.length === 0) return new Map();
    const rows = await sqlRows<{ id: string; fingerprints: FileFingerprints }>(
      this.dataSource,
      `SELECT submission_id AS id, fingerprints FROM similarity_fingerprints WHERE settings = $1 AND submission_id = ANY($2::uuid[])`,
      [settings, ids],
    );
    return new Map(rows.map((row) => [row.id, row.fingerprints]));
  }

  /** Idempotent: a fingerprint made twice (two runs at once) is the same fingerprint. */
  async storeFingerprints(entries: readonly { id: string; fingerprints: FileFingerprints }[], settings: string): Promise<void> {
    if (entries.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO similarity_fingerprints (submission_id, settings, fingerprints)
       SELECT id, $1, fingerprints FROM unnest($2::uuid[], $3::jsonb[]) AS t(id, fingerprints)
       ON CONFLICT (submission_id, settings) DO NOTHING`,
      [settings, entries.map((e) => e.id), entries.map((e) => JSON.stringify(e.fingerprints))],
    );
  }

  /** A run's pairs, most similar first (or longest shared fragment first). */
  async pairs(runId: string, order: 'similarity' | 'longest', limit: number): Promise<StoredPair[]> {
    const orderBy = order === 'longest' ? 'p.longest DESC, p.similarity DESC' : 'p.similarity DESC, p.longest DESC';
    return sqlRows(this.dataSource, `SELECT ${PAIR_COLUMNS} FROM similarity_pairs p WHERE p.run_id = $1 ORDER BY ${orderBy}, p.left_id, p.right_id LIMIT $2`, [runId, limit]);
  }

  async pair(runId: string, leftId: string, rightId: string): Promise<StoredPair | null> {
    const rows = await sqlRows<StoredPair>(this.dataSource, `SELECT ${PAIR_COLUMNS} FROM similarity_pairs p WHERE p.run_id = $1 AND p.left_id = $2 AND p.right_id = $3`, [runId, leftId, rightId]);
    return rows[0] ?? null;
  }

  /** The stored pairs with this submission on either side, most similar first. */
  async pairsOf(runId: string, submissionId: string, limit: number): Promise<StoredPair[]> {
    return sqlRows(
      this.dataSource,
      `SELECT ${PAIR_COLUMNS} FROM similarity_pairs p WHERE p.run_id = $1 AND (p.left_id = $2 OR p.right_id = $2)
       ORDER BY p.similarity DESC, p.longest DESC LIMIT $3`,
      [runId, submissionId, limit],
    );
  }

  /** The latest finished run (either scope) that compared this submission. */
  async latestRunWith(submissionId: string): Promise<string | null> {
    const rows = await sqlRows<{ id: string }>(
      this.dataSource,
      `SELECT r.id FROM similarity_runs r JOIN submissions s ON s.assignment_id = r.assignment_id
       WHERE s.id = $1 AND r.state = 'done' AND r.started_at >= s.created_at
       ORDER BY r.finished_at DESC LIMIT 1`,
      [submissionId],
    );
    return rows[0]?.id ?? null;
  }

  async reviews(pairs: readonly { leftId: string; rightId: string }[]): Promise<Map<string, ReviewRecord>> {
    if (pairs.length === 0) return new Map();
    const rows = await sqlRows<ReviewRecord>(
      this.dataSource,
      `SELECT v.left_id AS "leftId", v.right_id AS "rightId", v.status, v.note, u.name AS "reviewedByName", v.updated_at AS "updatedAt"
       FROM similarity_reviews v LEFT JOIN users u ON u.id = v.reviewed_by
       JOIN unnest($1::uuid[], $2::uuid[]) AS wanted(left_id, right_id) ON wanted.left_id = v.left_id AND wanted.right_id = v.right_id`,
      [pairs.map((p) => p.leftId), pairs.map((p) => p.rightId)],
    );
    return new Map(rows.map((row) => [pairKey(row.leftId, row.rightId), { ...row, updatedAt: new Date(row.updatedAt) }]));
  }

  async saveReview(leftId: string, rightId: string, status: ReviewStatus, note: string, reviewerId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO similarity_reviews (left_id, right_id, status, note, reviewed_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (left_id, right_id) DO UPDATE SET status = EXCLUDED.status, note = EXCLUDED.note, reviewed_by = EXCLUDED.reviewed_by, updated_at = now()`,
      [leftId, rightId, status, note, reviewerId],
    );
  }
}

export function pairKey(leftId: string, rightId: string): string {
  return `${leftId}/${rightId}`;
}

function dated<T extends { createdAt: Date }>(row: T): T {
  return { ...row, createdAt: new Date(row.createdAt) };
}
