import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Similarity checking (issue 15). A run is its own small durable job (claimed with SKIP LOCKED under a
 * lease, like grading jobs, but in its own table so the grading queue is untouched). Fingerprints are cached
 * per submission and per fingerprinting settings, so a run only fingerprints files it has not seen. Reviews
 * belong to a pair of submissions, not to a run: a later run keeps the instructor's verdict.
 */
export class CreateSimilarityRunsPairsReviewsAndFingerprints1764140000030 implements MigrationInterface {
  name = 'CreateSimilarityRunsPairsReviewsAndFingerprints1764140000030';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE similarity_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assignment_id uuid NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
        -- NULL: queued by the worker itself because new submissions arrived after the last run.
        requested_by uuid REFERENCES users (id) ON DELETE SET NULL,
        scope text NOT NULL CHECK (scope IN ('latest', 'all')),
        state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
        attempt integer NOT NULL DEFAULT 0,
        lease_owner text,
        lease_expires_at timestamptz,
        progress jsonb,
        summary jsonb,
        -- Why it failed, as fields ({ kind, … }, see src/similarity/run-failure.ts): worded where it is shown.
        failure jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      );
      CREATE INDEX similarity_runs_assignment_idx ON similarity_runs (assignment_id, created_at);
      -- At most one waiting or running run per assignment and scope: asking twice joins the first.
      CREATE UNIQUE INDEX similarity_runs_open_key ON similarity_runs (assignment_id, scope) WHERE state IN ('queued', 'running');

      CREATE TABLE similarity_pairs (
        run_id uuid NOT NULL REFERENCES similarity_runs (id) ON DELETE CASCADE,
        left_id uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
        right_id uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
        similarity double precision NOT NULL CHECK (similarity >= 0 AND similarity <= 1),
        longest integer NOT NULL,
        longest_lines integer NOT NULL,
        left_shared integer NOT NULL,
        right_shared integer NOT NULL,
        left_own integer NOT NULL,
        right_own integer NOT NULL,
        PRIMARY KEY (run_id, left_id, right_id),
        CHECK (left_id < right_id)
      );
      CREATE INDEX similarity_pairs_rank_idx ON similarity_pairs (run_id, similarity DESC, longest DESC);
      CREATE INDEX similarity_pairs_right_idx ON similarity_pairs (run_id, right_id);

      CREATE TABLE similarity_reviews (
        left_id uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
        right_id uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
        status text NOT NULL CHECK (status IN ('reviewed', 'suspicious')),
        note text NOT NULL DEFAULT '',
        reviewed_by uuid REFERENCES users (id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (left_id, right_id),
        CHECK (left_id < right_id)
      );

      CREATE TABLE similarity_fingerprints (
        submission_id uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
        settings text NOT NULL,
        fingerprints jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (submission_id, settings)
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE similarity_fingerprints; DROP TABLE similarity_reviews; DROP TABLE similarity_pairs; DROP TABLE similarity_runs;');
  }
}
