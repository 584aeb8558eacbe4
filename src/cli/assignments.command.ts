import type { INestApplicationContext } from '@nestjs/common';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Assignment } from '../assignments/assignment.types.js';
import { AssignmentsService } from '../assignments/assignments.service.js';
import { GradingService } from '../grading/grading.service.js';
import type { Report } from '../grading/report.types.js';
import { progressPrinter } from './progress-printer.js';

/**
 * `assignments list` and `assignments validate [slug] [--quick]`. Validation: the YAML is valid (errors name
 * file, field, line); unless --quick, the baseline and the reference are each graded as a submission: both
 * must pass every case, the baseline must come out near 1× and the reference must reach the speed target.
 */
export async function assignmentsCommand(app: INestApplicationContext, args: string[]): Promise<number> {
  const [action, ...rest] = args;
  const quick = rest.includes('--quick');
  const slug = rest.find((a) => !a.startsWith('--'));
  // Loaded (and any problems logged) once, when the application context started.
  const service = app.get(AssignmentsService);
  const assignments = service.list();
  const invalid = service.invalid();
  if (action === 'list') {
    for (const a of assignments) process.stdout.write(`${a.slug.padEnd(22)} ${a.topic.padEnd(14)} ${a.title}\n`);
    for (const problem of invalid) process.stdout.write(`INVALID ${problem.message}\n`);
    return 0;
  }
  if (action !== 'validate') {
    process.stderr.write('usage: npm run assignments -- list | validate [slug] [--quick]\n');
    return 2;
  }
  let failed = 0;
  for (const problem of invalid) {
    if (slug && !problem.message.includes(`/${slug}/`)) continue;
    process.stdout.write(`✗ ${problem.message}\n`);
    failed++;
  }
  const chosen = slug ? assignments.filter((a) => a.slug === slug) : assignments;
  if (slug && chosen.length === 0 && failed === 0) {
    process.stderr.write(`no assignment "${slug}"; known: ${assignments.map((a) => a.slug).join(', ')}\n`);
    return 2;
  }
  for (const assignment of chosen) {
    const problems = quick ? [] : await gradeOwnSolutions(app.get(GradingService), assignment);
    if (problems.length === 0) process.stdout.write(`✓ ${assignment.slug}: valid${quick ? ' (YAML only)' : ''}\n`);
    for (const problem of problems) process.stdout.write(`✗ ${assignment.slug}: ${problem}\n`);
    if (problems.length > 0) failed++;
  }
  return failed === 0 ? 0 : 1;
}

async function gradeOwnSolutions(grading: GradingService, assignment: Assignment): Promise<string[]> {
  const problems: string[] = [];
  const grade = async (file: string): Promise<Report> => {
    process.stderr.write(`${assignment.slug}: grading ${file} as a submission\n`);
    const source = await fs.readFile(path.join(assignment.dir, file));
    return grading.grade({ assignment, source, filename: file, onProgress: progressPrinter() });
  };
  for (const [role, file] of [['baseline', assignment.files.baseline], ['reference', assignment.files.reference]] as const) {
    const report = await grade(file);
    const speedup = report.performance.speedup;
    process.stdout.write(`  ${assignment.slug} ${role}: ${report.verdict}, ${report.correctness.passed}/${report.correctness.total} cases, speedup ${speedup ?? '-'}× (spread ${((report.performance.cv ?? 0) * 100).toFixed(1)} %), score ${report.score}\n`);
    if (report.verdict !== 'accepted') problems.push(`the ${role} is not accepted: ${report.message}`);
    else if (role === 'baseline' && speedup !== null && (speedup < 0.7 || speedup > 1.4)) {
      problems.push(`the baseline graded against itself gives ${speedup}×, far from 1×: the measurement is too noisy (try more repeats or a larger benchmark size)`);
    } else if (role === 'reference' && speedup !== null && speedup < assignment.scoring.speed.target) {
      problems.push(`the reference reaches ${speedup}×, below the speed target ${assignment.scoring.speed.target}×: lower scoring.speed.target`);
    }
  }
  return problems;
}
