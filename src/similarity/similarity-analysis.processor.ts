import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '../config/config.service.js';
import { analyseClass } from './analysis/analyse-class.js';
import type { RunSummary } from './analysis/run-results.js';
import { FingerprintStore } from './fingerprint-store.service.js';
import { RunLease } from './run-lease.js';
import type { ClaimedRun } from './similarity-runs.repository.js';
import { SimilarityRunsRepository } from './similarity-runs.repository.js';
import { SimilarityRepository } from './similarity.repository.js';

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
    private readonly repository: SimilarityRepository,
    private readonly runs: SimilarityRunsRepository,
    private readonly store: FingerprintStore,
    private readonly config: ConfigService,
  ) {}

  async run(run: ClaimedRun, stopping: AbortSignal): Promise<void> {
    if (run.attempt > MAX_CLAIMS) {
      await this.runs.fail(run, `the analysis stopped ${MAX_CLAIMS} times without finishing`);
      return;
    }
    const started = performance.now();
    const lease = new RunLease(this.runs, run, this.config.jobLeaseS);
    lease.start();
    try {
      lease.progress({ phase: 'collecting', done: 0, total: 0 });
      const candidates = await this.repository.candidates(run.assignmentId, run.scope);
      const { fingerprints, made } = await this.store.of(
        candidates.map((c) => c.id),
        (done, total) => lease.progress({ phase: 'fingerprinting', done, total }),
      );
      const ignored = await this.store.given(await this.repository.givenCode([...new Set(candidates.map((c) => c.versionId))]));
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
      if (!(await this.runs.complete(run, summary, analysis.pairs))) this.logger.warn(`similarity run ${run.id}: another worker took it over; this result was dropped`);
    } catch (error) {
      await lease.stop();
      // Stopping mid-run: the lease runs out and another worker (or this one, restarted) does it again.
      if (stopping.aborted) return;
      this.logger.error(`similarity run ${run.id} failed: ${(error as Error).stack ?? error}`);
      await this.runs.fail(run, (error as Error).message);
    }
  }
}
