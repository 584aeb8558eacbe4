import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import { ConfigInvalid, ConfigService } from './config/config.service.js';
import { serveMetrics } from './metrics/metrics-server.js';
import { MetricsService } from './metrics/metrics.service.js';
import { WorkerAppModule } from './worker-app.module.js';

/**
 * `npm run start:worker`: grading slots only, no HTTP. Run it on any machine that reaches the same Postgres
 * (DATABASE_URL) and has the same assignments folder; SIGTERM stops claiming and finishes or hands back.
 */
async function main(): Promise<void> {
  const config = new ConfigService();
  if (!config.databaseUrl) {
    // PGlite is one process's database: a separate worker would grade a queue nobody else sees.
    throw new ConfigInvalid('DATABASE_URL', 'a separate worker needs the server\'s Postgres; with the embedded database the server grades in-process (GRADER_CONCURRENCY)');
  }
  if (config.graderConcurrency === 0) throw new ConfigInvalid('GRADER_CONCURRENCY', 'a worker with 0 grading slots would do nothing');
  const app = await NestFactory.createApplicationContext(WorkerAppModule, { abortOnError: false, bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  app.enableShutdownHooks();
  if (config.workerMetricsPort) {
    const server = await serveMetrics(app.get(MetricsService), config.workerMetricsPort, config.host);
    process.once('SIGTERM', () => server.close());
  }
  new Logger('Worker').log(`worker ${process.pid} ready: ${config.graderConcurrency} slot(s)`);
}

main().catch((error: unknown) => {
  process.stderr.write(`perfgrade worker: ${error instanceof ConfigInvalid ? `bad setting ${error.message}` : ((error as Error)?.stack ?? String(error))}\n`);
  process.exit(1);
});
