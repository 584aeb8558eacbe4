import { Logger } from '@nestjs/common';
import type { GradingProgress } from '../grading/report.types.js';
import type { ClaimedJob, JobsRepository } from './jobs.repository.js';

/** Progress reaches the database at most this often; the in-process event stream gets every event at once. */
const PROGRESS_WRITE_MS = 1000;

/**
 * Keeps a claimed job's lease alive while it is graded (renewing every third of the lease), and carries the
 * latest progress along for event streams served by other processes.
 */
export class LeaseKeeper {
  private readonly logger = new Logger('Worker');
  private timer: NodeJS.Timeout | undefined;
  private latest: GradingProgress | null = null;
  private lastWrite = 0;
  private writing: Promise<void> = Promise.resolve();
  lost = false;

  constructor(
    private readonly jobs: JobsRepository,
    private readonly job: ClaimedJob,
    private readonly leaseS: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.renew(), Math.max(500, (this.leaseS * 1000) / 3));
  }

  progress(progress: GradingProgress): void {
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
    // One write at a time, in order: a slow database must not reorder progress or pile up renewals.
    this.writing = this.writing.then(async () => {
      try {
        const held = await this.jobs.renew(this.job, this.leaseS, progress);
        if (!held && !this.lost) {
          this.lost = true;
          this.logger.warn(`job ${this.job.id} (attempt ${this.job.attempt}) was taken over; its result will be dropped`);
        }
      } catch (error) {
        this.logger.warn(`could not renew the lease of job ${this.job.id}: ${(error as Error).message}`);
      }
    });
  }
}
