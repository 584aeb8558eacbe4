import { GradingInfrastructureError } from './grading.errors.js';
import { caseCalls, caseName, type GradingJob } from './grading-job.js';
import { TRUSTED_LIMITS } from './harness-client.js';
import { runFailure, type RunFailure } from './run-failure.js';
import type { CaseResult } from './report.types.js';

export interface CorrectnessResult {
  cases: CaseResult[];
  /** The first failure, which becomes the report's verdict; undefined when every case passed. */
  failure?: RunFailure;
  rejected?: RunFailure;
}

/** Runs the reference on every case; its outputs are the expected answers (they never enter the student's box). */
export async function computeExpected(job: GradingJob): Promise<void> {
  const outcome = await job.harness.runModule(job, 'expected', 'reference', 'run', caseCalls(job.assignment), TRUSTED_LIMITS);
  const failure = runFailure(outcome, TRUSTED_LIMITS, (id) => `case "${caseName(job.assignment, id)}"`);
  if (failure) throw new GradingInfrastructureError(`the reference solution failed: ${failure.message}`);
}

/**
 * Runs the submission on every case. A runtime error on one case does not hide the others: the remaining
 * cases run again in a fresh process. A limit (time, memory, output) ends the phase, since every further
 * case would likely pay the same limit.
 */
export async function checkCases(job: GradingJob): Promise<CorrectnessResult> {
  const { assignment } = job;
  const results = new Map<string, CaseResult>();
  let remaining = caseCalls(assignment);
  const failures = new Map<string, RunFailure>();
  for (let attempt = 0; remaining.length > 0; attempt++) {
    const run = `cases-${attempt}`;
    const total = assignment.cases.length;
    const outcome = await job.harness.runModule(job, run, 'submission', 'run', remaining, job.limits, (event) => {
      if (event.data.ev === 'call_start') {
        const id = String(event.data.id);
        const index = Number(id.slice(5));
        job.progress({ phase: 'checking', message: `checking case ${index + 1} of ${total}`, step: index + 1, of: total });
      }
    });
    const failure = runFailure(outcome, job.limits, (id) => (id ? `case "${caseName(assignment, id)}"` : 'loading your file'));
    if (failure?.verdict === 'rejected') return { cases: [], rejected: failure };

    const returned = outcome.timings.map((t) => t.id).filter((id) => id !== failure?.callId);
    if (returned.length > 0) {
      const check = await job.harness.check(job, `check-${run}`, returned.map((id) => ({
        id,
        actual: `/outs/${run}/${id}.json`,
        expected: `/outs/expected/${id}.json`,
        input: `/job/inputs/${id}`,
      })));
      for (const id of returned) {
        const verdict = check.verdicts.get(id);
        if (!verdict) throw new GradingInfrastructureError(`the checker gave no verdict for case "${caseName(assignment, id)}"`);
        results.set(id, caseResult(job, id, verdict.ok ? 'accepted' : 'wrong_answer', verdict.ok ? 'correct' : `Wrong answer: ${verdict.message}`));
      }
    }
    if (!failure) break;
    if (failure.callId === undefined) {
      failures.set(remaining[0].id, failure);
      // Failed before any call (e.g. an exception while importing): every case shares the failure.
      for (const call of remaining) results.set(call.id, caseResult(job, call.id, failure.verdict, failure.message));
      break;
    }
    failures.set(failure.callId, failure);
    results.set(failure.callId, caseResult(job, failure.callId, failure.verdict, failure.message));
    const after = remaining.slice(remaining.findIndex((c) => c.id === failure.callId) + 1);
    if (failure.verdict !== 'runtime_error' && failure.verdict !== 'wrong_answer') {
      for (const call of after) results.set(call.id, caseResult(job, call.id, failure.verdict, `not run: an earlier case hit a limit (${failure.verdict.replace(/_/g, ' ')})`));
      break;
    }
    remaining = after;
  }
  const cases = caseCalls(assignment).map((call) => results.get(call.id) ?? caseResult(job, call.id, 'error', 'not run'));
  const index = cases.findIndex((c) => c.verdict !== 'accepted');
  if (index < 0) return { cases };
  const bad = cases[index];
  const runFailed = failures.get(`case-${index}`);
  // A hidden case's failure is reported as its sanitised message, without the exception text or traceback.
  const error = runFailed?.error && (bad.hidden ? { type: runFailed.error.type, message: '', line: runFailed.error.line } : runFailed.error);
  const message = bad.hidden ? bad.message : runFailed?.message ?? `Case "${bad.name}" — ${bad.message}`;
  return { cases, failure: { verdict: bad.verdict, message, error } };
}

/** Hidden cases show the verdict and the kind of error only: their inputs and expected values stay secret. */
function caseResult(job: GradingJob, id: string, verdict: CaseResult['verdict'], message: string): CaseResult {
  const spec = job.assignment.cases[Number(id.slice(5))];
  const hiddenMessage: Record<string, string> = {
    accepted: 'correct',
    wrong_answer: 'Wrong answer on a hidden case.',
  };
  return {
    name: spec.name,
    hidden: spec.hidden,
    verdict,
    message: spec.hidden ? hiddenMessage[verdict] ?? hiddenFailure(message) : message,
  };
}

/** Keeps "Time limit exceeded", "ZeroDivisionError on line 7" — drops anything that could echo the input. */
function hiddenFailure(message: string): string {
  const head = /^([A-Za-z]+(?:Error|Exception|Exit|Interrupt)?)(?::[^(]*)?( on line \d+ of solution\.py)?/.exec(message);
  if (/limit exceeded/i.test(message)) return message.split(':')[0] + ' on a hidden case.';
  return head ? `${head[1]}${head[2] ?? ''} on a hidden case.` : 'Failed on a hidden case.';
}
