import { Global, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConfigService } from '../config/config.service.js';
import { CommitCallbacks } from './after-commit.js';
import { dataSourceOptions, describeDatabase } from './data-source-options.js';
import { runMigrations } from './run-migrations.js';
import { DatabaseProbe } from './database-probe.js';
import { Transactions } from './transactions.js';

/**
 * The database, chosen from config (Postgres or embedded PGlite), migrated before anything else uses it:
 * the data source is only handed out once its migrations have run.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      // Retry briefly (Postgres starting next to us in compose), then fail start-up with the driver's message.
      useFactory: (config: ConfigService) => ({ ...dataSourceOptions(config), retryAttempts: 5, retryDelay: 2000 }),
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        const applied = await runMigrations(dataSource);
        if (applied.length > 0) new Logger('Database').log(`applied migrations: ${applied.join(', ')}`);
        return dataSource;
      },
    }),
  ],
  providers: [Transactions, DatabaseProbe, CommitCallbacks],
  exports: [Transactions, DatabaseProbe],
})
export class DatabaseModule {
  constructor(config: ConfigService) {
    new Logger('Database').log(`using ${describeDatabase(config)}`);
  }
}
