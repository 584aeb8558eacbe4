import type { ReportStatus, Verdict } from '../grading/report.types.js';

/** What an endpoint can subscribe to. `ping` (POST /api/webhooks/:id/test) goes to its one endpoint, unasked. */
export const EVENT_TYPES = ['submission.created', 'submission.graded', 'grade.updated'] as const;
export type SubscribableEvent = (typeof EVENT_TYPES)[number];
export type EventType = SubscribableEvent | 'ping';

/** Every body: `{ type, timestamp, data }` — the Standard Webhooks shape. */
export interface WebhookBody<T = unknown> {
  type: EventType;
  /** When the event happened (ISO 8601), not when this attempt was sent: the same on every retry. */
  timestamp: string;
  data: T;
}

export interface StudentRef {
  id: string;
  email: string;
  name: string;
  /** The LMS's id of this student, when an LMS has told us (an inbound submission, or a link made by one). */
  lmsUserId: string | null;
}

export interface SubmissionCreatedData {
  submissionId: string;
  submissionUrl: string;
  assignment: string;
  student: StudentRef;
  /** The student's 1st, 2nd, … submission to this assignment. */
  attempt: number;
  filename: string;
  createdAt: string;
}

export interface SubmissionGradedData {
  submissionId: string;
  submissionUrl: string;
  assignment: string;
  student: StudentRef;
  attempt: number;
  /** graded, rejected (could not be run as written), or error (ours: never a score). */
  status: ReportStatus;
  verdict: Verdict | null;
  /** After the late penalty; null for status error. */
  score: number | null;
  maxScore: number | null;
  latePenalty: number;
  /** Baseline time / submission time, measured side by side; null when not measured. */
  speedup: number | null;
  peakMemoryBytes: number | null;
  message: string | null;
  gradedAt: string | null;
}

export interface GradeUpdatedData {
  assignment: string;
  student: StudentRef;
  /** Increases by one with every change of this student's grade for this assignment: apply only a higher one. */
  version: number;
  /** Which submission is the grade, per the assignment's policy. */
  counts: 'best' | 'last';
  score: number | null;
  maxScore: number | null;
  submissionId: string | null;
  submissionUrl: string | null;
  previous: { score: number | null; maxScore: number | null; submissionId: string | null } | null;
  updatedAt: string;
}

export interface PingData {
  endpointId: string;
  message: string;
}
