import type { WindowRecord } from '../sandbox/sandbox.types.js';
import { CALLS, caseCalls, checkingWindows, type CaseCall } from './grade-plan.js';
import { GradingInfrastructureError } from './grading.errors.js';
import type { GradingJob } from './grading-job.js';
import { TRUSTED_LIMITS, type CheckPair, type GenerateCall, type WindowPlan } from './harness-client.js';
import { memoryFigure, type MemoryFigure } from './memory-figure.js';
import type { CaseResult } from './report.types.js';
import { describeFailure, runFailure, type RunFailure } from './run-failure.js';
import type { CheckVerdict, ProfileData, RunOutcome } from './run-outcome.js';

/** Generates inputs in a trusted box; a generator that fails is the assignment's fault, never the student's. */
export async function generateInputs(job: GradingJob, run: string, calls: GenerateCall[]): Promise<void> {
  const outcome = await job.harness.generate(job, run, calls);
  if (outcome.failure) throw new GradingInfrastructureError(`the case generator failed: ${outcome.failure}`);
}

/** What the reference did in its own checking process: the expected answers, and its figures in this job. */
export interface ReferenceChecks {
  run: string;
  memory: MemoryFigure | null;
  calibrationNs: number | null;
}

/**
 * Runs the reference on every case and on the calibration and memory inputs, in the same layout as the
 * student's checking process; its answers are the expected ones (they never enter the student's box).
 */
export async function computeExpected(job: GradingJob): Promise<ReferenceChecks> {
  const run = 'expected';
  const windows = checkingWindows(job.assignment, { calibration: true, memory: true, profile: false });
  const outcome = await job.harness.runModule(job, { run, side: 'reference', windows, limits: TRUSTED_LIMITS, measuresMemory: true });
  runFailure(outcome, TRUSTED_LIMITS, job.sites.of);
  return { run, memory: memoryFigure(outcome, CALLS.memory, CALLS.memoryTrace), calibrationNs: windowOf(outcome, CALLS.calibration)?.ns ?? null };
}

export interface CheckingResult {
  cases: CaseResult[];
  /** What the report's verdict becomes: the first failing case, else a failure on the benchmark or memory input. */
  failure?: RunFailure;
  /** The file cannot be graded as written (nothing else was run). */
  rejected?: RunFailure;
  /** A limit ended the phase: profiling again would only hit it again. */
  limitHit: boolean;
  /** The submission's time for one benchmark-sized call, warm. */
  calibrationNs?: number;
  memory?: MemoryFigure;
  profile?: ProfileData;
  profileProblem?: string;
}

const LIMIT_VERDICTS = new Set(['time_limit_exceeded', 'memory_limit_exceeded', 'output_limit_exceeded']);

/**
 * The student's checking process: every case (its input visible to the box only during its own call), then
 * one benchmark-sized call, the memory pass and the line profile. A runtime error on one case does not hide
 * the others: the remaining windows run again in a fresh process. A limit ends the phase, since every further
 * call would likely pay the same limit. Then every answer is checked in a trusted box.
 */
export async function runChecks(job: GradingJob, expected: ReferenceChecks): Promise<CheckingResult> {
  const { assignment } = job;
  const answeredIn = new Map<string, string>();
  const windowsById = new Map<string, WindowRecord>();
  const failures = new Map<string, RunFailure>();
  let memoryRun: RunOutcome | undefined;
  let remaining: WindowPlan[] = checkingWindows(assignment, { calibration: true, memory: true, profile: true });
  let stopped: RunFailure | undefined;
  let profile: ProfileData | undefined;
  let profileProblem: string | undefined;
  const total = assignment.cases.length;

  for (let attempt = 0; remaining.length > 0; attempt++) {
    const run = `checks-${attempt}`;
    const windows = remaining;
    const outcome = await job.harness.runModule(job, {
      run,
      side: 'submission',
      windows,
      limits: job.limits,
      measuresMemory: true,
      onWindow: (index) => reportProgress(job, windows[index].ids[0], total),
    });
    if (outcome.answered.includes(CALLS.memoryTrace)) memoryRun = outcome;
    for (const window of outcome.windows) for (const id of window.ids) windowsById.set(id, window);
    for (const id of outcome.answered) answeredIn.set(id, run);
    if (outcome.answered.includes(CALLS.profile)) profile = outcome.profile;
    const failure = runFailure(outcome, job.limits, job.sites.of);
    if (failure?.verdict === 'rejected') return { cases: [], rejected: failure, limitHit: false };
    if (!failure) break;
    if (failure.callId === undefined) {
      // Nothing was called (the import failed): every case shares the failure.
      stopped = failure;
      break;
    }
    if (failure.callId === CALLS.profile) {
      profileProblem = describeFailure({ ...failure, site: { kind: 'benchmark' } });
      break;
    }
    failures.set(failure.callId, failure);
    if (LIMIT_VERDICTS.has(failure.verdict)) {
      stopped = failure;
      break;
    }
    const after = windows.slice(windows.findIndex((w) => w.ids.includes(failure.callId!)) + 1);
    // After a case failed, the benchmark and memory calls cannot earn anything: only the cases and the profile.
    const caseFailed = job.sites.of(failure.callId).kind === 'case';
    remaining = after.filter((w) => w.ids[0] === CALLS.profile || (caseFailed && job.sites.of(w.ids[0]).kind === 'case'));
  }

  const verdicts = await checkAnswers(job, 'check-checks', [...answeredIn].filter(([id]) => id !== CALLS.profile), expected.run);
  const cases = caseCalls(assignment).map((call) => caseResult(job, call, verdicts.get(call.id), failures.get(call.id), stopped, windowsById.get(call.id)));
  const firstCase = caseCalls(assignment).find((call) => cases[call.index].verdict !== 'accepted');
  const result: CheckingResult = { cases, limitHit: stopped !== undefined && LIMIT_VERDICTS.has(stopped.verdict), profile, profileProblem };
  if (firstCase) {
    result.failure = failures.get(firstCase.id) ?? wrongAnswer(job, firstCase.id, verdicts.get(firstCase.id)) ?? stopped;
    if (!result.failure) throw new GradingInfrastructureError(`case "${assignment.cases[firstCase.index].name}" has no result`);
    return result;
  }
  for (const id of [CALLS.calibration, CALLS.memory, CALLS.memoryTrace]) {
    const failed = failures.get(id) ?? wrongAnswer(job, id, verdicts.get(id));
    if (failed) {
      result.failure = failed;
      result.limitHit = LIMIT_VERDICTS.has(failed.verdict);
      return result;
    }
    if (!verdicts.has(id)) throw new GradingInfrastructureError(`the ${id} call has no result`);
  }
  result.calibrationNs = windowsById.get(CALLS.calibration)?.ns;
  result.memory = (memoryRun && memoryFigure(memoryRun, CALLS.memory, CALLS.memoryTrace)) ?? undefined;
  return result;
}

/**
 * Checks answers (id → the run that answered it) against the expected run's. A checker box that is itself
 * overwhelmed by an answer (limits) is the answer's fault: those pairs fail as unreadable.
 */
export async function checkAnswers(job: GradingJob, run: string, answered: [string, string][], expectedRun: string): Promise<Map<string, CheckVerdict>> {
  if (answered.length === 0) return new Map();
  const pairs: CheckPair[] = answered.map(([id, answeredBy]) => ({ id, actual: { run: answeredBy, id }, expected: { run: expectedRun, id }, input: id }));
  const check = await job.harness.check(job, run, pairs);
  if (check.fatal) throw new GradingInfrastructureError(`the checker failed: ${check.fatal}`);
  if (check.result.limitHit) {
    for (const pair of pairs) {
      if (!check.verdicts.has(pair.id)) check.verdicts.set(pair.id, { ok: false, difference: { kind: 'unreadable', detail: 'it overwhelmed the checker' } });
    }
  }
  for (const pair of pairs) {
    if (!check.verdicts.has(pair.id)) throw new GradingInfrastructureError(`the checker gave no verdict for ${pair.id}`);
  }
  return check.verdicts;
}

function wrongAnswer(job: GradingJob, id: string, verdict: CheckVerdict | undefined): RunFailure | undefined {
  if (!verdict || verdict.ok) return undefined;
  return { verdict: 'wrong_answer', site: job.sites.of(id), cause: { kind: 'wrong_answer', difference: verdict.difference }, callId: id };
}

function caseResult(job: GradingJob, call: CaseCall, verdict: CheckVerdict | undefined, failure: RunFailure | undefined, stopped: RunFailure | undefined, window?: WindowRecord): CaseResult {
  const spec = job.assignment.cases[call.index];
  const base = { name: spec.name, hidden: spec.hidden, ...(window ? { timeMs: Math.round(window.ns / 1e4) / 100 } : {}) };
  if (verdict?.ok) return { ...base, verdict: 'accepted', message: 'correct' };
  const wrong = wrongAnswer(job, call.id, verdict);
  if (wrong) return { ...base, verdict: 'wrong_answer', message: describeFailure(wrong) };
  if (failure) return { ...base, verdict: failure.verdict, message: describeFailure(failure) };
  if (stopped && stopped.callId === undefined) return { ...base, verdict: stopped.verdict, message: describeFailure(stopped) };
  if (stopped) return { ...base, verdict: stopped.verdict, message: `not run: an earlier case hit a limit (${stopped.verdict.replace(/_/g, ' ')})` };
  return { ...base, verdict: 'error', message: 'not run' };
}

function reportProgress(job: GradingJob, id: string, total: number): void {
  const site = job.sites.of(id);
  if (site.kind === 'case') job.progress({ phase: 'checking', message: `checking case ${site.index + 1} of ${total}`, step: site.index + 1, of: total });
  else if (id === CALLS.calibration) job.progress({ phase: 'checking', message: 'timing one benchmark-sized call' });
  else if (site.kind === 'memory') job.progress({ phase: 'memory', message: 'measuring peak memory' });
  else if (id === CALLS.profile) job.progress({ phase: 'profiling', message: 'profiling your code line by line' });
}

export function windowOf(outcome: RunOutcome, id: string): WindowRecord | undefined {
  return outcome.windows.find((w) => w.ids.includes(id));
}
