import { execa } from 'execa';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { coefficientOfVariation, median } from '../src/grading/measurement.js';

/** The last commit whose harness measured inside the student's process (before the broker took the clock). */
export const BEFORE_COMMIT = '83c3160';
const SOLUTION = 'test/fixtures/submissions/monte-carlo-pi/numba_njit.py';

interface Side {
  label: string;
  dir: string;
  speedups: number[];
  spreads: number[];
  seconds: number[];
}

/**
 * The numba π solution graded by the grader before the trust boundary moved (BEFORE_COMMIT, built in a temporary
 * worktree) and by this one, alternately on the same machine in one run, each through its own CLI and caches.
 */
export async function boundaryBench(repo: string, grades = 6): Promise<string> {
  const before = await buildBefore(repo);
  const sides: Side[] = [
    { label: `before (${BEFORE_COMMIT}: clock and tracemalloc inside the student's process)`, dir: before, speedups: [], spreads: [], seconds: [] },
    { label: 'after (the broker times each window; memory from the cgroup)', dir: repo, speedups: [], spreads: [], seconds: [] },
  ];
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'perfgrade-boundary-'));
  try {
    for (const side of sides) await gradeOnce(side, scratch, repo); // warms each version's cache
    for (let i = 0; i < grades; i++) {
      for (const side of i % 2 === 0 ? sides : [...sides].reverse()) {
        const report = await gradeOnce(side, scratch, repo);
        side.speedups.push(report.speedup);
        side.spreads.push(report.cv);
        side.seconds.push(report.seconds);
        process.stderr.write(`${side.label.split(' ')[0]} ${i + 1}/${grades}: ${report.speedup}× (spread ${(report.cv * 100).toFixed(1)} %), ${report.seconds.toFixed(1)} s\n`);
      }
    }
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
  const rows = sides.map((s) => [
    s.label,
    `${median(s.speedups).toFixed(1)}×`,
    s.speedups.map((x) => x.toFixed(1)).join(', '),
    `${(coefficientOfVariation(s.speedups) * 100).toFixed(2)} %`,
    `${(median(s.spreads) * 100).toFixed(2)} %`,
    `${median(s.seconds).toFixed(1)} s`,
  ]);
  const ratio = median(sides[1].speedups) / median(sides[0].speedups);
  return [
    `\`${SOLUTION}\` graded ${grades} times by each grader, alternating, after one warm-up grade each (load average ${os.loadavg()[0].toFixed(2)} at the end).`,
    '',
    '| grader | median speedup | speedups | CV across grades | median within-grade spread | grading wall time (median) |',
    '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    `After / before: ${ratio.toFixed(3)} (the after figure times each call from the moment its input appears to the moment its answer is received, so decoding the input and sending the answer are inside it; short calls are batched into values of ~100 ms).`,
  ].join('\n');
}

async function gradeOnce(side: Side, scratch: string, repo: string): Promise<{ speedup: number; cv: number; seconds: number }> {
  const name = side.dir === repo ? 'after' : 'before';
  const started = Date.now();
  const result = await execa(process.execPath, ['--no-node-snapshot', path.join(side.dir, 'dist/src/cli/main.js'), 'grade', 'monte-carlo-pi', path.join(repo, SOLUTION), '--json'], {
    cwd: side.dir,
    env: { ...process.env, DATA_DIR: path.join(scratch, `${name}-data`), WORK_DIR: path.join(scratch, `${name}-jobs`) },
    reject: false,
  });
  const seconds = (Date.now() - started) / 1000;
  const report = JSON.parse(String(result.stdout || '{}'));
  if (report.verdict !== 'accepted') throw new Error(`${name}: ${report.message ?? result.stderr}`);
  return { speedup: report.performance.speedup, cv: report.performance.cv ?? 0, seconds };
}

/** A build of BEFORE_COMMIT in a temporary worktree, reusing this checkout's node_modules. */
async function buildBefore(repo: string): Promise<string> {
  const dir = path.join(os.tmpdir(), `perfgrade-before-${BEFORE_COMMIT}`);
  if (await exists(path.join(dir, 'dist/src/cli/main.js'))) return dir;
  process.stderr.write(`building ${BEFORE_COMMIT} in ${dir}…\n`);
  if (!(await exists(dir))) await execa('git', ['worktree', 'add', '--detach', dir, BEFORE_COMMIT], { cwd: repo });
  if (!(await exists(path.join(dir, 'node_modules')))) await fs.symlink(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'));
  await execa(path.join(repo, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], { cwd: dir });
  return dir;
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
