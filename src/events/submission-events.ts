import { Inject, Injectable } from '@nestjs/common';
import type { Tx } from '../database/transactions.js';

/**
 * What happened to a submission, told inside the transaction that made it happen, so whatever a listener
 * writes (a webhook event; later an LTI grade passback) is committed exactly when its cause is: a rolled-back
 * submission announces nothing, and a committed grade cannot be lost on the way out.
 */
export interface SubmissionEventListener {
  /** The submission and its grading job were stored. */
  submissionCreated(tx: Tx, submissionId: string): Promise<void>;
  /** A (re)grade wrote its result, graded or rejected. Called after the result is written. */
  submissionGraded(tx: Tx, submissionId: string): Promise<void>;
  /** Grading failed for good (no tries left). Called after the failure is written. */
  submissionFailed(tx: Tx, submissionId: string): Promise<void>;
}

/** The listeners, in the order they hear each event; chosen once, at the composition root (submission-events.module.ts). */
export const SUBMISSION_EVENT_LISTENERS = Symbol('SubmissionEventListeners');

/**
 * The port the emitters (the submissions API, the grading workers) call. They sit below the listeners in the
 * layers, so they know only this, never the outbox; each event goes to every listener in turn, in the caller's
 * transaction.
 */
@Injectable()
export class SubmissionEvents implements SubmissionEventListener {
  constructor(@Inject(SUBMISSION_EVENT_LISTENERS) private readonly listeners: SubmissionEventListener[]) {}

  async submissionCreated(tx: Tx, submissionId: string): Promise<void> {
    for (const listener of this.listeners) await listener.submissionCreated(tx, submissionId);
  }

  async submissionGraded(tx: Tx, submissionId: string): Promise<void> {
    for (const listener of this.listeners) await listener.submissionGraded(tx, submissionId);
  }

  async submissionFailed(tx: Tx, submissionId: string): Promise<void> {
    for (const listener of this.listeners) await listener.submissionFailed(tx, submissionId);
  }
}
