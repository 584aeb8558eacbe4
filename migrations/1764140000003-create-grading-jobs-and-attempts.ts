import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateGradingJobsAndAttempts1764140000003 implements MigrationInterface {
  name = 'CreateGradingJobsAndAttempts1764140000003';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE grading_jobs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        submission_id uuid NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('grade', 'regrade')),
        priority integer NOT NULL,
        state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
        attempt integer NOT NULL DEFAULT 0,
        failures integer NOT NULL DEFAULT 0,
        run_after timestamptz NOT NULL DEFAULT now(),
        lease_owner text,
        lease_expires_at timestamptz,
        progress jsonb,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      );
      -- At most one open job per submission: a regrade never races a grade of the same file.
      CREATE UNIQUE INDEX grading_jobs_one_open_per_submission ON grading_jobs (submission_id) WHERE state IN ('queued', 'running');
      -- What workers scan when claiming: open jobs in priority order.
      CREATE INDEX grading_jobs_claim_idx ON grading_jobs (priority, created_at) WHERE state IN ('queued', 'running');

      CREATE TABLE grading_attempts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        job_id uuid NOT NULL REFERENCES grading_jobs (id) ON DELETE CASCADE,
        attempt integer NOT NULL,
        worker text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        outcome text CHECK (outcome IN ('graded', 'rejected', 'error', 'lease_expired', 'released', 'superseded')),
        error text,
        UNIQUE (job_id, attempt)
      );
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE grading_attempts; DROP TABLE grading_jobs;');
  }
}
