import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { CliModule } from '../src/cli/cli.module.js';
import { StderrLogger } from '../src/cli/stderr-logger.js';
import { writeSection } from './benchmarks-file.js';
import { boundaryBench } from './boundary-bench.js';
import { gradingBench } from './grading-bench.js';
import { similarityBench } from './similarity.js';
import { checkLoad, loadTable, runLoad } from './load.js';
import { webhooksBench } from './webhooks.js';
import { describeMachine } from './machine.js';

/**
 * `npm run bench [-- grading|boundary|load|webhooks|similarity]`: runs the benchmarks (all by default), prints their figures and writes them
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
  if (wanted('boundary')) {
    const section = `${await boundaryBench(process.cwd())}\n\nMeasured ${date} on ${machine}.`;
    process.stdout.write(`${section}\n`);
    writeSection('BENCHMARKS.md', 'Trust boundary: the numba π solution before and after', section);
  }
  if (wanted('load')) {
    const figures = await runLoad();
    const section = `${loadTable(figures)}\n\nMeasured ${date} on ${machine}.`;
    process.stdout.write(`${section}\n`);
    writeSection('BENCHMARKS.md', 'Load run (200 submissions)', section);
    checkLoad(figures);
  }
  if (wanted('webhooks')) {
    const section = `${await webhooksBench()}\n\nMeasured ${date} on ${machine}.`;
    process.stdout.write(`${section}\n`);
    writeSection('BENCHMARKS.md', 'LMS webhook delivery', section);
  }
  if (wanted('similarity')) {
    const section = `${await similarityBench()}\n\nMeasured ${date} on ${machine}.`;
    process.stdout.write(`${section}\n`);
    writeSection('BENCHMARKS.md', 'Similarity analysis (500 students)', section);
  }
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
