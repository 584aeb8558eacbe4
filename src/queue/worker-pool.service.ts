import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import os from 'node:os';
import { sleep } from '../common/sleep.js';
import { ConfigService } from '../config/config.service.js';
import { LogContext } from '../logging/log-context.js';
import { GradingProcessor } from './grading.processor.js';
import { JobsRepository, type ClaimedJob } from './jobs.repository.js';
import { ProgressBus } from './progress-bus.js';
import { slotCores } from './slot-cores.js';

/**
 * GRADER_CONCURRENCY grading slots in this process, each with its own cores. A slot claims a job, grades it,
 * and claims the next; idle, it waits for "queued" news from this process or polls for other processes' jobs.
 * On shutdown it stops claiming, lets running grades finish for SHUTDOWN_GRACE_S, then hands what is left back.
 */
@Injectable()
export class WorkerPool implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private readonly stopping = new AbortController();
  private readonly running = new Map<number, ClaimedJob>();
  private loops: Promise<void>[] = [];
  private wakeIdle = new AbortController();
  private stopListening: (() => void) | undefined;
  readonly id = `${os.hostname()}:${process.pid}`;

  constructor(
    private readonly jobs: JobsRepository,
    private readonly processor: GradingProcessor,
    private readonly bus: ProgressBus,
    private readonly config: ConfigService,
    private readonly logContext: LogContext,
  ) {}

  onApplicationBootstrap(): void {
    const slots = this.config.graderConcurrency;
    if (slots === 0) {
      this.logger.log('GRADER_CONCURRENCY=0: this process grades nothing (run workers with npm run start:worker)');
      return;
    }
    this.stopListening = this.bus.onQueued(() => this.wake());
    const shares = slotCores(this.config.graderCores, slots);
    this.loops = shares.map((cores, slot) => this.loop(slot, cores));
    this.logger.log(`${slots} grading slot(s) on cores ${shares.map((c) => c.join('+')).join(', ')} (worker ${this.id})`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.loops.length === 0) return;
    this.stopping.abort();
    this.stopListening?.();
    this.wake();
    if (this.running.size > 0) this.logger.log(`shutting down: waiting up to ${this.config.shutdownGraceS} s for ${this.running.size} grade(s) to finish`);
    const graceOver = new AbortController();
    const finished = await Promise.race([Promise.all(this.loops).then(() => true), sleep(this.config.shutdownGraceS * 1000, graceOver.signal).then(() => false)]);
    graceOver.abort();
    if (finished) return;
    // Grades still running are handed back; whatever they produce later is refused by the compare-and-set.
    for (const job of this.running.values()) {
      const released = await this.jobs.release(job).catch(() => false);
      this.logger.warn(`job ${job.id} ${released ? 'handed back to the queue' : 'could not be handed back (its lease will expire)'}`);
    }
  }

  private async loop(slot: number, cores: number[]): Promise<void> {
    const owner = `${this.id}/${slot}`;
    while (!this.stopping.signal.aborted) {
      let job: ClaimedJob | null = null;
      try {
        job = await this.jobs.claim(owner, this.config.jobLeaseS);
      } catch (error) {
        this.logger.error(`slot ${slot}: claiming failed: ${(error as Error).message}`);
      }
      if (!job) {
        await sleep(this.config.workerPollMs, AbortSignal.any([this.stopping.signal, this.wakeIdle.signal]));
        continue;
      }
      this.running.set(slot, job);
      try {
        // Every line logged while grading (queue, grading core, sandbox) names the submission.
        await this.logContext.run({ submissionId: job.submissionId, jobId: job.id, attempt: job.attempt }, () => this.processor.run(job, cores));
      } catch (error) {
        // Writing the outcome failed (database gone?): the lease runs out and the job is claimed again.
        this.logger.error(`slot ${slot}: job ${job.id} failed outside grading: ${(error as Error).stack ?? error}`);
      } finally {
        this.running.delete(slot);
      }
    }
  }

  private wake(): void {
    const previous = this.wakeIdle;
    this.wakeIdle = new AbortController();
    previous.abort();
  }
}
