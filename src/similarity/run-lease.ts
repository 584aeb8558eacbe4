import { Logger } from '@nestjs/common';
import type { RunProgress } from './analysis/run-results.js';
import type { ClaimedRun, SimilarityRunsRepository } from './similarity-runs.repository.js';

/** Progress reaches the database at most this often. */
const PROGRESS_WRITE_MS = 1000;

/** Keeps a claimed run's lease alive while it works (renewing every third of the lease) and records its progress. */
export class RunLease {
  private readonly logger = new Logger('Similarity');
  private timer: NodeJS.Timeout | undefined;
  private latest: RunProgress | null = null;
  private lastWrite = 0;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly runs: SimilarityRunsRepository,
    private readonly run: ClaimedRun,
    private readonly leaseS: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.renew(), Math.max(500, (this.leaseS * 1000) / 3));
  }

  progress(progress: RunProgress): void {
    this.latest = progress;
    if (Date.now() - this.lastWrite >= PROGRESS_WRITE_MS) this.renew();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.writing;
  }

  private renew(): void {
    this.lastWrite = Date.now();
    const progress = this.latest;
    // One write at a time, in order, so a slow database never reorders progress.
    this.writing = this.writing.then(async () => {
      try {
        if (!(await this.runs.renew(this.run, this.leaseS, progress))) this.logger.warn(`similarity run ${this.run.id} was taken over by another worker`);
      } catch (error) {
        this.logger.warn(`could not renew the lease of similarity run ${this.run.id}: ${(error as Error).message}`);
      }
    });
  }
}
