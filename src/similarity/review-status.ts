/** An instructor's verdict on a pair of submissions; it outlives the run it was made on. */
export const REVIEW_STATUSES = ['reviewed', 'suspicious'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
