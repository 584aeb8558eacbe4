/**
 * The grading core end to end on the course's monte-carlo-pi assignment: real sandbox, real Python, real
 * numba. Student-like submissions — good, slow, wrong, broken, hostile, cheating — each get the verdict a
 * student would expect, nothing they start survives, and the grader stays healthy.
 * Limits are shortened (wall 8 s) and sizes reduced so the suite takes minutes, not tens of minutes.
 */
import net from 'node:net';
import fs from 'node:fs';
import type { Report } from '../../src/grading/report.types.js';
import { gradingApp } from '../support/grading-app.js';
import { sandboxUserProcesses } from '../support/processes.js';

let env: Awaited<ReturnType<typeof gradingApp>>;
let honest: Report;

beforeAll(async () => {
  env = await gradingApp({
    'monte-carlo-pi': (yaml) => {
      yaml.limits.wall_time_s = 8;
      yaml.limits.output_kb = 16;
      yaml.limits.memory_mb = 512;
      yaml.benchmark.size = { n: 400000 };
      yaml.benchmark.memory_size = { n: 20000 };
      yaml.benchmark.rounds = 3;
      yaml.benchmark.max_rounds = 5;
      yaml.benchmark.max_cv = 0.1;
    },
  });
  honest = await env.grade('monte-carlo-pi', 'numba_njit.py');
}, 300_000);

afterAll(async () => env?.close());

afterEach(() => {
  expect(sandboxUserProcesses(env.workDir)).toEqual([]);
});

const grade = (file: string, replace?: Record<string, string>) => env.grade('monte-carlo-pi', file, replace);

describe('good submissions', () => {
  it('accepts a numba @njit solution with a real speedup, a reference figure and a profile', () => {
    if (honest.status !== 'graded') console.log(honest.message);
    expect(honest.status).toBe('graded');
    expect(honest.verdict).toBe('accepted');
    expect(honest.correctness.passed).toBe(honest.correctness.total);
    expect(honest.correctness.cases.some((c) => c.hidden)).toBe(true);
    expect(honest.performance.speedup).toBeGreaterThan(15);
    expect(honest.performance.referenceSpeedup).toBeGreaterThan(15);
    expect(honest.performance.cv).not.toBeNull();
    expect(honest.memory.peakBytes).not.toBeNull();
    expect(honest.score).toBeGreaterThan(80);
    expect(honest.profile.length).toBeGreaterThan(0);
  });

  it('accepts numba with cache=True (its cache lives in the private /tmp)', async () => {
    const report = await grade('numba_cache.py');
    expect(report.verdict).toBe('accepted');
    expect(report.performance.speedup).toBeGreaterThan(15);
  });
});

describe('wrong and broken submissions', () => {
  it('returning math.pi is a wrong answer on every case and scores 0', async () => {
    const report = await grade('wrong_pi.py');
    expect(report.verdict).toBe('wrong_answer');
    expect(report.score).toBe(0);
    expect(report.correctness.passed).toBe(0);
    expect(report.performance.speedup).toBeNull();
    const hidden = report.correctness.cases.find((c) => c.hidden)!;
    expect(hidden.message).toBe('Wrong answer on a hidden case.');
    const shown = report.correctness.cases.find((c) => !c.hidden)!;
    expect(shown.message).toMatch(/expected .* but got 3\.14159/);
  });

  it('a syntax error is rejected with its line', async () => {
    const report = await grade('syntax_error.py');
    expect(report.status).toBe('rejected');
    expect(report.verdict).toBe('rejected');
    expect(report.error?.line).toBe(4);
    expect(report.message).toMatch(/line 4/);
  });

  it('a missing function is rejected naming it', async () => {
    const report = await grade('missing_function.py');
    expect(report.verdict).toBe('rejected');
    expect(report.message).toMatch(/estimate_pi/);
  });

  it('an exception is a runtime error with the student’s own traceback only', async () => {
    const report = await grade('raises.py');
    expect(report.verdict).toBe('runtime_error');
    expect(report.message).toMatch(/ZeroDivisionError/);
    expect(report.error?.line).toBe(5);
    expect(report.error?.traceback).toMatch(/solution\.py", line 5/);
    expect(report.error?.traceback).not.toMatch(/harness|\/sandbox\//);
    expect(report.correctness.cases.every((c) => c.verdict === 'runtime_error')).toBe(true);
  });

  it('text that is not UTF-8, or holds NUL bytes, is rejected before anything runs', async () => {
    const { GradingService } = await import('../../src/grading/grading.service.js');
    const { AssignmentsService } = await import('../../src/assignments/assignments.service.js');
    const grading = env.app.get(GradingService);
    const assignment = env.app.get(AssignmentsService).get('monte-carlo-pi');
    const latin1 = await grading.grade({ assignment, source: Buffer.from('# caf\xe9\ndef estimate_pi(n, seed):\n    return 3\n', 'latin1'), filename: 's.py' });
    expect(latin1.verdict).toBe('rejected');
    expect(latin1.message).toMatch(/UTF-8.*line 1/);
    const nul = await grading.grade({ assignment, source: Buffer.from('x = 1\n\0\n'), filename: 's.py' });
    expect(nul.verdict).toBe('rejected');
    expect(nul.message).toMatch(/NUL byte on line 2/);
  });
});

describe('hostile submissions end with the expected verdict and leave nothing behind', () => {
  it.each([
    ['endless_loop.py', 'time_limit_exceeded'],
    ['sleeps.py', 'time_limit_exceeded'],
    ['memory_hog.py', 'memory_limit_exceeded'],
    ['output_flood.py', 'output_limit_exceeded'],
  ])('%s → %s', async (file, verdict) => {
    const report = await grade(file);
    expect(report.verdict).toBe(verdict);
    expect(report.status).toBe('graded');
    expect(report.score).toBe(0);
    expect(report.message.length).toBeGreaterThan(20);
  });

  it('a fork bomb is contained: limited, ended, no process left', async () => {
    const report = await grade('fork_bomb.py');
    expect(['time_limit_exceeded', 'runtime_error']).toContain(report.verdict);
    expect(report.status).toBe('graded');
  });

  it('the sandbox sees only lo and cannot reach a listener on the host’s 127.0.0.1', async () => {
    let connections = 0;
    const server = net.createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const report = await grade('network.py', { 'PORT = 0': `PORT = ${port}` });
      expect(report.verdict).toBe('accepted');
      expect(connections).toBe(0);
    } finally {
      server.close();
    }
  });

  it('writes outside the private /tmp all fail and nothing appears on the host', async () => {
    const report = await grade('write_outside.py');
    expect(report.verdict).toBe('accepted');
    for (const file of ['/perfgrade-escape', '/usr/perfgrade-escape', '/etc/perfgrade-escape']) expect(fs.existsSync(file)).toBe(false);
  });

  it('a search of the whole filesystem finds neither the reference nor expected answers', async () => {
    const report = await grade('find_reference.py');
    expect(report.verdict).toBe('accepted');
  });

  it('a detached grandchild dies with its run', async () => {
    const report = await grade('grandchild.py');
    expect(report.verdict).toBe('accepted');
    // afterEach: no process of the sandbox user remains
  });
});

describe('cheating gains nothing', () => {
  it('patching the clocks of `time` does not change the measured speedup', async () => {
    const report = await grade('clock_patch.py');
    expect(report.verdict).toBe('accepted');
    // The clocks run 1000× slow inside the box; an honest measurement stays near the honest figure.
    expect(report.performance.speedup!).toBeLessThan(honest.performance.speedup! * 2);
    expect(report.performance.speedup!).toBeGreaterThan(honest.performance.speedup! / 2);
  });

  it('remembering answers across calls and processes gains nothing: every timed input is fresh', async () => {
    const report = await grade('memoise.py');
    expect(report.verdict).toBe('accepted');
    expect(report.performance.speedup!).toBeLessThan(2);
  });

  it('replaying an earlier answer on timed calls is a wrong answer', async () => {
    const report = await grade('replay.py');
    expect(report.verdict).toBe('wrong_answer');
    expect(report.message).toMatch(/fresh random input/);
    expect(report.performance.speedup).toBeNull();
  });
});
