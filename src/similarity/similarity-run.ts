/** Each student's latest counted submission, or every submission. */
export const RUN_SCOPES = ['latest', 'all'] as const;
export type RunScope = (typeof RUN_SCOPES)[number];

/** A run is its own small job: waiting, claimed by a worker under a lease, then finished one way or the other. */
export const RUN_STATES = ['queued', 'running', 'done', 'failed'] as const;
export type RunState = (typeof RUN_STATES)[number];
