import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { CliModule } from '../src/cli/cli.module.js';
import { StderrLogger } from '../src/cli/stderr-logger.js';
import { writeSection } from './benchmarks-file.js';
import { gradingBench } from './grading-bench.js';
import { describeMachine } from './machine.js';

/**
 * `npm run bench [-- grading]`: runs the benchmarks (all by default), prints their figures and writes them
 * to BENCHMARKS.md with the machine they were measured on.
 */
async function main(only: string[]): Promise<void> {
  const wanted = (name: string) => only.length === 0 || only.includes(name);
  const machine = describeMachine();
  const date = new Date().toISOString().slice(0, 10);
  if (wanted('grading')) {
    const app = await NestFactory.createApplicationContext(CliModule, { logger: new StderrLogger('bench', { logLevels: ['error', 'warn'] }) });
    try {
      const body = await gradingBench(app);
      const section = `${body}\n\nMeasured ${date} on ${machine}.`;
      process.stdout.write(`${section}\n`);
      writeSection('BENCHMARKS.md', 'Grading stability (monte-carlo-pi, numba)', section);
    } finally {
      await app.close();
    }
  }
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
