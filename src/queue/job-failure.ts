/** Why one try of a grading job failed through our fault, as fields. The words are made last, by describeJobFailure. */
export type JobFailure =
  /** The worker holding the last try stopped renewing its lease (killed, or its machine went away). */
  | { kind: 'worker_lost' }
  | { kind: 'submission_missing' }
  /** This grading machine cannot load the assignment (its folder is missing or invalid here). */
  | { kind: 'assignment_unloadable'; slug: string; detail: string }
  /** The grading core threw, which it promises not to do for anything a student did. */
  | { kind: 'grading_threw'; detail: string }
  /** The core's report says status "error": `detail` is its `problem`. */
  | { kind: 'grading_error'; detail: string }
  /** Recorded before failures were fields: the words as they were written. */
  | { kind: 'described'; text: string };

/** What a job keeps about its last failed try; `gaveUpAfter` (the tries made) once no try is left. */
export interface FailureRecord {
  failure: JobFailure;
  gaveUpAfter?: number;
}

/** The failure in a few words, for logs, the audit trail and the sentences below. */
export function describeJobFailure(failure: JobFailure): string {
  switch (failure.kind) {
    case 'worker_lost':
      return 'the grading machine stopped while grading it';
    case 'submission_missing':
      return 'the submission disappeared from the database';
    case 'assignment_unloadable':
      return `the assignment "${failure.slug}" cannot be loaded on this grading machine (${failure.detail})`;
    case 'grading_threw':
    case 'grading_error':
      return failure.detail;
    case 'described':
      return failure.text;
  }
}

/**
 * What a student (and the LMS) read when grading gave up: our fault, never theirs, and never a score. A record
 * from before failures were fields is its own whole sentence.
 */
export function describeGivingUp(record: FailureRecord): string {
  if (record.gaveUpAfter === undefined) return describeJobFailure(record.failure);
  const tries = record.gaveUpAfter === 1 ? 'once' : `${record.gaveUpAfter} times`;
  return `The grader could not grade this submission (tried ${tries}; last problem: ${describeJobFailure(record.failure)}). This is not your fault and does not count against you: an instructor can regrade it.`;
}
