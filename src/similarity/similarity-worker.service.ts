import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import os from 'node:os';
import { sleep } from '../common/sleep.js';
import { ConfigService } from '../config/config.service.js';
import { SimilarityAnalysis } from './similarity-analysis.processor.js';
import { SimilarityRunsRepository } from './similarity-runs.repository.js';

/** How long after a run new submissions wait before the analysis runs again by itself (a deadline rush is one rerun, not hundreds). */
export const REFRESH_QUIET_S = 60;
/** How often an idle worker looks for analyses to refresh. */
const STALE_CHECK_MS = 30_000;

/**
 * Runs similarity analyses in the server, one at a time: claims a run, analyses, claims the next; idle, it
 * polls (other servers sharing the database may have queued one) and queues a refresh of analyses that new
 * submissions have made stale. The comparison yields to the event loop every few milliseconds and the
 * parsing happens in a worker thread, so requests are served meanwhile.
 */
@Injectable()
export class SimilarityWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Similarity');
  private readonly stopping = new AbortController();
  private wakeIdle = new AbortController();
  private loop: Promise<void> | undefined;
  private lastStaleCheck = 0;
  readonly id = `${os.hostname()}:${process.pid}/similarity`;

  constructor(
    private readonly runs: SimilarityRunsRepository,
    private readonly analysis: SimilarityAnalysis,
    private readonly config: ConfigService,
  ) {}

  onApplicationBootstrap(): void {
    this.loop = this.work();
  }

  /** Before the fingerprinting worker closes (onApplicationShutdown): a run in progress may finish first. */
  async onModuleDestroy(): Promise<void> {
    this.stopping.abort();
    this.wake();
    const graceOver = new AbortController();
    await Promise.race([this.loop, sleep(this.config.shutdownGraceS * 1000, graceOver.signal)]);
    graceOver.abort();
  }

  /** A run was queued in this process: start at once instead of at the next poll. */
  wake(): void {
    const previous = this.wakeIdle;
    this.wakeIdle = new AbortController();
    previous.abort();
  }

  private async work(): Promise<void> {
    while (!this.stopping.signal.aborted) {
      try {
        const run = await this.runs.claim(this.id, this.config.jobLeaseS);
        if (run) {
          await this.analysis.run(run, this.stopping.signal);
          continue;
        }
        await this.queueRefreshes();
      } catch (error) {
        this.logger.error(`similarity worker: ${(error as Error).message}`);
      }
      await sleep(this.config.workerPollMs, AbortSignal.any([this.stopping.signal, this.wakeIdle.signal]));
    }
  }

  private async queueRefreshes(): Promise<void> {
    if (Date.now() - this.lastStaleCheck < STALE_CHECK_MS) return;
    this.lastStaleCheck = Date.now();
    for (const { assignmentId, scope } of await this.runs.stale(REFRESH_QUIET_S)) {
      await this.runs.enqueue(assignmentId, scope, null);
      this.logger.log(`new submissions since the last similarity analysis of assignment ${assignmentId} (${scope}): analysing again`);
    }
  }
}
