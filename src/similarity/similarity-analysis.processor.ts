import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '../config/config.service.js';
import { LogContext } from '../logging/log-context.js';
import { LeaseKeeper } from '../queue/lease-keeper.js';
import { analyseClass } from './analysis/analyse-class.js';
import type { RunProgress, RunSummary } from './analysis/run-results.js';
import { FingerprintStore } from './fingerprint-store.service.js';
import { describeRunFailure, type RunFailure } from './run-failure.js';
import { SimilarityRunsRepository, type ClaimedRun } from './similarity-runs.repository.js';
import { SubmissionRefsRepository } from './submission-refs.repository.js';

/** Claims after which a run whose workers keep dying is given up (it would most likely kill the next one too). */
const MAX_CLAIMS = 3;

/**
 * Runs one claimed analysis: collect the submissions, fingerprint the ones not cached yet, compare every
 * pair with the code everyone was given left out, and store the result with the compare-and-set of the claim.
 */
@Injectable()
export class SimilarityAnalysis {
  private readonly logger = new Logger('Similarity');

  constructor(
    private readonly submissions: SubmissionRefsRepository,
    private readonly runs: SimilarityRunsRepository,
    private readonly store: FingerprintStore,
    private readonly config: ConfigService,
    private readonly logContext: LogContext,
  ) {}

  /** Every line logged while it runs names the run and the assignment. */
  run(run: ClaimedRun, stopping: AbortSignal): Promise<void> {
    return this.logContext.run({ similarityRunId: run.id, assignmentId: run.assignmentId, attempt: run.attempt }, () => this.analyse(run, stopping));
  }

  private async analyse(run: ClaimedRun, stopping: AbortSignal): Promise<void> {
    if (run.attempt > MAX_CLAIMS) {
      await this.failed(run, { kind: 'workers_lost', claims: MAX_CLAIMS });
      return;
    }
    const started = performance.now();
    const leaseS = this.config.jobLeaseS;
    const lease = new LeaseKeeper<RunProgress>(
      { name: `similarity run ${run.id} (attempt ${run.attempt})`, renew: (progress) => this.runs.renew(run, leaseS, progress) },
      leaseS,
      'Similarity',
    );
    lease.start();
    try {
      lease.progress({ phase: 'collecting', done: 0, total: 0 });
      const candidates = await this.submissions.candidates(run.assignmentId, run.scope);
      const { fingerprints, made } = await this.store.of(
        candidates.map((c) => c.id),
        (done, total) => lease.progress({ phase: 'fingerprinting', done, total }),
      );
      const ignored = await this.store.given(await this.submissions.givenCode([...new Set(candidates.map((c) => c.versionId))]));
      const files = candidates.map((c) => ({ id: c.id, author: c.userId, fingerprints: fingerprints.get(c.id)! }));
      const analysis = await analyseClass(files, ignored, { onProgress: (progress) => lease.progress(progress) });
      lease.progress({ phase: 'saving', done: 0, total: analysis.pairs.length });
      const summary: RunSummary = {
        submissions: candidates.length,
        fingerprinted: made,
        reused: candidates.length - made,
        comparedPairs: analysis.comparedPairs,
        sharingPairs: analysis.sharingPairs,
        storedPairs: analysis.pairs.length,
        flaggedPairs: analysis.flaggedPairs,
        histogram: analysis.histogram,
        ignoredFingerprints: [...ignored],
        fingerprintSettings: this.store.settingsKey,
        durationMs: Math.round(performance.now() - started),
      };
      await lease.stop();
      if (!(await this.runs.complete(run, summary, analysis.pairs)))
        this.logger.warn(`similarity run ${run.id}: another worker took it over; this result was dropped`);
      else
        this.logger.log(
          `similarity run ${run.id}: ${summary.submissions} submissions, ${summary.flaggedPairs} similar pairs of ${summary.comparedPairs}, ${summary.durationMs} ms`,
        );
    } catch (error) {
      await lease.stop();
      // Stopping mid-run: the lease runs out and another worker (or this one, restarted) does it again.
      if (stopping.aborted) return;
      this.logger.error(`similarity run ${run.id} threw: ${(error as Error).stack ?? error}`);
      await this.failed(run, { kind: 'analysis_threw', detail: error instanceof Error ? error.message : String(error) });
    }
  }

  private async failed(run: ClaimedRun, failure: RunFailure): Promise<void> {
    this.logger.warn(`similarity run ${run.id}: giving up: ${describeRunFailure(failure)}`);
    await this.runs.fail(run, failure);
  }
}
