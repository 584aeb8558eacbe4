import { PGlite, types } from '@electric-sql/pglite';
import { EventEmitter } from 'node:events';

/** The part of a `pg` query result that TypeORM's postgres query runner reads. */
interface PgResult {
  rows: unknown[];
  rowCount: number;
  fields: unknown[];
}

/**
 * A `pg`-shaped driver for TypeORM's postgres dialect over one embedded PGlite database.
 *
 * Why not typeorm-pglite's pool: PGlite is a single connection, and that pool hands the same connection to
 * every query runner at once, so a query from one request lands inside another request's open transaction
 * (and is rolled back with it). Here a query runner owns the database from connect() until it releases it,
 * exactly like a pool of one connection; everything else waits its turn, in order.
 */
export function pgliteDriver(dataDir: string): { Pool: new () => PglitePool } {
  let database: Promise<PGlite> | undefined;
  // Booleans as SQL literals, as Postgres itself expects them (PGlite's default text form is refused in some casts).
  const serializers = { [types.BOOL]: (value: unknown) => (value === true ? 'TRUE' : value === false ? 'FALSE' : String(value)) };
  const open = (): Promise<PGlite> => (database ??= PGlite.create({ dataDir, serializers }));
  const close = async (): Promise<void> => {
    const opened = database;
    database = undefined;
    if (opened) await (await opened).close();
  };
  return {
    Pool: class extends PglitePool {
      constructor() {
        super(open, close);
      }
    },
  };
}

class PglitePool extends EventEmitter {
  /** Resolves when the current owner releases the connection; each connect() chains onto the last. */
  private turn: Promise<void> = Promise.resolve();

  constructor(
    private readonly open: () => Promise<PGlite>,
    private readonly close: () => Promise<void>,
  ) {
    super();
  }

  connect(callback: (error: Error | null, connection: PgliteConnection | null, release: (error?: unknown) => void) => void): void {
    const previous = this.turn;
    let release!: () => void;
    this.turn = new Promise<void>((resolve) => (release = resolve));
    previous
      .then(() => this.open())
      .then(
        (database) => {
          let released = false;
          callback(null, new PgliteConnection(database), () => {
            if (!released) release();
            released = true;
          });
        },
        (error: Error) => {
          release();
          callback(error, null, () => undefined);
        },
      );
  }

  end(callback: (error: Error | null) => void): void {
    // Waits for the last owner, so a shutdown never closes the database under a running transaction.
    this.turn.then(() => this.close()).then(() => callback(null), (error: Error) => callback(error));
  }
}

class PgliteConnection extends EventEmitter {
  constructor(private readonly database: PGlite) {
    super();
  }

  async query(sql: string, parameters?: unknown[]): Promise<PgResult> {
    if (parameters && parameters.length > 0) {
      const result = await this.database.query(sql, parameters);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length, fields: result.fields };
    }
    // Without parameters the statement may be several (migrations): exec runs them all; TypeORM wants the last result.
    const results = await this.database.exec(sql);
    const last = results[results.length - 1];
    return { rows: last?.rows ?? [], rowCount: last?.affectedRows ?? last?.rows.length ?? 0, fields: last?.fields ?? [] };
  }
}
