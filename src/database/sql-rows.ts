import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs SQL and returns its rows, the same on both databases. TypeORM hands back `[rows, count]` for an
 * UPDATE … RETURNING on Postgres but plain rows on PGlite (whose results carry no command tag), so every
 * query whose rows matter goes through here and asks TypeORM for its structured result instead.
 */
export async function sqlRows<T = any>(db: DataSource | EntityManager, sql: string, parameters: unknown[] = []): Promise<T[]> {
  const inTransaction = 'queryRunner' in db && db.queryRunner && !db.queryRunner.isReleased ? db.queryRunner : undefined;
  const runner = inTransaction ?? (db as DataSource).createQueryRunner();
  try {
    return (await runner.query(sql, parameters, true)).records as T[];
  } finally {
    if (!inTransaction) await runner.release();
  }
}
