import { parseOutcome } from '../../src/grading/harness-client.js';
import { runFailure } from '../../src/grading/run-failure.js';
import { GradingInfrastructureError } from '../../src/grading/grading.errors.js';
import type { SandboxResult } from '../../src/sandbox/sandbox.types.js';

const limits = { wallTimeMs: 8000, cpuTimeS: 10, memoryBytes: 512 * 2 ** 20, processes: 16, outputBytes: 16384, fileSizeBytes: 2 ** 20, tmpBytes: 2 ** 20 };
const describeCall = (id?: string) => (id ? `case "${id}"` : 'loading your file');

function outcome(events: Record<string, unknown>[], extra: Partial<SandboxResult> = {}, trusted = false) {
  const result: SandboxResult = {
    exitCode: 0, signal: null, wallMs: 10, cpuMs: 5, memoryPeakBytes: 1000, limitHit: null, stdout: '', stderr: '',
    events: events.map((data, i) => ({ hostNs: BigInt(i) * 1_000_000n, data })), protocolErrors: [], ...extra,
  };
  return parseOutcome('run', result, '/out', trusted);
}

describe('classifying a run of student code', () => {
  it('a normal run is no failure, and timings pair call_start with call_end', () => {
    const o = outcome([{ ev: 'call_start', id: 'case-0' }, { ev: 'call_end', id: 'case-0', ns: 900_000, cpu_ns: 800_000 }, { ev: 'done' }]);
    expect(runFailure(o, limits, describeCall)).toBeNull();
    expect(o.timings).toEqual([{ id: 'case-0', ns: 900_000, cpuNs: 800_000, hostNs: 1_000_000 }]);
  });

  it('limits map to their verdicts and name the call that was running', () => {
    const running = [{ ev: 'call_start', id: 'case-2' }];
    expect(runFailure(outcome(running, { limitHit: 'wall_time' }), limits, describeCall)).toMatchObject({ verdict: 'time_limit_exceeded', callId: 'case-2' });
    expect(runFailure(outcome(running, { limitHit: 'memory' }), limits, describeCall)?.message).toMatch(/more than 512 MB/);
    expect(runFailure(outcome(running, { limitHit: 'output' }), limits, describeCall)?.verdict).toBe('output_limit_exceeded');
    expect(runFailure(outcome(running, { limitHit: 'file_size' }), limits, describeCall)?.verdict).toBe('output_limit_exceeded');
  });

  it('exceptions are runtime errors with the line; MemoryError is a memory verdict', () => {
    const raised = outcome([{ ev: 'call_start', id: 'case-1' }, { ev: 'error', id: 'case-1', type: 'KeyError', message: "'x'", line: 7, traceback: 'tb' }]);
    expect(runFailure(raised, limits, describeCall)).toMatchObject({ verdict: 'runtime_error', callId: 'case-1', error: { line: 7 } });
    const memory = outcome([{ ev: 'error', id: 'case-1', type: 'MemoryError', message: '' }]);
    expect(runFailure(memory, limits, describeCall)?.verdict).toBe('memory_limit_exceeded');
  });

  it('rejections say what to fix, without repeating the line', () => {
    const o = outcome([{ ev: 'rejected', kind: 'syntax', message: 'SyntaxError on line 4: expected ":"', line: 4 }]);
    const failure = runFailure(o, limits, describeCall)!;
    expect(failure.verdict).toBe('rejected');
    expect(failure.message).toBe('Your file has a syntax error: SyntaxError on line 4: expected ":". Fix it and submit again.');
  });

  it('a process that died without a word is a runtime error naming the signal', () => {
    const o = outcome([{ ev: 'call_start', id: 'case-0' }], { signal: 'SIGSEGV', exitCode: null });
    expect(runFailure(o, limits, describeCall)?.message).toMatch(/killed by SIGSEGV during case "case-0"/);
  });

  it('a harness failure is our fault in a trusted run, but counts against a student who could forge it', () => {
    const events = [{ ev: 'fatal', message: 'unreadable input' }];
    expect(() => runFailure(outcome(events, {}, true), limits, describeCall)).toThrow(GradingInfrastructureError);
    expect(runFailure(outcome(events, {}, false), limits, describeCall)?.verdict).toBe('runtime_error');
  });

  it('forged or garbled protocol lines are tampering', () => {
    const o = outcome([{ ev: 'call_end', id: 'case-0', ns: 1 }, { ev: 'done' }]);
    expect(runFailure(o, limits, describeCall)?.message).toMatch(/interfered with the grader's channel/);
  });
});
