import { Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConfigService } from '../config/config.service.js';
import { dataSourceOptions, describeDatabase } from './data-source-options.js';
import { runMigrations } from './run-migrations.js';

/**
 * The database, chosen from config (Postgres or embedded PGlite), migrated before anything else uses it:
 * the data source is only handed out once its migrations have run.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => dataSourceOptions(config),
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        const applied = await runMigrations(dataSource);
        if (applied.length > 0) new Logger('Database').log(`applied migrations: ${applied.join(', ')}`);
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {
  constructor(config: ConfigService) {
    new Logger('Database').log(`using ${describeDatabase(config)}`);
  }
}
