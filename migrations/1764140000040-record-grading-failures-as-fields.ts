import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why a job's last try failed is kept as fields ({ failure: { kind, … }, gaveUpAfter? }), worded only when shown,
 * instead of as a finished sentence. Failures recorded before keep their words, shown as they were written.
 */
export class RecordGradingFailuresAsFields1764140000040 implements MigrationInterface {
  name = 'RecordGradingFailuresAsFields1764140000040';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE grading_jobs ADD COLUMN last_failure jsonb;
      UPDATE grading_jobs SET last_failure = jsonb_build_object('failure', jsonb_build_object('kind', 'described', 'text', last_error))
        WHERE last_error IS NOT NULL;
      ALTER TABLE grading_jobs DROP COLUMN last_error;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE grading_jobs ADD COLUMN last_error text;
      UPDATE grading_jobs SET last_error = COALESCE(last_failure->'failure'->>'text', last_failure->'failure'->>'detail', last_failure->'failure'->>'kind')
        WHERE last_failure IS NOT NULL;
      ALTER TABLE grading_jobs DROP COLUMN last_failure;
    `);
  }
}
