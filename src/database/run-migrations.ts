import { MigrationExecutor, type DataSource } from 'typeorm';

/** Any fixed number: every process of this application takes the same advisory lock. */
const MIGRATION_LOCK = 7_314_001;

/**
 * Applies pending migrations. Several processes (server, workers on other machines) may start together
 * against one Postgres: the advisory lock makes them take turns, and the later ones find nothing to do.
 * The lock and the migrations share one connection, which is also what PGlite (one connection) needs.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner('master');
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = 'each';
      const applied = await executor.executePendingMigrations();
      return applied.map((migration) => migration.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await runner.release();
  }
}
