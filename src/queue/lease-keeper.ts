import { Logger } from '@nestjs/common';

/** Progress reaches the database at most this often; the in-process event stream gets every event at once. */
const PROGRESS_WRITE_MS = 1000;

/** A claimed row's lease (a grading job, a similarity run), as the keeper renews it. */
export interface Lease<P> {
  /** What the log calls it: "job 0b1c… (attempt 2)". */
  readonly name: string;
  /** Extends the lease and records the latest progress; false once the row is no longer this claim's. */
  renew(progress: P | null): Promise<boolean>;
}

/**
 * Keeps a claimed job's lease alive while it is worked on (renewing every third of the lease), and carries the
 * latest progress along for pages and event streams served by other processes.
 */
export class LeaseKeeper<P> {
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  private latest: P | null = null;
  private lastWrite = 0;
  private writing: Promise<void> = Promise.resolve();
  lost = false;

  constructor(
    private readonly lease: Lease<P>,
    private readonly leaseS: number,
    loggerName = 'Worker',
  ) {
    this.logger = new Logger(loggerName);
  }

  start(): void {
    this.timer = setInterval(() => this.renew(), Math.max(500, (this.leaseS * 1000) / 3));
  }

  progress(progress: P): void {
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
        const held = await this.lease.renew(progress);
        if (!held && !this.lost) {
          this.lost = true;
          this.logger.warn(`${this.lease.name} was taken over; its result will be dropped`);
        }
      } catch (error) {
        this.logger.warn(`could not renew the lease of ${this.lease.name}: ${(error as Error).message}`);
      }
    });
  }
}
