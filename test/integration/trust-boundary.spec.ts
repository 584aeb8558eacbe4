/**
 * The trust boundary, attacked the way a red-team did, one class of trick at a time: real sandbox, real
 * Python, real numba, no mocked harness. Every figure that counts is taken outside the student's process (the
 * broker's clock, the box's cgroup, answers received whole), so each trick either gains nothing or ends as a
 * verdict against the submission — never as "error, not your fault".
 * Sizes and rounds are reduced so the suite takes minutes; the method is the production one.
 */
import { execFile } from 'node:child_process';
import { statfsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Report } from '../../src/grading/report.types.js';
import { gradingApp, REPO } from '../support/grading-app.js';
import { sandboxUserProcesses } from '../support/processes.js';

let env: Awaited<ReturnType<typeof gradingApp>>;
const reports = new Map<string, Report>();

const fewRounds = (yaml: any) => {
  yaml.benchmark.rounds = 3;
  yaml.benchmark.max_rounds = 3;
  yaml.benchmark.max_cv = 0.5;
};

beforeAll(async () => {
  env = await gradingApp({
    'monte-carlo-pi': (yaml) => {
      fewRounds(yaml);
      yaml.limits.wall_time_s = 8;
      yaml.limits.memory_mb = 512;
      yaml.limits.disk_mb = 64;
      yaml.benchmark.size = { n: 400000 };
      yaml.benchmark.memory_size = { n: 20000 };
    },
    'pairwise-distances': fewRounds,
    'stream-stats': fewRounds,
    'word-counts': fewRounds,
  });
}, 60_000);

afterAll(async () => env?.close());

afterEach(() => {
  expect(sandboxUserProcesses(env.workDir)).toEqual([]);
});

/** Grades a fixture once per test file and keeps the report (some tests compare two of them). */
async function graded(slug: string, file: string): Promise<Report> {
  const key = `${slug}/${file}`;
  if (!reports.has(key)) reports.set(key, await env.grade(slug, file));
  const report = reports.get(key)!;
  if (report.status === 'error') console.log(key, report.message);
  return report;
}

describe('forged or bent measurement gains nothing', () => {
  it('forged fd 3 events, a patched event writer and channel, rewritten clocks: the baseline’s loop is still ~1×', async () => {
    const report = await graded('monte-carlo-pi', 'attack_forge_measurement.py');
    expect(report).toMatchObject({ status: 'graded', verdict: 'accepted' });
    expect(report.performance.speedup!).toBeLessThan(2);
    expect(report.memory.peakBytes).toBeGreaterThanOrEqual(0);
  });

  it('a memory peak hidden in an anonymous mmap, behind tracemalloc resets, is counted', async () => {
    const gram = await graded('pairwise-distances', 'gram.py');
    const broadcasting = await graded('pairwise-distances', 'broadcasting.py');
    const hidden = await graded('pairwise-distances', 'attack_hidden_memory.py');
    for (const report of [gram, broadcasting, hidden]) expect(report).toMatchObject({ status: 'graded', verdict: 'accepted' });
    expect(broadcasting.memory.peakBytes!).toBeGreaterThan(3 * gram.memory.peakBytes!);
    expect(hidden.memory.peakBytes!).toBeGreaterThan(3 * gram.memory.peakBytes!);
    expect(hidden.memory.windowBytes!).toBeGreaterThan(hidden.memory.pythonBytes ?? 0);
    expect(hidden.points.memory).toBeLessThan(gram.points.memory);
  });

  it('memory a forked child uses is counted: it shows more than half of the honest load-everything peak', async () => {
    const honest = await graded('stream-stats', 'load_everything.py');
    const forked = await graded('stream-stats', 'attack_forked_loader.py');
    expect(honest).toMatchObject({ status: 'graded', verdict: 'accepted' });
    expect(forked).toMatchObject({ status: 'graded', verdict: 'accepted' });
    expect(forked.memory.peakBytes!).toBeGreaterThan(0.5 * honest.memory.peakBytes!);
  });
});

describe('work moved outside the measured window is timed anyway', () => {
  it('precomputing at import and answering from a background thread: nothing to precompute, still ~1×', async () => {
    const report = await graded('monte-carlo-pi', 'attack_precompute.py');
    expect(report).toMatchObject({ status: 'graded', verdict: 'accepted' });
    expect(report.performance.speedup!).toBeLessThan(2);
  });

  it('a lazy list that does the work while being serialised: timed inside the window, ~1×', async () => {
    const report = await graded('word-counts', 'attack_lazy_result.py');
    expect(report).toMatchObject({ status: 'graded', verdict: 'accepted' });
    expect(report.performance.speedup!).toBeLessThan(2);
  });
});

describe('nothing leaks', () => {
  it('no hidden input comes back through an error message, even when the code hunts for input files', async () => {
    const report = await graded('monte-carlo-pi', 'attack_leak_inputs.py');
    expect(report).toMatchObject({ status: 'graded', verdict: 'runtime_error' });
    const text = JSON.stringify(report);
    // The hidden cases' inputs: hidden-odd is n = 12345, hidden-large n = 300000 (assignments/monte-carlo-pi).
    expect(text).not.toContain('12345');
    expect(text).not.toContain('300000');
    // A public case still shows its own input, which the student can see anyway.
    expect(report.correctness.cases.find((c) => c.name === 'tiny')!.message).toMatch(/my input was 10, \d+/);
    expect(report.correctness.cases.find((c) => c.hidden)!.message).toBe('ValueError on line 24 of solution.py on a hidden case.');
  });

  it('a wrong answer on the memory input does not reveal the expected value', async () => {
    const report = await graded('monte-carlo-pi', 'attack_wrong_memory_answer.py');
    expect(report).toMatchObject({ status: 'graded', verdict: 'wrong_answer' });
    expect(report.message).toMatch(/memory measurement \(fresh random input\): your value 0\.0 is not the expected one/);
    expect(JSON.stringify(report)).not.toMatch(/expected 3\.|expected [0-9]/);
  });
});

describe('our checks cannot be turned into "our fault"', () => {
  it('a forged "done" and exit before a timed call returns is a runtime error', async () => {
    const report = await graded('monte-carlo-pi', 'attack_fake_done.py');
    expect(report).toMatchObject({ status: 'graded', verdict: 'runtime_error' });
    expect(report.message).toMatch(/benchmark input/);
  });

  it('an answer of a million references to one array is refused as the student’s wrong answer', async () => {
    const report = await graded('monte-carlo-pi', 'attack_checker_bomb.py');
    expect(report).toMatchObject({ status: 'graded', verdict: 'wrong_answer' });
    expect(report.message).toMatch(/could not be read \(the value refers to the array 0\.npy more than once\)/);
  });
});

describe('nothing harms the host', () => {
  it('writing past the run’s space is an output limit, and the host disk is untouched', async () => {
    const free = () => {
      const stats = statfsSync(env.workDir);
      return stats.bavail * stats.bsize;
    };
    const before = free();
    const report = await graded('monte-carlo-pi', 'attack_disk_flood.py');
    expect(report).toMatchObject({ status: 'graded', verdict: 'output_limit_exceeded' });
    expect(report.message).toMatch(/filled the space a run has for files \(64 MB in \/tmp, 8 MB in \/dev\/shm\)/);
    // It tried to write 8 GiB; the box had 64 MiB of tmpfs (RAM), and no writable host folder at all.
    expect(before - free()).toBeLessThan(256 * 2 ** 20);
  });

  it('control and bidi characters reach neither the report nor the terminal', async () => {
    const report = await graded('monte-carlo-pi', 'attack_control_chars.py');
    expect(report).toMatchObject({ status: 'graded', verdict: 'runtime_error' });
    const text = JSON.stringify(report);
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
    expect(report.message).toContain('␛[2J');
    const cli = await promisify(execFile)(process.execPath, ['--no-node-snapshot', 'dist/src/cli/main.js', 'grade', 'monte-carlo-pi', path.join(REPO, 'test/fixtures/submissions/monte-carlo-pi/attack_control_chars.py')], {
      cwd: REPO,
      env: { ...process.env, WORK_DIR: path.join(env.workDir, 'cli'), DATA_DIR: path.join(env.workDir, 'cli-data') },
    });
    expect(cli.stdout).toMatch(/runtime error/);
    expect(cli.stdout + cli.stderr).not.toMatch(/[\u001b\u0007\u202e]/);
    expect(cli.stdout).toContain('␛]52;');
  });

  it('pid 1, a forked child and every denied call are out of reach; AF_VSOCK cannot be opened', async () => {
    const report = await graded('monte-carlo-pi', 'attack_neighbour.py');
    if (report.verdict !== 'accepted') console.log(report.message);
    expect(report).toMatchObject({ status: 'graded', verdict: 'accepted' });
  });
});
