export const SUBMISSION_STATUSES = ['queued', 'running', 'graded', 'rejected', 'error'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
