import { isStaff, type Caller } from '../accounts/caller.js';
import { describeGivingUp, describeJobFailure, type FailureRecord } from '../queue/job-failure.js';
import type { QueueStanding } from '../queue/queue.service.js';
import type { SubmissionDto, SubmissionSummaryDto } from './submission.dto.js';
import type { SubmissionRecord } from './submissions.repository.js';

export function summaryView(record: SubmissionRecord): SubmissionSummaryDto {
  return {
    id: record.id,
    assignment: record.slug,
    status: record.status,
    createdAt: new Date(record.createdAt).toISOString(),
    ...(record.gradedAt ? { gradedAt: new Date(record.gradedAt).toISOString() } : {}),
    attempt: record.attempt,
    filename: record.filename,
    score: record.score,
    maxScore: record.maxScore,
    latePenalty: record.latePenalty,
    user: { id: record.userId, email: record.userEmail, name: record.userName },
  };
}

/**
 * The full view. The report is the core's contract as stored: hidden cases in it carry their verdict and a
 * sanitised message only (the core never puts their inputs or expected values there).
 */
export function submissionView(record: SubmissionRecord, standing: QueueStanding | null, lastFailure: FailureRecord | null, caller: Caller): SubmissionDto {
  return {
    ...summaryView(record),
    message: messageOf(record, standing, lastFailure, caller),
    ...(standing ? { queue: { state: standing.state, ...(standing.position ? { position: standing.position } : {}), ...(standing.progress ? { progress: standing.progress } : {}) } } : {}),
    report: record.report,
  };
}

/** The sentence of the submission's state, made here from fields (the queue's failures included). */
function messageOf(record: SubmissionRecord, standing: QueueStanding | null, lastFailure: FailureRecord | null, caller: Caller): string {
  const retrying = standing?.lastFailure
    ? isStaff(caller)
      ? ` An earlier try failed (${describeJobFailure(standing.lastFailure.failure)}); it will be retried.`
      : ' An earlier try failed on our side; it will be retried.'
    : '';
  switch (record.status) {
    case 'queued':
      return `Waiting to be graded${standing?.position ? `: number ${standing.position} in the queue` : ''}.${retrying}`;
    case 'running':
      return `Being graded${standing?.progress ? `: ${standing.progress.message}` : ''}.`;
    case 'error':
      return (lastFailure && describeGivingUp(lastFailure)) ?? record.report?.message ?? 'The grader could not grade this submission. This is not your fault.';
    default: {
      const late = record.latePenalty > 0 ? ` Late: ${Math.round(record.latePenalty * 100)} % of the score was taken off.` : '';
      const regrade = standing ? ' A regrade is under way; this result stays until it finishes.' : '';
      return `${record.report?.message ?? ''}${late}${regrade}`.trim();
    }
  }
}
