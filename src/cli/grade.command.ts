import type { INestApplicationContext } from '@nestjs/common';
import fs from 'node:fs/promises';
import path from 'node:path';
import { AssignmentsService } from '../assignments/assignments.service.js';
import { GradingService } from '../grading/grading.service.js';
import { progressPrinter } from './progress-printer.js';
import { formatReport } from './report-format.js';

/** `grade <slug> <file.py> [--json]`: progress on stderr, the report on stdout; exit 0 whenever a report exists. */
export async function gradeCommand(app: INestApplicationContext, args: string[]): Promise<number> {
  const json = args.includes('--json');
  const [slug, file] = args.filter((a) => a !== '--json');
  if (!slug || !file) {
    process.stderr.write('usage: npm run grade -- <assignment-slug> <file.py> [--json]\n');
    return 2;
  }
  const assignment = await app.get(AssignmentsService).get(slug);
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    process.stderr.write(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}\n`);
    return 2;
  }
  const report = await app.get(GradingService).grade({
    assignment,
    source: bytes,
    filename: path.basename(file),
    onProgress: progressPrinter(),
  });
  process.stdout.write(json ? `${JSON.stringify(report)}\n` : `${formatReport(report)}\n`);
  return 0;
}
