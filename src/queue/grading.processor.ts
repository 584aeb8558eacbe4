import { Injectable, Logger } from '@nestjs/common';
import type { Assignment } from '../assignments/assignment.types.js';
import { AssignmentsService } from '../assignments/assignments.service.js';
import { ConfigService } from '../config/config.service.js';
import { GradingService } from '../grading/grading.service.js';
import type { Report } from '../grading/report.types.js';
import { GradingPhases } from '../metrics/grading-phases.js';
import { CatalogSync } from '../submissions/assignments/catalog-sync.service.js';
import { JobsRepository, type ClaimedJob } from './jobs.repository.js';
import { LeaseKeeper } from './lease-keeper.js';
import { ProgressBus } from './progress-bus.js';
import { retryDelayS } from './retry-delay.js';

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
    private readonly config: ConfigService,
    private readonly phases: GradingPhases,
  ) {}

  async run(job: ClaimedJob, cores: number[]): Promise<void> {
    try {
      if (job.leaseExpired) this.logger.warn(`job ${job.id}: the worker of attempt ${job.attempt - 1} stopped renewing its lease; grading it again`);
      if (job.failures >= this.config.jobMaxAttempts) {
        await this.fail(job, 'the grading machine stopped while grading it', null);
        return;
      }
      await this.grade(job, cores);
    } finally {
      this.bus.publish(job.submissionId, { type: 'finished' });
    }
  }

  private async grade(job: ClaimedJob, cores: number[]): Promise<void> {
    const work = await this.jobs.work(job.submissionId);
    if (!work) {
      await this.fail(job, 'the submission disappeared from the database', null);
      return;
    }
    let assignment: Assignment;
    try {
      assignment = this.assignments.get(work.slug);
    } catch (error) {
      await this.fail(job, `the assignment "${work.slug}" cannot be loaded on this grading machine (${(error as Error).message.split('\n')[0]})`, null);
      return;
    }
    const versionId = await this.catalog.versionIdFor(assignment);
    const lease = new LeaseKeeper(this.jobs, job, this.config.jobLeaseS);
    const timer = this.phases.start(assignment.slug);
    let report: Report | null = null;
    let problem: string | undefined;
    lease.start();
    try {
      report = await this.grading.grade({
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
    } catch (error) {
      // The core promises not to throw for anything a student did, so a throw is ours.
      problem = (error as Error).message;
      this.logger.error(`job ${job.id}: grading threw: ${(error as Error).stack ?? error}`);
    } finally {
      timer.stop();
      await lease.stop();
    }
    if (report && report.status !== 'error') {
      const written = await this.jobs.complete(job, report, versionId);
      if (!written) this.logger.warn(`job ${job.id} attempt ${job.attempt}: another worker took the job over; this result was dropped`);
      return;
    }
    await this.fail(job, problem ?? report?.problem ?? report?.message ?? 'unknown failure', report);
  }

  private async fail(job: ClaimedJob, problem: string, report: Report | null): Promise<void> {
    const failures = job.failures + 1;
    if (failures < this.config.jobMaxAttempts) {
      const delayS = retryDelayS(this.config.jobRetryBaseS, failures);
      this.logger.warn(`job ${job.id}: try ${failures} of ${this.config.jobMaxAttempts} failed (${problem}); retrying in ${delayS} s`);
      await this.jobs.retryLater(job, problem, delayS);
      return;
    }
    const tries = this.config.jobMaxAttempts === 1 ? 'once' : `${this.config.jobMaxAttempts} times`;
    const message = `The grader could not grade this submission (tried ${tries}; last problem: ${problem}). This is not your fault and does not count against you: an instructor can regrade it.`;
    this.logger.error(`job ${job.id}: giving up: ${problem}`);
    await this.jobs.failFinally(job, message, report);
  }
}
