import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/transactions.js';
import type { GradingProgress } from '../grading/report.types.js';
import type { FailureRecord } from './job-failure.js';
import { JobsRepository } from './jobs.repository.js';
import { ProgressBus } from './progress-bus.js';

/** Where a submission stands in the queue, for its page and its event stream. */
export interface QueueStanding {
  state: 'queued' | 'running';
  kind: 'grade' | 'regrade';
  /** 1 = next; only while queued. */
  position?: number;
  progress?: GradingProgress;
  /** Why the previous try failed, while a retry waits. */
  lastFailure?: FailureRecord;
}

/** Putting work on the queue, and reading where it stands. Running it is the workers' business (workers.module.ts). */
@Injectable()
export class QueueService {
  constructor(
    private readonly jobs: JobsRepository,
    private readonly bus: ProgressBus,
  ) {}

  /** Inside the caller's transaction; call `announce()` once it has committed. */
  enqueue(tx: Tx, submissionId: string): Promise<string> {
    return this.jobs.enqueue(tx, submissionId, 'grade');
  }

  /** Regrades wait behind every new submission (lower priority), so a regrade never delays students. */
  enqueueRegrades(tx: Tx, assignmentId: string): Promise<number> {
    return this.jobs.enqueueRegrades(tx, assignmentId);
  }

  /** Wakes idle workers in this process; workers elsewhere find the job on their next poll. */
  announce(): void {
    this.bus.announceQueued();
  }

  async standing(submissionId: string): Promise<QueueStanding | null> {
    const job = await this.jobs.openJob(submissionId);
    if (!job) return null;
    return {
      state: job.state,
      kind: job.kind,
      ...(job.state === 'queued' ? { position: await this.jobs.position(job.id) } : {}),
      ...(job.progress ? { progress: job.progress } : {}),
      ...(job.lastFailure ? { lastFailure: job.lastFailure } : {}),
    };
  }

  /** Why grading gave up on a submission that shows "error". */
  lastFailure(submissionId: string): Promise<FailureRecord | null> {
    return this.jobs.lastFailure(submissionId);
  }
}
