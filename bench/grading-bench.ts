import type { INestApplicationContext } from '@nestjs/common';
import fs from 'node:fs/promises';
import os from 'node:os';
import { AssignmentsService } from '../src/assignments/assignments.service.js';
import { GradingService } from '../src/grading/grading.service.js';
import { coefficientOfVariation, median } from '../src/grading/measurement.js';
import { SandboxRunner } from '../src/sandbox/sandbox-runner.service.js';

const SOLUTION = 'test/fixtures/submissions/monte-carlo-pi/numba_njit.py';

/** Grades a numba solution of monte-carlo-pi N times: is the speedup the same on every regrade? */
export async function gradingBench(app: INestApplicationContext, grades = 10): Promise<string> {
  const assignment = await app.get(AssignmentsService).get('monte-carlo-pi');
  const grading = app.get(GradingService);
  const source = await fs.readFile(SOLUTION);
  // The first grade of a version also measures the reference once; warm that cache outside the figures.
  process.stderr.write('warming the assignment version cache…\n');
  await grading.grade({ assignment, source, filename: 'numba_njit.py' });

  const load = os.loadavg();
  const speedups: number[] = [];
  const cvs: number[] = [];
  const seconds: number[] = [];
  for (let i = 0; i < grades; i++) {
    const started = Date.now();
    const report = await grading.grade({ assignment, source, filename: 'numba_njit.py' });
    seconds.push((Date.now() - started) / 1000);
    if (report.verdict !== 'accepted' || report.performance.speedup === null) throw new Error(`grade ${i + 1}: ${report.message}`);
    speedups.push(report.performance.speedup);
    cvs.push(report.performance.cv ?? 0);
    process.stderr.write(`grade ${i + 1}/${grades}: ${report.performance.speedup}× (within-grade spread ${((report.performance.cv ?? 0) * 100).toFixed(1)} %), score ${report.score}, ${seconds[i].toFixed(1)} s\n`);
  }
  const overhead = await app.get(SandboxRunner).measureStartOverhead();
  const rows = [
    ['grades', String(grades)],
    ['median speedup', `${median(speedups).toFixed(1)}×`],
    ['speedups', speedups.map((s) => s.toFixed(1)).join(', ')],
    ['coefficient of variation across grades', `${(coefficientOfVariation(speedups) * 100).toFixed(2)} %`],
    ['median within-grade spread (CV of round ratios)', `${(median(cvs) * 100).toFixed(2)} %`],
    ['grading wall time per submission (median)', `${median(seconds).toFixed(1)} s`],
    ['sandbox start overhead (median of 5)', `python -c pass: ${overhead.bareMs.toFixed(1)} ms bare, ${overhead.boxMs.toFixed(1)} ms in the box (+${overhead.overheadMs.toFixed(1)} ms); a whole run with cgroup set-up and teardown: ${overhead.runMs.toFixed(1)} ms`],
    ['load average (1 min) before → after', `${load[0].toFixed(2)} → ${os.loadavg()[0].toFixed(2)} on ${os.availableParallelism()} cores`],
  ];
  return `Grading \`${SOLUTION}\` (numba \`@njit\`) for \`monte-carlo-pi\` ${grades} times in a row.\n\n| figure | value |\n|---|---|\n${rows.map(([k, v]) => `| ${k} | ${v} |`).join('\n')}`;
}

