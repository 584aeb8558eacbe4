import { GradingInfrastructureError } from './grading.errors.js';
import type { SandboxLimits } from '../sandbox/sandbox.types.js';
import type { RunOutcome } from './harness-client.js';
import type { Report, Verdict } from './report.types.js';

/** Why a run of the student's code did not reach its normal end, as a verdict and a sentence. */
export interface RunFailure {
  verdict: Verdict;
  message: string;
  /** The call that failed, when known. */
  callId?: string;
  error?: Report['error'];
}

const REJECTIONS: Record<string, string> = {
  syntax: 'Your file has a syntax error',
  missing_function: 'Your file does not define the function to grade',
  not_callable: 'The name to grade is not a function',
  import_error: 'Your file could not be imported',
};

/**
 * Classifies a run. `describe` names what was running for the message, given the failing call if known
 * ("case medium", "the benchmark input"). Returns null when the run ended normally.
 */
export function runFailure(outcome: RunOutcome, limits: SandboxLimits, describe: (callId?: string) => string): RunFailure | null {
  const { result } = outcome;
  const callId = outcome.error?.id ?? outcome.unfinishedCall;
  const what = describe(callId);
  // In a student's box the event could be forged to dodge a verdict, so there it counts against the run.
  if (outcome.fatal && outcome.trusted) throw new GradingInfrastructureError(`the grader's harness failed during ${what}: ${outcome.fatal}`);
  if (outcome.fatal) return { verdict: 'runtime_error', callId, message: `Your code broke the grader's harness during ${what} (${outcome.fatal.slice(0, 200)}).` };
  if (outcome.rejected) {
    const { kind, message, line } = outcome.rejected;
    const lead = REJECTIONS[kind] ?? 'Your file cannot be graded';
    return {
      verdict: 'rejected',
      message: `${lead}: ${message}${line && !message.includes(`line ${line}`) ? ` (line ${line})` : ''}. Fix it and submit again.`,
      error: { type: kind, message, line, traceback: outcome.rejected.traceback },
    };
  }
  switch (result.limitHit) {
    case 'wall_time':
      return { verdict: 'time_limit_exceeded', callId, message: `Time limit exceeded: ${what} was still running after ${limits.wallTimeMs / 1000} s. Look for an endless loop or a long wait, or make it faster.` };
    case 'cpu_time':
      return { verdict: 'time_limit_exceeded', callId, message: `Time limit exceeded: ${what} used more than ${limits.cpuTimeS} s of CPU time.` };
    case 'memory':
      return { verdict: 'memory_limit_exceeded', callId, message: `Memory limit exceeded: ${what} used more than ${Math.round(limits.memoryBytes / 2 ** 20)} MB. Avoid building huge intermediate objects.` };
    case 'output':
      return { verdict: 'output_limit_exceeded', callId, message: `Output limit exceeded: ${what} printed more than ${Math.round(limits.outputBytes / 1024)} KB. Remove debugging prints.` };
    case 'file_size':
      return { verdict: 'output_limit_exceeded', callId, message: `Output limit exceeded: ${what} wrote a file larger than ${Math.round(limits.fileSizeBytes / 2 ** 20)} MB.` };
    case 'processes':
      return { verdict: 'runtime_error', callId, message: `Your code tried to start more than ${limits.processes} processes at once during ${what}.` };
  }
  if (outcome.error) {
    const { type, message, line, traceback } = outcome.error;
    const where = line ? ` on line ${line} of solution.py` : '';
    if (type === 'MemoryError') {
      return { verdict: 'memory_limit_exceeded', callId, error: outcome.error, message: `Memory limit exceeded: ${what} raised MemoryError${where}.` };
    }
    if (type === 'UnsupportedOutput') {
      return { verdict: 'wrong_answer', callId, error: outcome.error, message: `Wrong answer: ${what} returned a value the grader cannot compare (${message}).` };
    }
    return { verdict: 'runtime_error', callId, error: { type, message, line, traceback }, message: `${type}${message ? `: ${message}` : ''}${where} (during ${what}).` };
  }
  if (result.protocolErrors.length > 0) {
    return { verdict: 'runtime_error', callId, message: `Your code interfered with the grader's channel during ${what} (${result.protocolErrors[0].slice(0, 120)}).` };
  }
  if (!outcome.completed) {
    const how = result.signal ? `was killed by ${result.signal}` : `exited with status ${result.exitCode}`;
    return { verdict: 'runtime_error', callId, message: `Your program ${how} during ${what} before returning a result.${result.stderr ? ` Last output: ${lastLine(result.stderr)}` : ''}` };
  }
  return null;
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1].slice(0, 200);
}
