/**
 * The grading phases against a scripted harness: what runs in which process, which calls are batched, when
 * more rounds are measured, and how each failure reaches the student — in milliseconds, no sandbox.
 */
import { computeExpected, runChecks } from '../../src/grading/checking-phase.js';
import { CALLS } from '../../src/grading/grade-plan.js';
import { describeFailure, reportError } from '../../src/grading/run-failure.js';
import { measureSpeed } from '../../src/grading/timing-phase.js';
import { ScriptedHarness, scriptedJob, testAssignment, type CallScript, type Script } from '../support/scripted-harness.js';

const ok = (ns = 1e6, memoryBytes = 0): CallScript => ({ ns, memoryBytes });
const honest: Script = { call: (side, id) => (id === CALLS.memory ? ok(1e6, 5 << 20) : id === CALLS.memoryTrace ? { ns: 1e6, traced: 3 << 20 } : ok()) };

async function checks(script: Script) {
  const harness = new ScriptedHarness(script);
  const job = scriptedJob(testAssignment(), harness);
  const expected = await computeExpected(job);
  return { harness, job, result: await runChecks(job, expected) };
}

describe('the checking process', () => {
  it('runs every case, one benchmark-sized call, the memory pass and the profile in one process, each in its own window', async () => {
    const { harness, result } = await checks({ call: (side, id) => (id === CALLS.calibration ? ok(5e6) : honest.call(side, id, '')) });
    const student = harness.runs.filter((r) => r.side === 'submission');
    expect(student).toHaveLength(1);
    expect(student[0].windows.map((w) => [w.ids.join(), w.mode])).toEqual([
      ['case-0', 'run'], ['case-1', 'run'], ['case-2', 'run'], ['cal-0', 'run'], ['mem-0', 'run'], ['mem-1', 'trace'], ['prof-0', 'profile'],
    ]);
    expect(student[0].measuresMemory).toBe(true);
    expect(result.cases.map((c) => c.verdict)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(result.failure).toBeUndefined();
    expect(result.calibrationNs).toBe(5e6);
    // The box's window peak counts; tracemalloc's (lower here) cannot lower it.
    expect(result.memory).toEqual({ bytes: 5 << 20, windowBytes: 5 << 20, pythonBytes: 3 << 20, trusted: true });
    // Every answer but the profile's is checked against the reference's.
    expect(harness.checked[0].map((p) => p.id).sort()).toEqual(['cal-0', 'case-0', 'case-1', 'case-2', 'mem-0', 'mem-1']);
    expect(harness.checked[0].every((p) => p.expected.run === 'expected')).toBe(true);
  });

  it('a runtime error on one case does not hide the others: they run again in a fresh process, without the benchmark calls', async () => {
    const { harness, result } = await checks({
      call: (side, id) => (side === 'submission' && id === 'case-1' ? { raise: { type: 'KeyError', message: "'x'", line: 7 } } : honest.call(side, id, '')),
    });
    const student = harness.runs.filter((r) => r.side === 'submission');
    expect(student.map((r) => r.windows.map((w) => w.ids[0]))).toEqual([
      ['case-0', 'case-1', 'case-2', 'cal-0', 'mem-0', 'mem-1', 'prof-0'],
      ['case-2', 'prof-0'],
    ]);
    expect(result.cases.map((c) => c.verdict)).toEqual(['accepted', 'runtime_error', 'accepted']);
    expect(result.cases[1].message).toBe('KeyError: \'x\' on line 7 of solution.py (during case "medium").');
    expect(describeFailure(result.failure!)).toBe(result.cases[1].message);
    expect(result.memory).toBeUndefined();
  });

  it('a hidden case keeps its input secret: the kind of error and its line only', async () => {
    const { result } = await checks({
      call: (side, id) => (side === 'submission' && id === 'case-2' ? { raise: { type: 'ValueError', message: 'the input was 4 8 15 16', line: 3 } } : honest.call(side, id, '')),
    });
    expect(result.cases[2]).toMatchObject({ hidden: true, verdict: 'runtime_error', message: 'ValueError on line 3 of solution.py on a hidden case.' });
    expect(reportError(result.failure!)).toEqual({ type: 'ValueError', message: '', line: 3 });
  });

  it('a wrong answer shows both sides on a public case, nothing on a hidden one, and only the student’s side on a fresh input', async () => {
    const wrong = { kind: 'value' as const, path: '', expected: '3.14159', got: '3.0' };
    const everywhere = await checks({ ...honest, verdict: (pair) => (pair.actual.run.startsWith('checks') ? wrong : true) });
    expect(everywhere.result.cases.map((c) => c.message)).toEqual(['Wrong answer: expected 3.14159 but got 3.0', 'Wrong answer: expected 3.14159 but got 3.0', 'Wrong answer on a hidden case.']);
    const memoryOnly = await checks({ ...honest, verdict: (pair) => (pair.id === CALLS.memory ? wrong : true) });
    expect(describeFailure(memoryOnly.result.failure!)).toBe('Wrong answer in the memory measurement (fresh random input): your value 3.0 is not the expected one.');
  });

  it('a limit ends the phase: the later cases are not run and no profile is taken', async () => {
    const { harness, result } = await checks({ call: (side, id) => (side === 'submission' && id === 'case-0' ? { limit: 'wall_time' } : honest.call(side, id, '')) });
    expect(harness.runs.filter((r) => r.side === 'submission')).toHaveLength(1);
    expect(result.cases.map((c) => c.verdict)).toEqual(['time_limit_exceeded', 'time_limit_exceeded', 'time_limit_exceeded']);
    expect(result.cases[1].message).toBe('not run: an earlier case hit a limit (time limit exceeded)');
    expect(result.limitHit).toBe(true);
  });

  it('a failing profile call is a note, not a verdict', async () => {
    const { result } = await checks({ call: (side, id) => (id === CALLS.profile ? { raise: { type: 'ValueError', message: 'no', line: 1 } } : honest.call(side, id, '')) });
    expect(result.failure).toBeUndefined();
    expect(result.profileProblem).toMatch(/ValueError: no on line 1/);
    expect(result.memory).toBeDefined();
  });
});

describe('side-by-side timing', () => {
  /** baseline 300 ms per call, submission `submissionNs(round)`, reference 4 ms. */
  const timing = (submissionNs: (round: number) => number): Script => ({
    call: (side, id, run) => {
      const round = Number(/rounds-(\d+)/.exec(run)?.[1] ?? 0);
      if (side === 'baseline') return ok(300e6);
      if (side === 'reference') return ok(4e6);
      return ok(id.includes('-w') ? 500e6 : submissionNs(round)); // the warm-up compiles: slow, left out
    },
  });

  it('batches short calls into values of ~100 ms on fresh inputs, and times the reference on the same ones', async () => {
    const harness = new ScriptedHarness(timing(() => 5e6));
    const job = scriptedJob(testAssignment(), harness);
    const result = await measureSpeed(job, 5e6, 300e6);
    expect(result.callsPerValue).toEqual({ submission: 20, baseline: 1 });
    const round0 = harness.runs.find((r) => r.run === 'rounds-0-submission')!;
    expect(round0.windows.map((w) => w.ids.length)).toEqual([1, 20, 20, 20]); // the warm-up, then 3 values
    expect(harness.runs.find((r) => r.run === 'rounds-0-baseline')!.windows.map((w) => w.ids.length)).toEqual([1, 1, 1]); // no warm-up
    expect(new Set(round0.windows.flatMap((w) => w.ids)).size).toBe(61); // every input fresh
    expect(result.speed).toMatchObject({ speedup: 60, baselineMs: 300, otherMs: 5, rounds: 3, cv: 0 });
    expect(result.reference).toEqual({ ms: 4, speedup: 75 });
    // The reference answered every input the submission used, in a process of its own, before the rounds.
    const expected = harness.runs.find((r) => r.run === 'expected-rounds-0')!;
    const submitted = harness.runs.filter((r) => r.side === 'submission').flatMap((r) => r.windows.flatMap((w) => w.ids));
    expect(new Set(expected.windows.flatMap((w) => w.ids))).toEqual(new Set(submitted));
  });

  it('measures more rounds while the spread is above the bound, up to the most allowed, and says so', async () => {
    const harness = new ScriptedHarness(timing((round) => (round % 2 === 0 ? 5e6 : 8e6)));
    const job = scriptedJob(testAssignment({ rounds: 3, maxRounds: 7 }), harness);
    const result = await measureSpeed(job, 5e6, 300e6);
    expect(result.speed!.rounds).toBe(7);
    expect(harness.runs.filter((r) => r.side === 'submission')).toHaveLength(7);
    expect(job.warnings).toEqual([expect.stringMatching(/^The timing spread stayed at \d+\.\d % after 7 rounds/)]);
  });

  it('stops at the planned rounds when the spread is within the bound', async () => {
    const harness = new ScriptedHarness(timing(() => 5e6));
    const job = scriptedJob(testAssignment({ rounds: 3, maxRounds: 7 }), harness);
    await measureSpeed(job, 5e6, 300e6);
    expect(harness.runs.filter((r) => r.side === 'submission')).toHaveLength(3);
    expect(job.warnings).toEqual([]);
  });

  it('a timed answer that differs from the reference’s is a wrong answer, without the expected value', async () => {
    const harness = new ScriptedHarness({
      ...timing(() => 5e6),
      verdict: (pair) => (pair.actual.run === 'rounds-1-submission' ? { kind: 'value', path: '', expected: '3.1415926', got: '3.0' } : true),
    });
    const job = scriptedJob(testAssignment(), harness);
    const result = await measureSpeed(job, 5e6, 300e6);
    expect(result.speed).toBeUndefined();
    expect(describeFailure(result.failure!)).toBe(
      'Wrong answer on a timed benchmark call (fresh random input): your value 3.0 is not the expected one. Every call must compute its own answer.',
    );
  });

  it('a submission that fails on a timed call gets that verdict, named on the benchmark input', async () => {
    const harness = new ScriptedHarness({ call: (side, id, run) => (side === 'submission' && run === 'rounds-1-submission' ? { limit: 'memory' } : timing(() => 5e6).call(side, id, run)) });
    const result = await measureSpeed(scriptedJob(testAssignment(), harness), 5e6, 300e6);
    expect(result.failure).toMatchObject({ verdict: 'memory_limit_exceeded', site: { kind: 'benchmark' } });
    expect(describeFailure(result.failure!)).toMatch(/^Memory limit exceeded: the benchmark input used more than 512 MB/);
  });
});
