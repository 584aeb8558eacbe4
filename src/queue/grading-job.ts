export type JobKind = 'grade' | 'regrade';
export type JobState = 'queued' | 'running' | 'done' | 'failed';

/** New submissions go first; regrades wait behind them (lower number = sooner). */
export const JOB_PRIORITY: Record<JobKind, number> = { grade: 0, regrade: 10 };

/** How one claim of a job ended, in the grading_attempts audit trail (a job is graded once, whatever crashed). */
export type AttemptOutcome = 'graded' | 'rejected' | 'error' | 'lease_expired' | 'released' | 'superseded';
