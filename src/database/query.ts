import type { DataSource, QueryResult } from 'typeorm';
import { z } from 'zod';
import type { Tx } from './transactions.js';
import { UniqueViolation } from './unique-violation.js';

/** Where a statement runs: the data source (a connection of its own, committed at once) or an open transaction. */
export type Db = DataSource | Tx;

/**
 * The one way repositories run SQL (PrairieLearn's queryRows is the model): in or out of a transaction, every
 * row checked against the shape the caller expects, so a renamed column or a driver that returns another type
 * fails here, naming the statement, instead of somewhere far away as `undefined`.
 */
export async function queryRows<S extends z.ZodType>(db: Db, sql: string, params: unknown[], schema: S): Promise<z.output<S>[]> {
  const { records } = await run(db, sql, params);
  return records.map((row, index) => {
    const parsed = schema.safeParse(row);
    if (!parsed.success) throw new RowShapeInvalid(sql, index, parsed.error);
    return parsed.data;
  });
}

/** Exactly one row (an INSERT … RETURNING, a lookup by key that must exist). */
export async function queryRow<S extends z.ZodType>(db: Db, sql: string, params: unknown[], schema: S): Promise<z.output<S>> {
  const rows = await queryRows(db, sql, params, schema);
  if (rows.length !== 1) throw new RowCountWrong(sql, 'exactly one row', rows.length);
  return rows[0];
}

/** The row, or null when there is none; more than one is a mistake in the statement. */
export async function queryOptionalRow<S extends z.ZodType>(db: Db, sql: string, params: unknown[], schema: S): Promise<z.output<S> | null> {
  const rows = await queryRows(db, sql, params, schema);
  if (rows.length > 1) throw new RowCountWrong(sql, 'at most one row', rows.length);
  return rows[0] ?? null;
}

/** A statement whose rows do not matter: returns how many rows it wrote (or read). */
export async function execute(db: Db, sql: string, params: unknown[] = []): Promise<number> {
  const { affected, records } = await run(db, sql, params);
  return affected ?? records.length;
}

/**
 * TypeORM hands back `[rows, count]` for an UPDATE or DELETE on Postgres but plain rows on PGlite (whose
 * results carry no command tag); its structured result is the same on both. A query outside a transaction
 * gets a query runner of its own, released at once.
 */
async function run(db: Db, sql: string, params: unknown[]): Promise<{ records: unknown[]; affected: number | undefined }> {
  const inTransaction = 'queryRunner' in db && db.queryRunner && !db.queryRunner.isReleased ? db.queryRunner : undefined;
  const runner = inTransaction ?? (db as DataSource).createQueryRunner();
  try {
    const result: QueryResult = await runner.query(sql, params, true);
    return { records: result.records ?? [], affected: result.affected };
  } catch (error) {
    throw UniqueViolation.from(error) ?? error;
  } finally {
    if (!inTransaction) await runner.release();
  }
}

/** The rows are not what the repository expected: a bug between the SQL and its schema, never the user's. */
export class RowShapeInvalid extends Error {
  constructor(sql: string, index: number, error: z.ZodError) {
    super(`row ${index} of "${firstLine(sql)}" has an unexpected shape: ${z.prettifyError(error).replaceAll('\n', '; ')}`);
    this.name = 'RowShapeInvalid';
  }
}

export class RowCountWrong extends Error {
  constructor(sql: string, expected: string, got: number) {
    super(`"${firstLine(sql)}" returned ${got} rows, expected ${expected}`);
    this.name = 'RowCountWrong';
  }
}

function firstLine(sql: string): string {
  return sql.trim().split('\n')[0].slice(0, 120);
}
