import { Logger } from '@nestjs/common';
import type { Assignment } from '../../src/assignments/assignment.types.js';
import type { AssignmentsService } from '../../src/assignments/assignments.service.js';
import type { CatalogSync } from '../../src/catalog/catalog-sync.service.js';
import { ConfigService } from '../../src/config/config.service.js';
import type { Tx } from '../../src/database/transactions.js';
import type { SubmissionEvents } from '../../src/events/submission-events.js';
import type { GradeRequest, GradingService } from '../../src/grading/grading.service.js';
import type { Report } from '../../src/grading/report.types.js';
import type { GradingPhases } from '../../src/metrics/grading-phases.js';
import { GradingProcessor } from '../../src/queue/grading.processor.js';
import { describeGivingUp, type FailureRecord, type JobFailure } from '../../src/queue/job-failure.js';
import type { ClaimedJob, JobsRepository } from '../../src/queue/jobs.repository.js';
import { ProgressBus } from '../../src/queue/progress-bus.js';
import { fakeTransactions } from '../support/fakes.js';

/**
 * The worker's policy, against plain fakes (no database, no sandbox): what is written, in which transaction,
 * what is announced, when a failure is retried and when the grader gives up. Milliseconds per case.
 */
const TX = { transaction: 'the one transaction' } as unknown as Tx;
const ASSIGNMENT = { slug: 'sum-squares', contentHash: 'abc' } as Assignment;
const GRADED = { status: 'graded', verdict: 'accepted', score: 90, maxScore: 100, message: 'All cases correct.' } as Report;
const ERROR_REPORT = { status: 'error', verdict: 'error', score: null, message: 'The grader could not grade this.', problem: 'the case generator failed' } as unknown as Report;

function job(overrides: Partial<ClaimedJob> = {}): ClaimedJob {
  return { id: 'job-1', submissionId: 'sub-1', kind: 'grade', attempt: 1, failures: 0, owner: 'worker/0', leaseExpired: false, ...overrides };
}

function processorWith(options: { grade?: (request: GradeRequest) => Promise<Report>; load?: () => Assignment; work?: unknown; held?: boolean; maxAttempts?: number } = {}) {
  const log: string[] = [];
  const calls: Record<string, unknown[][]> = {};
  const record = (name: string, ...args: unknown[]) => {
    log.push(name);
    (calls[name] ??= []).push(args);
  };
  const held = options.held ?? true;
  const jobs = {
    work: async () => (options.work === undefined ? { source: 'def f(): pass', filename: 'solution.py', slug: 'sum-squares' } : options.work),
    renew: async () => true,
    complete: async (...args: unknown[]) => (record('complete', ...args), held),
    retryLater: async (...args: unknown[]) => (record('retryLater', ...args), held),
    failFinally: async (...args: unknown[]) => (record('failFinally', ...args), held),
  } as unknown as JobsRepository;
  const grading = { grade: options.grade ?? (async () => GRADED) } as unknown as GradingService;
  const assignments = { get: options.load ?? (() => ASSIGNMENT) } as unknown as AssignmentsService;
  const catalog = { versionIdFor: async () => 'version-1' } as unknown as CatalogSync;
  const transactions = fakeTransactions(TX, log);
  const events = {
    submissionGraded: async (...args: unknown[]) => record('submissionGraded', ...args),
    submissionFailed: async (...args: unknown[]) => record('submissionFailed', ...args),
  } as unknown as SubmissionEvents;
  const bus = new ProgressBus();
  bus.subscribe('sub-1', (event) => log.push(`bus:${event.type}`));
  const config = new ConfigService({ JOB_MAX_ATTEMPTS: String(options.maxAttempts ?? 3), JOB_RETRY_BASE_S: '10', JOB_LEASE_S: '30' });
  const phases = { start: () => ({ progress: () => undefined, stop: () => undefined }) } as unknown as GradingPhases;
  const processor = new GradingProcessor(jobs, grading, assignments, catalog, bus, transactions, events, config, phases);
  return { processor, log, calls };
}

describe('the grading processor', () => {
  // Its warnings and errors are what these cases provoke.
  beforeAll(() => Logger.overrideLogger(false));

  it('writes a verdict and announces it in one transaction', async () => {
    const { processor, log, calls } = processorWith();
    await processor.run(job(), [1]);
    expect(log).toEqual(['begin', 'complete', 'submissionGraded', 'commit', 'bus:finished']);
    expect(calls.complete[0]).toEqual([TX, job(), GRADED, 'version-1']);
    expect(calls.submissionGraded[0]).toEqual([TX, 'sub-1']);
  });

  it('announces nothing when another worker took the job over', async () => {
    const { processor, log } = processorWith({ held: false });
    await processor.run(job(), [1]);
    expect(log).toEqual(['begin', 'complete', 'commit', 'bus:finished']);
  });

  it('passes progress on to the event streams of this process', async () => {
    const { processor, log } = processorWith({
      grade: async (request) => {
        request.onProgress?.({ phase: 'checking', message: 'case 1 of 2', step: 1, of: 2 });
        return GRADED;
      },
    });
    await processor.run(job(), [1]);
    expect(log.slice(0, 2)).toEqual(['bus:progress', 'begin']);
  });

  it.each([
    ['the core reports an error', { grade: async () => ERROR_REPORT }, { kind: 'grading_error', detail: 'the case generator failed' }, ERROR_REPORT],
    ['the core throws', { grade: async () => Promise.reject(new Error('harness exploded')) }, { kind: 'grading_threw', detail: 'harness exploded' }, null],
    [
      'the assignment does not load here',
      { load: () => { throw new Error("assignment 'sum-squares' has 1 problem:\nassignment.yaml: bad"); } },
      { kind: 'assignment_unloadable', slug: 'sum-squares', detail: "assignment 'sum-squares' has 1 problem:" },
      null,
    ],
    ['the submission is gone', { work: null }, { kind: 'submission_missing' }, null],
  ] as [string, Parameters<typeof processorWith>[0], JobFailure, Report | null][])('retries with back-off when %s, announcing nothing', async (_case, options, failure) => {
    const { processor, log, calls } = processorWith(options);
    const first = job({ failures: 0 });
    await processor.run(first, [1]);
    expect(log).toEqual(['retryLater', 'bus:finished']);
    const [sentJob, sentFailure, delayS] = calls.retryLater[0] as [ClaimedJob, JobFailure, number];
    expect(sentJob).toEqual(first);
    expect(sentFailure).toEqual(failure);
    // Base 10 s, ±20 %, then four times as long after the second failure.
    expect(delayS).toBeGreaterThanOrEqual(8);
    expect(delayS).toBeLessThanOrEqual(12);
    await processor.run(job({ failures: 1, attempt: 2 }), [1]);
    const secondDelayS = calls.retryLater[1][2] as number;
    expect(secondDelayS).toBeGreaterThanOrEqual(32);
    expect(secondDelayS).toBeLessThanOrEqual(48);
  });

  it('gives up after the last try: our error, announced in the same transaction, with the core report', async () => {
    const { processor, log, calls } = processorWith({ grade: async () => ERROR_REPORT });
    await processor.run(job({ failures: 2, attempt: 3 }), [1]);
    expect(log).toEqual(['begin', 'failFinally', 'submissionFailed', 'commit', 'bus:finished']);
    const [tx, , record, report] = calls.failFinally[0] as [Tx, ClaimedJob, FailureRecord, Report | null];
    expect(tx).toBe(TX);
    expect(record).toEqual({ failure: { kind: 'grading_error', detail: 'the case generator failed' }, gaveUpAfter: 3 });
    expect(report).toBe(ERROR_REPORT);
    expect(describeGivingUp(record)).toBe(
      'The grader could not grade this submission (tried 3 times; last problem: the case generator failed). This is not your fault and does not count against you: an instructor can regrade it.',
    );
  });

  it('does not grade again when the worker of the last try died; it gives up instead', async () => {
    let graded = 0;
    const { processor, calls } = processorWith({ grade: async () => (graded++, GRADED), maxAttempts: 2 });
    await processor.run(job({ failures: 2, attempt: 3, leaseExpired: true }), [1]);
    expect(graded).toBe(0);
    const record = calls.failFinally[0][2] as FailureRecord;
    expect(record).toEqual({ failure: { kind: 'worker_lost' }, gaveUpAfter: 2 });
    expect(describeGivingUp(record)).toMatch(/^The grader could not grade this submission \(tried 2 times; last problem: the grading machine stopped while grading it\)\./);
  });

  it('says "once" when one try is all there is, and announces nothing when the job was taken over', async () => {
    const { processor, log, calls } = processorWith({ grade: async () => ERROR_REPORT, maxAttempts: 1, held: false });
    await processor.run(job(), [1]);
    expect(log).toEqual(['begin', 'failFinally', 'commit', 'bus:finished']);
    expect(describeGivingUp(calls.failFinally[0][2] as FailureRecord)).toMatch(/\(tried once; last problem: /);
  });
});

describe('failures recorded before they were fields', () => {
  it('are shown in their own words', () => {
    expect(describeGivingUp({ failure: { kind: 'described', text: 'The grader could not grade this submission (tried 3 times; last problem: x).' } })).toBe(
      'The grader could not grade this submission (tried 3 times; last problem: x).',
    );
  });
});
