import { shmBytes } from '../sandbox/box-arguments.js';
import type { LimitHit } from '../sandbox/sandbox.types.js';
import { describeDifference, type Difference } from './difference.js';
import { GradingInfrastructureError } from './grading.errors.js';
import type { CallLimits } from './harness-client.js';
import type { Report, Verdict } from './report.types.js';
import type { Rejection, RunOutcome, StudentError } from './run-outcome.js';

/** Where a failure happened, as the grade knows it (never parsed back out of a call id or a sentence). */
export type FailureSite =
  | { kind: 'import' }
  | { kind: 'case'; index: number; name: string; hidden: boolean }
  | { kind: 'benchmark' }
  | { kind: 'memory' };

/** What went wrong, as fields. The sentence is made last, by describeFailure. */
export type FailureCause =
  | { kind: 'rejected'; rejection: Rejection }
  | { kind: 'limit'; limit: LimitHit; limits: CallLimits }
  | { kind: 'exception'; error: StudentError }
  | { kind: 'exited'; exitCode: number | null; signal: string | null; lastOutput?: string }
  | { kind: 'protocol'; detail: string }
  | { kind: 'harness_broken'; detail: string }
  | { kind: 'unsupported_output'; detail: string }
  | { kind: 'wrong_answer'; difference?: Difference };

export interface RunFailure {
  verdict: Verdict;
  site: FailureSite;
  cause: FailureCause;
  /** The call that failed, when known (from the broker, not from anything the box said). */
  callId?: string;
}

const REJECTIONS: Record<Exclude<Rejection['kind'], 'upload'>, string> = {
  syntax: 'Your file has a syntax error',
  missing_function: 'Your file does not define the function to grade',
  not_callable: 'The name to grade is not a function',
  import_error: 'Your file could not be imported',
};

const LIMIT_VERDICTS: Record<LimitHit, Verdict> = {
  wall_time: 'time_limit_exceeded',
  cpu_time: 'time_limit_exceeded',
  memory: 'memory_limit_exceeded',
  output: 'output_limit_exceeded',
  file_size: 'output_limit_exceeded',
  answer_size: 'output_limit_exceeded',
  disk: 'output_limit_exceeded',
  processes: 'runtime_error',
};

const ENOSPC = 28;

/**
 * Classifies a run of the module under test. `siteOf` says where a call belongs (undefined: before any call).
 * Returns null when the run served every window. A failure in a trusted run (baseline, reference) is ours.
 */
export function runFailure(outcome: RunOutcome, limits: CallLimits, siteOf: (callId?: string) => FailureSite): RunFailure | null {
  const failure = classify(outcome, limits, siteOf);
  if (failure && outcome.trusted) {
    throw new GradingInfrastructureError(`the ${outcome.side} failed during ${describeSite(failure.site)}: ${describeFailure(failure)}`);
  }
  return failure;
}

function classify(outcome: RunOutcome, limits: CallLimits, siteOf: (callId?: string) => FailureSite): RunFailure | null {
  const { result } = outcome;
  const callId = outcome.ready ? outcome.failedCall : undefined;
  const site = siteOf(callId);
  const fail = (verdict: Verdict, cause: FailureCause): RunFailure => ({ verdict, site, cause, callId });
  if (outcome.rejected && !outcome.ready) return fail('rejected', { kind: 'rejected', rejection: outcome.rejected });
  if (result.limitHit) return fail(LIMIT_VERDICTS[result.limitHit], { kind: 'limit', limit: result.limitHit, limits });
  if (outcome.completed) return null;
  // From a student's box a `fatal` event may be forged to dodge a verdict, so it counts against the run.
  if (outcome.fatal) return fail('runtime_error', { kind: 'harness_broken', detail: outcome.fatal.slice(0, 200) });
  const error = outcome.error;
  if (error) {
    if (error.type === 'MemoryError') return fail('memory_limit_exceeded', { kind: 'exception', error });
    if (error.errno === ENOSPC) return fail('output_limit_exceeded', { kind: 'limit', limit: 'disk', limits });
    if (error.type === 'UnsupportedOutput') return fail('wrong_answer', { kind: 'unsupported_output', detail: error.message });
    return fail('runtime_error', { kind: 'exception', error });
  }
  if (outcome.calls.end === 'protocol') return fail('runtime_error', { kind: 'protocol', detail: outcome.calls.detail });
  if (result.protocolErrors.length > 0) return fail('runtime_error', { kind: 'protocol', detail: result.protocolErrors[0].slice(0, 120) });
  return fail('runtime_error', {
    kind: 'exited',
    exitCode: result.exitCode,
    signal: result.signal,
    // A hidden case's input must not come back through what the program printed.
    lastOutput: site.kind === 'case' && site.hidden ? undefined : lastLine(result.stderr),
  });
}

export function describeSite(site: FailureSite): string {
  switch (site.kind) {
    case 'import':
      return 'loading your file';
    case 'case':
      return site.hidden ? 'a hidden case' : `case "${site.name}"`;
    case 'benchmark':
      return 'the benchmark input';
    case 'memory':
      return 'the memory measurement';
  }
}

/** The student's sentence for a failure. A hidden case keeps only the kind of failure, never its text. */
export function describeFailure(failure: RunFailure): string {
  const where = describeSite(failure.site);
  const hidden = failure.site.kind === 'case' && failure.site.hidden;
  const { cause } = failure;
  switch (cause.kind) {
    case 'rejected': {
      const { kind, message, line } = cause.rejection;
      if (kind === 'upload') return message;
      return `${REJECTIONS[kind]}: ${message}${line && !message.includes(`line ${line}`) ? ` (line ${line})` : ''}. Fix it and submit again.`;
    }
    case 'limit':
      return describeLimit(cause.limit, cause.limits, where);
    case 'exception': {
      const { type, message, line } = cause.error;
      const at = line ? ` on line ${line} of solution.py` : '';
      if (type === 'MemoryError') return `Memory limit exceeded: ${where} raised MemoryError${at}.`;
      if (hidden) return `${type}${at} on a hidden case.`;
      return `${type}${message ? `: ${message}` : ''}${at} (during ${where}).`;
    }
    case 'exited': {
      const how = cause.signal ? `was killed by ${cause.signal}` : `exited with status ${cause.exitCode}`;
      return `Your program ${how} during ${where} before returning a result.${cause.lastOutput ? ` Last output: ${cause.lastOutput}` : ''}`;
    }
    case 'protocol':
      return `Your code interfered with the grader's channel during ${where} (${cause.detail}).`;
    case 'harness_broken':
      return `Your code broke the grader's harness during ${where} (${hidden ? 'details hidden' : cause.detail}).`;
    case 'unsupported_output':
      return `Wrong answer: ${where} returned a value the grader cannot compare (${cause.detail}).`;
    case 'wrong_answer':
      return describeWrongAnswer(failure.site, cause.difference);
  }
}

function describeWrongAnswer(site: FailureSite, difference: Difference | undefined): string {
  switch (site.kind) {
    case 'case':
      return site.hidden ? 'Wrong answer on a hidden case.' : `Wrong answer: ${describeDifference(difference, true)}`;
    case 'benchmark':
      return `Wrong answer on a timed benchmark call (fresh random input): ${describeDifference(difference, false)}. Every call must compute its own answer.`;
    case 'memory':
      return `Wrong answer in the memory measurement (fresh random input): ${describeDifference(difference, false)}.`;
    case 'import':
      return `Wrong answer: ${describeDifference(difference, false)}`;
  }
}

function describeLimit(limit: LimitHit, limits: CallLimits, where: string): string {
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
  switch (limit) {
    case 'wall_time':
      return `Time limit exceeded: ${where} was still running after ${limits.wallTimeMs / 1000} s. Look for an endless loop or a long wait, or make it faster.`;
    case 'cpu_time':
      return `Time limit exceeded: ${where} used more than ${limits.cpuTimeS} s of CPU time.`;
    case 'memory':
      return `Memory limit exceeded: ${where} used more than ${mb(limits.memoryBytes)} MB. Avoid building huge intermediate objects.`;
    case 'output':
      return `Output limit exceeded: ${where} printed more than ${Math.round(limits.outputBytes / 1024)} KB. Remove debugging prints.`;
    case 'file_size':
      return `Output limit exceeded: ${where} wrote a file larger than ${mb(limits.fileSizeBytes)} MB.`;
    case 'answer_size':
      return `Output limit exceeded: ${where} returned an answer larger than ${mb(limits.answerBytes)} MB.`;
    case 'disk':
      return `Output limit exceeded: ${where} filled the space a run has for files (${mb(limits.tmpBytes)} MB in /tmp, ${mb(shmBytes(limits.tmpBytes))} MB in /dev/shm).`;
    case 'processes':
      return `Your code tried to start more than ${limits.processes} processes at once during ${where}.`;
  }
}

/** The report's `error` field: the student's own frames, and for a hidden case only the kind and line. */
export function reportError(failure: RunFailure): Report['error'] | undefined {
  const hidden = failure.site.kind === 'case' && failure.site.hidden;
  const { cause } = failure;
  if (cause.kind === 'rejected') {
    const { kind, message, line, traceback } = cause.rejection;
    return { type: kind, message, line, traceback };
  }
  if (cause.kind === 'exception') {
    const { type, message, line, traceback } = cause.error;
    return hidden ? { type, message: '', line } : { type, message, line, traceback };
  }
  return undefined;
}

function lastLine(text: string): string | undefined {
  const lines = text.trim().split('\n');
  const last = lines[lines.length - 1]?.slice(0, 200);
  return last || undefined;
}
