import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { ConfigService } from '../config/config.service.js';
import { MIGRATIONS } from './migrations.js';
import { pgliteDriver } from './pglite-driver.js';

/** Postgres when DATABASE_URL is set, else the embedded PGlite database in DATA_DIR/db: same dialect, same migrations. */
export function dataSourceOptions(config: ConfigService): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    // No entity mappings: every repository runs SQL through query.ts and checks the rows it gets.
    entities: [],
    migrations: MIGRATIONS,
    // The schema comes from the hand-written migrations only (run under a lock in run-migrations.ts).
    synchronize: false,
    migrationsRun: false,
    // gen_random_uuid() is built in since Postgres 13; PGlite has no uuid-ossp to install.
    installExtensions: false,
  };
  if (config.databaseUrl) {
    return { ...common, url: config.databaseUrl, poolSize: config.databasePoolSize, applicationName: 'perfgrade' };
  }
  const dataDir = path.join(config.dataDir, 'db');
  mkdirSync(dataDir, { recursive: true });
  return { ...common, driver: pgliteDriver(dataDir) };
}

export function describeDatabase(config: ConfigService): string {
  if (!config.databaseUrl) return `embedded PGlite in ${path.join(config.dataDir, 'db')}`;
  // Without the credentials: this goes to the log.
  return `Postgres ${config.databaseUrl.replace(/\/\/[^@/]*@/, '//')}`;
}
