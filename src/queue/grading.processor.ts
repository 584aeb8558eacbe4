import { Injectable, Logger } from '@nestjs/common';
import type { Assignment } from '../assignments/assignment.types.js';
import { AssignmentsService } from '../assignments/assignments.service.js';
import { CatalogSync } from '../catalog/catalog-sync.service.js';
import { ConfigService } from '../config/config.service.js';
import { Transactions } from '../database/transactions.js';
import { SubmissionEvents } from '../events/submission-events.js';
import { GradingService } from '../grading/grading.service.js';
import type { GradingProgress, Report } from '../grading/report.types.js';
import { GradingPhases } from '../metrics/grading-phases.js';
import { describeJobFailure, type JobFailure } from './job-failure.js';
import { JobsRepository, type ClaimedJob } from './jobs.repository.js';
import { LeaseKeeper } from './lease-keeper.js';
import { ProgressBus } from './progress-bus.js';
import { retryDelayS } from './retry-delay.js';

/** What one try came to: a student verdict to write, or our failure (with the core's error report, when it made one). */
type TryOutcome = { kind: 'verdict'; report: Report; versionId: string } | { kind: 'failed'; failure: JobFailure; report: Report | null };

/**
 * Runs one claimed job: grade the stored source with the grading core, then write the outcome back through
 * the job's compare-and-set. Student verdicts (graded, rejected) are final; anything that is our fault
 * (the core's status "error", or an exception) is retried with back-off and, after the last try, shown as an
 * error that is explicitly not the student's fault.
 */
@Injectable()
export class GradingProcessor {
  private readonly logger = new Logger('Worker');

  constructor(
    private readonly jobs: JobsRepository,
    private readonly grading: GradingService,
    private readonly assignments: AssignmentsService,
    private readonly catalog: CatalogSync,
    private readonly bus: ProgressBus,
    private readonly transactions: Transactions,
    private readonly events: SubmissionEvents,
    private readonly config: ConfigService,
    private readonly phases: GradingPhases,
  ) {}

  async run(job: ClaimedJob, cores: number[]): Promise<void> {
    try {
      if (job.leaseExpired) this.logger.warn(`job ${job.id}: the worker of attempt ${job.attempt - 1} stopped renewing its lease; grading it again`);
      // The last try's worker died holding the job: no try is left to give it.
      const outcome: TryOutcome =
        job.failures >= this.config.jobMaxAttempts ? { kind: 'failed', failure: { kind: 'worker_lost' }, report: null } : await this.grade(job, cores);
      if (outcome.kind === 'verdict') await this.complete(job, outcome.report, outcome.versionId);
      else await this.fail(job, outcome.failure, outcome.report);
    } finally {
      this.bus.publish(job.submissionId, { type: 'finished' });
    }
  }

  private async grade(job: ClaimedJob, cores: number[]): Promise<TryOutcome> {
    const work = await this.jobs.work(job.submissionId);
    if (!work) return { kind: 'failed', failure: { kind: 'submission_missing' }, report: null };
    let assignment: Assignment;
    try {
      assignment = this.assignments.get(work.slug);
    } catch (error) {
      // The loader's first line is the gist; the lines after it list each problem (logged when the process started).
      return { kind: 'failed', failure: { kind: 'assignment_unloadable', slug: work.slug, detail: (error as Error).message.split('\n')[0] }, report: null };
    }
    const versionId = await this.catalog.versionIdFor(assignment);
    const leaseS = this.config.jobLeaseS;
    const lease = new LeaseKeeper<GradingProgress>({ name: `job ${job.id} (attempt ${job.attempt})`, renew: (progress) => this.jobs.renew(job, leaseS, progress) }, leaseS);
    const timer = this.phases.start(assignment.slug);
    lease.start();
    try {
      const report = await this.grading.grade({
        assignment,
        source: work.source,
        filename: work.filename,
        cores,
        onProgress: (progress) => {
          this.bus.publish(job.submissionId, { type: 'progress', progress });
          lease.progress(progress);
          timer.progress(progress.phase);
        },
      });
      if (report.status !== 'error') return { kind: 'verdict', report, versionId };
      return { kind: 'failed', failure: { kind: 'grading_error', detail: report.problem ?? report.message ?? 'unknown failure' }, report };
    } catch (error) {
      // The core promises not to throw for anything a student did, so a throw is ours.
      this.logger.error(`job ${job.id}: grading threw: ${(error as Error).stack ?? error}`);
      return { kind: 'failed', failure: { kind: 'grading_threw', detail: (error as Error).message }, report: null };
    } finally {
      timer.stop();
      await lease.stop();
    }
  }

  /** One transaction: the grade and what it announces are committed together or not at all. */
  private async complete(job: ClaimedJob, report: Report, versionId: string): Promise<void> {
    const written = await this.transactions.run(async (tx) => {
      if (!(await this.jobs.complete(tx, job, report, versionId))) return false;
      await this.events.submissionGraded(tx, job.submissionId);
      return true;
    });
    if (!written) this.logger.warn(`job ${job.id} attempt ${job.attempt}: another worker took the job over; this result was dropped`);
  }

  /** Tries left: back to the queue after a back-off. None left: the submission shows our error, never a score. */
  private async fail(job: ClaimedJob, failure: JobFailure, report: Report | null): Promise<void> {
    const failures = job.failures + 1;
    const problem = describeJobFailure(failure);
    if (failures < this.config.jobMaxAttempts) {
      const delayS = retryDelayS(this.config.jobRetryBaseS, failures);
      this.logger.warn(`job ${job.id}: try ${failures} of ${this.config.jobMaxAttempts} failed (${problem}); retrying in ${delayS} s`);
      await this.jobs.retryLater(job, failure, delayS);
      return;
    }
    this.logger.error(`job ${job.id}: giving up: ${problem}`);
    await this.transactions.run(async (tx) => {
      if (await this.jobs.failFinally(tx, job, { failure, gaveUpAfter: this.config.jobMaxAttempts }, report)) await this.events.submissionFailed(tx, job.submissionId);
    });
  }
}
