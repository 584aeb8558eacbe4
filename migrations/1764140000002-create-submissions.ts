import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSubmissions1764140000002 implements MigrationInterface {
  name = 'CreateSubmissions1764140000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE submissions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id),
        assignment_id uuid NOT NULL REFERENCES assignments (id),
        assignment_version_id uuid NOT NULL REFERENCES assignment_versions (id),
        attempt integer NOT NULL CHECK (attempt >= 1),
        filename text NOT NULL,
        source text NOT NULL,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'graded', 'rejected', 'error')),
        late_penalty double precision NOT NULL DEFAULT 0 CHECK (late_penalty >= 0 AND late_penalty <= 1),
        report jsonb,
        score double precision,
        max_score double precision,
        created_at timestamptz NOT NULL DEFAULT now(),
        graded_at timestamptz
      );
      CREATE INDEX submissions_user_assignment_idx ON submissions (user_id, assignment_id, created_at);
      CREATE INDEX submissions_assignment_idx ON submissions (assignment_id, created_at);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE submissions;');
  }
}
