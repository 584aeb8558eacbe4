import { QueryFailedError } from 'typeorm';

/** Postgres's SQLSTATE for a unique or primary-key violation (PGlite reports the same). */
const UNIQUE_VIOLATION = '23505';

/**
 * A row that would duplicate a unique key: the one database failure services act on (two requests creating
 * the same account at once, an LMS request arriving twice). Repositories raise it; services decide what it means.
 */
export class UniqueViolation extends Error {
  constructor(
    /** The index or constraint that refused the row, e.g. users_email_key. */
    readonly constraint: string | undefined,
    readonly cause: unknown,
  ) {
    super(`duplicate key${constraint ? ` (${constraint})` : ''}`);
    this.name = 'UniqueViolation';
  }

  /** The typed error for a driver's unique violation (as TypeORM wraps it), or undefined for anything else. */
  static from(error: unknown): UniqueViolation | undefined {
    const driverError = (error instanceof QueryFailedError ? error.driverError : error) as { code?: unknown; constraint?: unknown } | undefined;
    if (driverError?.code !== UNIQUE_VIOLATION) return undefined;
    return new UniqueViolation(typeof driverError.constraint === 'string' ? driverError.constraint : undefined, error);
  }
}
