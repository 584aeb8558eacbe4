import { describeDifference } from '../../src/grading/difference.js';
import { GradingInfrastructureError } from '../../src/grading/grading.errors.js';
import type { CallLimits, ModuleRun } from '../../src/grading/harness-client.js';
import { describeFailure, reportError, runFailure, type FailureSite } from '../../src/grading/run-failure.js';
import { parseRun } from '../../src/grading/run-outcome.js';
import type { CallsReport, SandboxResult } from '../../src/sandbox/sandbox.types.js';
import { visibleDeep, visibleText } from '../../src/grading/visible-text.js';

const limits: CallLimits = { wallTimeMs: 8000, cpuTimeS: 10, memoryBytes: 512 * 2 ** 20, processes: 16, outputBytes: 16384, fileSizeBytes: 2 ** 20, tmpBytes: 64 * 2 ** 20, answerBytes: 2 ** 20 };
const request: ModuleRun = {
  run: 'checks-0',
  side: 'submission',
  windows: [
    { ids: ['case-0'], mode: 'run' },
    { ids: ['case-1'], mode: 'run' },
    { ids: ['case-2'], mode: 'run' },
  ],
  limits,
};
const sites: Record<string, FailureSite> = {
  'case-0': { kind: 'case', index: 0, name: 'small', hidden: false },
  'case-1': { kind: 'case', index: 1, name: 'medium', hidden: false },
  'case-2': { kind: 'case', index: 2, name: 'hidden-large', hidden: true },
};
const siteOf = (id?: string): FailureSite => (id ? sites[id] : { kind: 'import' });

/** A run the broker reports: `answered` windows done, then it ended as `end` with window `open` still open. */
function outcome(events: Record<string, unknown>[], calls: Partial<CallsReport> = {}, extra: Partial<SandboxResult> = {}, trusted = false) {
  const report: CallsReport = { ready: true, readyMs: 1, windows: [], openWindow: null, end: 'done', limit: null, detail: '', diskFull: false, ...calls };
  const result: SandboxResult = {
    exitCode: 0, signal: null, wallMs: 10, cpuMs: 5, memoryPeakBytes: 1000, limitHit: null, stdout: '', stderr: '',
    events: events.map((data, i) => ({ hostNs: BigInt(i), data })), protocolErrors: [], calls: report, ...extra,
  };
  return parseRun(request, result, trusted);
}
const window = (index: number, ids: string[]) => ({ index, ids, ns: 1e6, cpuNs: 1e6, memoryBytes: 0, answerBytes: ids.map(() => 10) });
const endedIn = (open: number, end: CallsReport['end'] = 'closed'): Partial<CallsReport> => ({ windows: [window(0, ['case-0'])].slice(0, open), openWindow: open, end });

describe('classifying a run of student code', () => {
  it('a run the broker served to the end is no failure, whatever the box said', () => {
    const forged = outcome([{ ev: 'error', id: 'case-0', type: 'KeyError', message: 'x' }, { ev: 'fatal', message: 'forged' }], { windows: [window(0, ['case-0'])] });
    expect(runFailure(forged, limits, siteOf)).toBeNull();
  });

  it('the failing call is the broker’s open window, not whatever id the box names', () => {
    const o = outcome([{ ev: 'error', id: 'case-0', type: 'ZeroDivisionError', message: 'division by zero', line: 7, traceback: 'tb' }], endedIn(1));
    const failure = runFailure(o, limits, siteOf)!;
    expect(failure).toMatchObject({ verdict: 'runtime_error', callId: 'case-1', site: { kind: 'case', index: 1 } });
    expect(describeFailure(failure)).toBe('ZeroDivisionError: division by zero on line 7 of solution.py (during case "medium").');
    expect(reportError(failure)).toEqual({ type: 'ZeroDivisionError', message: 'division by zero', line: 7, traceback: 'tb' });
  });

  it('limits map to their verdicts and name the call that was running', () => {
    const at = (limitHit: SandboxResult['limitHit']) => runFailure(outcome([], endedIn(1, 'limit'), { limitHit }), limits, siteOf)!;
    expect(at('wall_time')).toMatchObject({ verdict: 'time_limit_exceeded', callId: 'case-1' });
    expect(describeFailure(at('wall_time'))).toMatch(/case "medium" was still running after 8 s/);
    expect(describeFailure(at('memory'))).toMatch(/more than 512 MB/);
    expect(at('output').verdict).toBe('output_limit_exceeded');
    expect(at('file_size').verdict).toBe('output_limit_exceeded');
    expect(describeFailure(at('answer_size'))).toMatch(/returned an answer larger than 1 MB/);
    expect(describeFailure(at('disk'))).toMatch(/filled the space a run has for files \(64 MB in \/tmp, 8 MB in \/dev\/shm\)/);
  });

  it('a write that hit the tmpfs cap is an output limit, MemoryError a memory verdict', () => {
    const full = outcome([{ ev: 'error', id: 'case-1', type: 'OSError', message: '[Errno 28] No space left on device', errno: 28 }], endedIn(1));
    expect(runFailure(full, limits, siteOf)?.verdict).toBe('output_limit_exceeded');
    const memory = outcome([{ ev: 'error', id: 'case-1', type: 'MemoryError', message: '' }], endedIn(1));
    expect(runFailure(memory, limits, siteOf)?.verdict).toBe('memory_limit_exceeded');
  });

  it('a hidden case keeps only the kind of failure and its line: no message, no printed output', () => {
    const leaky = outcome([{ ev: 'error', id: 'case-2', type: 'ValueError', message: 'input was [4, 8, 15, 16]', line: 3, traceback: 'tb [4, 8, 15]' }], { ...endedIn(2), windows: [window(0, ['case-0']), window(1, ['case-1'])] });
    const failure = runFailure(leaky, limits, siteOf)!;
    expect(describeFailure(failure)).toBe('ValueError on line 3 of solution.py on a hidden case.');
    expect(reportError(failure)).toEqual({ type: 'ValueError', message: '', line: 3 });
    const died = outcome([], { ...endedIn(2), windows: [window(0, ['case-0']), window(1, ['case-1'])] }, { exitCode: 1, stderr: 'the secret input 4 8 15 16\n' });
    expect(describeFailure(runFailure(died, limits, siteOf)!)).not.toMatch(/secret/);
    const diedPublic = outcome([], endedIn(1), { exitCode: 1, stderr: 'oops\n' });
    expect(describeFailure(runFailure(diedPublic, limits, siteOf)!)).toBe('Your program exited with status 1 during case "medium" before returning a result. Last output: oops');
  });

  it('rejections are believed only before the first call, and say what to fix', () => {
    const early = outcome([{ ev: 'rejected', kind: 'syntax', message: 'SyntaxError on line 4: expected ":"', line: 4 }], { ready: false, end: 'closed' });
    const failure = runFailure(early, limits, siteOf)!;
    expect(failure.verdict).toBe('rejected');
    expect(describeFailure(failure)).toBe('Your file has a syntax error: SyntaxError on line 4: expected ":". Fix it and submit again.');
    const late = outcome([{ ev: 'rejected', kind: 'syntax', message: 'forged' }], endedIn(1));
    expect(runFailure(late, limits, siteOf)?.verdict).toBe('runtime_error');
  });

  it('a box that ends without a word is a runtime error naming the signal; forged protocol is tampering', () => {
    const killed = outcome([], endedIn(0), { signal: 'SIGSEGV', exitCode: null });
    expect(describeFailure(runFailure(killed, limits, siteOf)!)).toMatch(/killed by SIGSEGV during case "small"/);
    const garbled = outcome([], { ...endedIn(0, 'protocol'), detail: 'the answer channel carried something that is not an answer frame' });
    expect(describeFailure(runFailure(garbled, limits, siteOf)!)).toMatch(/interfered with the grader's channel/);
  });

  it('a harness failure is our fault in a trusted run, but counts against a student who could forge it', () => {
    const events = [{ ev: 'fatal', message: 'unreadable input' }];
    expect(() => runFailure(outcome(events, endedIn(0), {}, true), limits, siteOf)).toThrow(GradingInfrastructureError);
    expect(runFailure(outcome(events, endedIn(0)), limits, siteOf)?.verdict).toBe('runtime_error');
  });
});

describe('wording a difference', () => {
  it('shows both sides for a public case and only the student’s own for everything else', () => {
    const difference = { kind: 'value' as const, path: 'at index [3, 7]: ', expected: '1.4142135', got: '1.5', count: 12, total: 2500 };
    expect(describeDifference(difference, true)).toBe('at index [3, 7]: expected 1.4142135 but got 1.5 (12 of 2500 values differ)');
    expect(describeDifference(difference, false)).toBe('at index [3, 7]: your value 1.5 is not the expected one (12 of 2500 values differ)');
    expect(describeDifference(difference, false)).not.toContain('1.4142135');
    for (const kind of ['type', 'length', 'shape', 'not_array', 'array_kind'] as const) {
      expect(describeDifference({ kind, expected: 'SECRET', got: 'mine' }, false)).not.toContain('SECRET');
    }
    expect(describeDifference({ kind: 'missing_key', key: "'secret'" }, false)).not.toContain('secret');
    expect(describeDifference({ kind: 'custom', note: 'expected 42' }, false)).not.toContain('42');
  });
});

describe('text from a student’s process', () => {
  it('control and bidi characters are made visible; tabs and newlines stay', () => {
    expect(visibleText('a\x1b[2Jb\x07c\u202ed\r\te\nf\x9b')).toBe('a␛[2Jb␇c<U+202E>d␍\te\nf<U+009B>');
    expect(visibleDeep({ message: '\x1b]52;c;aGk=\x07', list: ['\u2066x'], n: 3 })).toEqual({ message: '␛]52;c;aGk=␇', list: ['<U+2066>x'], n: 3 });
  });
});
