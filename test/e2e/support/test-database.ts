import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export type DatabaseKind = 'pglite' | 'postgres';

/**
 * The databases the service tests run on: always the embedded PGlite; Postgres too when TEST_DATABASE_URL
 * names a server to create throwaway databases on (e.g. postgres://root@/postgres?host=/var/run/postgresql).
 */
export function databasesUnderTest(): DatabaseKind[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export function hasPostgres(): boolean {
  return Boolean(process.env.TEST_DATABASE_URL);
}

export interface TestDatabase {
  kind: DatabaseKind;
  /** Settings for ConfigService: DATA_DIR always (caches), DATABASE_URL for Postgres. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/** A fresh, empty database for one test file: a new PGlite folder, or a new database on the test Postgres. */
export async function createTestDatabase(kind: DatabaseKind, label: string): Promise<TestDatabase> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `perfgrade-${label}-`));
  if (kind === 'pglite') {
    return { kind, env: { DATA_DIR: dataDir }, drop: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `perfgrade_test_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${process.pid}_${Date.now() % 100000}`;
  await withAdmin(adminUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${name}`);
    await client.query(`CREATE DATABASE ${name}`);
  });
  // Swap the database name; URL cannot parse socket forms such as postgres://root@/postgres?host=/var/run/postgresql.
  const url = adminUrl.replace(/^(postgres(?:ql)?:\/\/[^/?]*)(\/[^?]*)?/, `$1/${name}`);
  return {
    kind,
    env: { DATA_DIR: dataDir, DATABASE_URL: url },
    drop: async () => {
      await withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
