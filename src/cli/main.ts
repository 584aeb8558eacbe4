import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { CliModule } from './cli.module.js';
import { gradeCommand } from './grade.command.js';
import { assignmentsCommand } from './assignments.command.js';
import { doctorCommand } from './doctor.command.js';
import { StderrLogger } from './stderr-logger.js';

const USAGE = `usage:
  npm run grade -- <assignment-slug> <file.py> [--json]
  npm run assignments -- list | validate [slug] [--quick]
  npm run doctor`;

/** Exit codes: 0 a report was produced (whatever its verdict), 1 a check failed, 2 bad usage or setup. */
async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  const commands: Record<string, typeof gradeCommand> = { grade: gradeCommand, assignments: assignmentsCommand, doctor: doctorCommand };
  const run = commands[command ?? ''];
  if (!run) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const app = await NestFactory.createApplicationContext(CliModule, { logger: new StderrLogger('perfgrade', { logLevels: ['error', 'warn'] }) });
  try {
    return await run(app, args);
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`perfgrade: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
