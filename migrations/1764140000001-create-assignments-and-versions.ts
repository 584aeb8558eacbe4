import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAssignmentsAndVersions1764140000001 implements MigrationInterface {
  name = 'CreateAssignmentsAndVersions1764140000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE assignments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE,
        title text NOT NULL,
        current_version_id uuid,
        available boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      -- A new content hash (YAML or any file it names) is a new version; submissions keep theirs.
      CREATE TABLE assignment_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        assignment_id uuid NOT NULL REFERENCES assignments (id) ON DELETE CASCADE,
        content_hash text NOT NULL,
        definition jsonb NOT NULL,
        files jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (assignment_id, content_hash)
      );

      ALTER TABLE assignments
        ADD CONSTRAINT assignments_current_version_fk FOREIGN KEY (current_version_id) REFERENCES assignment_versions (id);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE assignments DROP CONSTRAINT assignments_current_version_fk; DROP TABLE assignment_versions; DROP TABLE assignments;');
  }
}
