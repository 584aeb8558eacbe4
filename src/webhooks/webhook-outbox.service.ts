import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Clock } from '../common/clock.js';
import { ConfigService } from '../config/config.service.js';
import { afterCommit } from '../database/after-commit.js';
import type { Tx } from '../database/transactions.js';
import type { SubmissionEventListener } from '../events/submission-events.js';
import { countedGradeChange } from './counted-grade.js';
import { CountedGradesRepository } from './counted-grades.repository.js';
import { studentOf, submissionCreatedData, submissionGradedData, submissionUrl } from './event-payloads.js';
import { WebhookEventsRepository, type SubmissionFacts } from './webhook-events.repository.js';
import type { EventType, GradeUpdatedData, PingData, WebhookBody } from './webhook-events.types.js';
import { WebhookSignal } from './webhook-signal.js';

/**
 * Where events are born: every method writes inside the caller's transaction, so an event exists exactly when
 * its cause was committed — a rolled-back submission announces nothing, and a committed grade cannot be lost
 * between the database and the network. Sending is the delivery workers' business.
 */
@Injectable()
export class WebhookOutbox implements SubmissionEventListener {
  constructor(
    private readonly events: WebhookEventsRepository,
    private readonly grades: CountedGradesRepository,
    private readonly signal: WebhookSignal,
    private readonly config: ConfigService,
    private readonly clock: Clock,
  ) {}

  async submissionCreated(tx: Tx, submissionId: string): Promise<void> {
    if (!(await this.events.hasSubscribers(tx, 'submission.created'))) return;
    const facts = await this.events.submissionFacts(tx, submissionId);
    if (facts) await this.publish(tx, 'submission.created', submissionCreatedData(facts, this.config.publicUrl));
  }

  /**
   * A (re)grade wrote its result (graded or rejected): `submission.graded`, and `grade.updated` when that
   * changed the student's counted grade. Call after the result is written.
   */
  async submissionGraded(tx: Tx, submissionId: string): Promise<void> {
    const facts = await this.events.submissionFacts(tx, submissionId);
    if (!facts || (facts.status !== 'graded' && facts.status !== 'rejected')) return;
    await this.announceResult(tx, facts);
    await this.updateCountedGrade(tx, facts);
  }

  /**
   * Grading failed for good. Only a submission that now shows our error is announced (status "error", no
   * score); a failed regrade leaves the earlier result standing, so there is nothing new to say. Our errors
   * are not grades: they never change what counts.
   */
  async submissionFailed(tx: Tx, submissionId: string): Promise<void> {
    const facts = await this.events.submissionFacts(tx, submissionId);
    if (facts?.status === 'error') await this.announceResult(tx, facts);
  }

  /** A `ping` to one endpoint; returns its delivery's id. */
  async ping(tx: Tx, endpointId: string): Promise<{ eventId: string; deliveryId: string | undefined }> {
    const data: PingData = { endpointId, message: 'A test event from perfgrade: if you can read this, deliveries to this endpoint work.' };
    const { eventId, deliveryIds } = await this.publish(tx, 'ping', data, endpointId);
    return { eventId, deliveryId: deliveryIds[0] };
  }

  private async announceResult(tx: Tx, facts: SubmissionFacts): Promise<void> {
    if (await this.events.hasSubscribers(tx, 'submission.graded')) {
      await this.publish(tx, 'submission.graded', submissionGradedData(facts, this.config.publicUrl));
    }
  }

  /**
   * The version is kept (and counted) whether or not anyone subscribes at the moment, so an endpoint added
   * later still sees versions that only go up.
   */
  private async updateCountedGrade(tx: Tx, facts: SubmissionFacts): Promise<void> {
    const now = this.clock.now();
    const previous = await this.grades.lock(tx, facts.userId, facts.assignmentId, now);
    const candidates = await this.grades.candidates(tx, facts.userId, facts.assignmentId);
    const next = countedGradeChange(previous, candidates, facts.counts);
    if (!next) return;
    await this.grades.save(tx, facts.userId, facts.assignmentId, next, now);
    if (!(await this.events.hasSubscribers(tx, 'grade.updated'))) return;
    const data: GradeUpdatedData = {
      assignment: facts.slug,
      student: studentOf(facts),
      version: next.version,
      counts: facts.counts,
      score: next.score,
      maxScore: next.maxScore,
      submissionId: next.submissionId,
      submissionUrl: next.submissionId ? submissionUrl(this.config.publicUrl, next.submissionId) : null,
      previous: previous.version === 0 ? null : { score: previous.score, maxScore: previous.maxScore, submissionId: previous.submissionId },
      updatedAt: now.toISOString(),
    };
    await this.publish(tx, 'grade.updated', data);
  }

  /**
   * Any event, to every endpoint subscribed to its type (or to `endpointId` alone). The methods above are how
   * the application publishes; the benchmark publishes synthetic events through this.
   */
  async publish(tx: Tx, type: EventType, data: unknown, endpointId: string | null = null): Promise<{ eventId: string; deliveryIds: string[] }> {
    const now = this.clock.now();
    const eventId = randomUUID();
    const body: WebhookBody = { type, timestamp: now.toISOString(), data };
    const deliveryIds = await this.events.insert(tx, { id: eventId, type, body: JSON.stringify(body), createdAt: now }, endpointId);
    // Senders here wake the moment the deliveries can be read, instead of at their next poll.
    if (deliveryIds.length > 0) afterCommit(tx, 'webhook-deliveries', () => this.signal.announce());
    return { eventId, deliveryIds };
  }
}
