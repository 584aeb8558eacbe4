import { Logger } from '@nestjs/common';
import type { Caller } from '../../src/accounts/caller.js';
import type { AssignmentCatalog } from '../../src/catalog/assignment-catalog.service.js';
import { ConfigService } from '../../src/config/config.service.js';
import type { LogContext } from '../../src/logging/log-context.js';
import type { FileFingerprints } from '../../src/similarity/analysis/fingerprints.js';
import type { RunSummary } from '../../src/similarity/analysis/run-results.js';
import type { FingerprintStore } from '../../src/similarity/fingerprint-store.service.js';
import { describeRunFailure } from '../../src/similarity/run-failure.js';
import { SimilarityAnalysis } from '../../src/similarity/similarity-analysis.processor.js';
import type { SimilarityReviewsRepository } from '../../src/similarity/similarity-reviews.repository.js';
import type { ClaimedRun, SimilarityRunsRepository, StoredPair } from '../../src/similarity/similarity-runs.repository.js';
import type { SimilarityWorker } from '../../src/similarity/similarity-worker.service.js';
import { SimilarityService } from '../../src/similarity/similarity.service.js';
import type { SubmissionRef, SubmissionRefsRepository } from '../../src/similarity/submission-refs.repository.js';

/** The analysis' bookkeeping and the service's refusals against plain fakes (no database, no parser): milliseconds. */
const ids = ['00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003'];
const ref = (id: string, userId: string): SubmissionRef =>
  ({ id, userId, versionId: 'version-1', assignmentId: 'assignment-1', slug: 'monte-carlo-pi', createdAt: new Date() }) as SubmissionRef;
/** One k-gram per line; 100 is the baseline's. */
const file = (...hashes: number[]): FileFingerprints => ({ hashes, regions: hashes.flatMap((_, i) => [i, 0, i, 5]) });
const FILES: Record<string, FileFingerprints> = {
  [ids[0]]: file(100, ...Array.from({ length: 30 }, (_, i) => i + 1)),
  [ids[1]]: file(100, ...Array.from({ length: 30 }, (_, i) => i + 1)),
  [ids[2]]: file(100, 500, 501, 502),
};

function run(overrides: Partial<ClaimedRun> = {}): ClaimedRun {
  return { id: 'run-1', assignmentId: 'assignment-1', scope: 'latest', attempt: 1, owner: 'server/similarity', ...overrides };
}

function analysisWith(options: { fingerprint?: () => Promise<void>; held?: boolean } = {}) {
  const calls: Record<string, unknown[][]> = {};
  const record = (name: string, ...args: unknown[]) => (calls[name] ??= []).push(args);
  const submissions = {
    candidates: async () => [ref(ids[0], 'ada'), ref(ids[1], 'bob'), ref(ids[2], 'cy')],
    givenCode: async () => ['the baseline'],
  } as unknown as SubmissionRefsRepository;
  const runs = {
    renew: async () => true,
    complete: async (...args: unknown[]) => (record('complete', ...args), options.held ?? true),
    fail: async (...args: unknown[]) => record('fail', ...args),
  } as unknown as SimilarityRunsRepository;
  const store = {
    settingsKey: 'test-settings',
    of: async (wanted: string[]) => {
      await options.fingerprint?.();
      return { fingerprints: new Map(wanted.map((id) => [id, FILES[id]])), made: 1 };
    },
    given: async () => new Set([100]),
  } as unknown as FingerprintStore;
  const logContext = { run: (_fields: unknown, work: () => unknown) => work() } as unknown as LogContext;
  const analysis = new SimilarityAnalysis(submissions, runs, store, new ConfigService({ JOB_LEASE_S: '30' }), logContext);
  return { analysis, calls };
}

describe('the similarity analysis', () => {
  // Its warnings and errors are what these cases provoke.
  beforeAll(() => Logger.overrideLogger(false));

  it('stores the summary and the pairs of the class, the baseline left out, with the claim it holds', async () => {
    const { analysis, calls } = analysisWith();
    await analysis.run(run(), new AbortController().signal);
    expect(calls.fail).toBeUndefined();
    const [claim, summary, pairs] = calls.complete[0] as [ClaimedRun, RunSummary, StoredPair[]];
    expect(claim).toEqual(run());
    expect(summary).toMatchObject({
      submissions: 3,
      fingerprinted: 1,
      reused: 2,
      comparedPairs: 3,
      flaggedPairs: 1,
      ignoredFingerprints: [100],
      fingerprintSettings: 'test-settings',
    });
    expect(pairs[0]).toMatchObject({ leftId: ids[0], rightId: ids[1], similarity: 1, longest: 30, leftOwn: 30, rightOwn: 30 });
  });

  it('gives up, as fields, on a run whose workers kept stopping, without analysing it again', async () => {
    const { analysis, calls } = analysisWith({ fingerprint: async () => Promise.reject(new Error('must not run')) });
    await analysis.run(run({ attempt: 4 }), new AbortController().signal);
    expect(calls.fail).toEqual([[run({ attempt: 4 }), { kind: 'workers_lost', claims: 3 }]]);
    expect(describeRunFailure({ kind: 'workers_lost', claims: 3 })).toBe('the analysis stopped 3 times without finishing');
  });

  it('records what threw as our failure, but leaves a run it was stopped in the middle of for the lease to hand on', async () => {
    const broken = analysisWith({ fingerprint: async () => Promise.reject(new Error('the fingerprinting worker stopped (exit code 1)')) });
    await broken.analysis.run(run(), new AbortController().signal);
    expect(broken.calls.fail).toEqual([[run(), { kind: 'analysis_threw', detail: 'the fingerprinting worker stopped (exit code 1)' }]]);
    expect(broken.calls.complete).toBeUndefined();

    const stopping = new AbortController();
    const stopped = analysisWith({ fingerprint: async () => (stopping.abort(), Promise.reject(new Error('terminated'))) });
    await stopped.analysis.run(run(), stopping.signal);
    expect(stopped.calls.fail).toBeUndefined();
  });
});

describe('the similarity service', () => {
  const touched: string[] = [];
  const spy = <T>(name: string) =>
    new Proxy({}, { get: (_, method) => () => (touched.push(`${name}.${String(method)}`), Promise.reject(new Error('not for students'))) }) as T;
  const service = new SimilarityService(
    spy<AssignmentCatalog>('catalog'),
    spy<SimilarityRunsRepository>('runs'),
    spy<SubmissionRefsRepository>('submissions'),
    spy<SimilarityReviewsRepository>('reviews'),
    spy<FingerprintStore>('store'),
    spy<SimilarityWorker>('worker'),
  );
  const student = { id: 'student-1', role: 'student' } as Caller;

  it('refuses students everything before reading anything, not even whether an analysis exists', async () => {
    const refusals = [
      service.start(student, 'monte-carlo-pi', {}),
      service.report(student, 'monte-carlo-pi'),
      service.pair(student, 'monte-carlo-pi', ids[0], ids[1]),
      service.review(student, 'monte-carlo-pi', ids[0], ids[1], { status: 'reviewed' }),
      service.similarTo(student, ids[0]),
    ];
    for (const refusal of refusals) await expect(refusal).rejects.toMatchObject({ kind: 'forbidden' });
    expect(touched).toEqual([]);
  });
});
