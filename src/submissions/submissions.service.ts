import { Injectable } from '@nestjs/common';
import { isStaff, type Caller } from '../accounts/caller.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { Transactions, type Tx } from '../database/transactions.js';
import { SubmissionEvents } from '../events/submission-events.js';
import { decodeSource } from '../grading/source-check.js';
import { QueueService } from '../queue/queue.service.js';
import { UsersRepository } from '../accounts/users.repository.js';
import { AssignmentCatalog } from '../catalog/assignment-catalog.service.js';
import { admitSubmission } from './submission-policy.js';
import type { Upload } from './submission-upload.js';
import { submissionView, summaryView } from './submission-views.js';
import type { SubmissionAcceptedDto, SubmissionDto, SubmissionSummaryDto } from './submission.dto.js';
import { SUBMISSION_STATUSES, type SubmissionStatus } from './submission-status.js';
import { SubmissionsRepository, type SubmissionRecord } from './submissions.repository.js';

export interface SubmissionQuery {
  assignment?: string;
  /** Instructors only: a student's email or id. */
  student?: string;
  status?: string;
  limit?: string;
  offset?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class SubmissionsService {
  constructor(
    private readonly submissions: SubmissionsRepository,
    private readonly catalog: AssignmentCatalog,
    private readonly queue: QueueService,
    private readonly users: UsersRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly events: SubmissionEvents,
  ) {}

  /**
   * Checks the file (size, .py, strict UTF-8, no NUL) and the policy, then stores the submission and its
   * grading job in one transaction. A refused request stores nothing. `inSameTransaction` stores what must
   * commit with the submission (an LMS request's idempotency record).
   */
  async submit(caller: Caller, slug: string, upload: Upload, inSameTransaction?: (tx: Tx, submissionId: string) => Promise<void>): Promise<SubmissionAcceptedDto> {
    const { assignment, version } = await this.catalog.forSubmission(caller, slug);
    const source = decodeSource(upload.bytes, upload.filename);
    const created = await this.transactions.run(async (tx) => {
      // One submission per student at a time: the attempt count and the cooldown are read and used under this lock.
      await this.users.lock(caller.id, tx);
      const history = await this.submissions.history(tx, caller.id, assignment.id);
      const { latePenalty } = admitSubmission(version.definition.policy, history, this.clock.now(), assignment.title, isStaff(caller));
      const submission = await this.submissions.insert(tx, {
        userId: caller.id,
        assignmentId: assignment.id,
        versionId: version.id,
        attempt: history.total + 1,
        filename: upload.filename,
        source,
        latePenalty,
      });
      await this.queue.enqueue(tx, submission.id);
      await inSameTransaction?.(tx, submission.id);
      await this.events.submissionCreated(tx, submission.id);
      return submission;
    });
    this.queue.announce();
    return { id: created.id, status: 'queued' };
  }

  async get(caller: Caller, id: string): Promise<SubmissionDto> {
    const record = await this.readable(caller, id);
    const standing = record.status === 'error' ? null : await this.queue.standing(id);
    const lastFailure = record.status === 'error' ? await this.queue.lastFailure(id) : null;
    return submissionView(record, standing, lastFailure, caller);
  }

  /** A student's own submissions; instructors see everyone's, optionally one student's. Newest first. */
  async list(caller: Caller, query: SubmissionQuery): Promise<SubmissionSummaryDto[]> {
    const limit = boundedInt(query.limit, 'limit', 100, 1, 500);
    const offset = boundedInt(query.offset, 'offset', 0, 0, 1_000_000);
    const status = query.status === undefined || query.status === '' ? undefined : statusOf(query.status);
    const assignmentId = query.assignment ? (await this.catalog.find(caller, query.assignment)).assignment.id : undefined;
    const userId = isStaff(caller) ? await this.studentId(query.student) : caller.id;
    const records = await this.submissions.list({ userId, assignmentId, status, limit, offset });
    return records.map(summaryView);
  }

  async source(caller: Caller, id: string): Promise<{ filename: string; source: string }> {
    const found = UUID.test(id) ? await this.submissions.source(id) : null;
    if (!found || (found.userId !== caller.id && !isStaff(caller))) throw notFound(id);
    return { filename: found.filename, source: found.source };
  }

  /** Regrades every submission of the assignment with its current version, behind all new submissions. */
  async regrade(caller: Caller, slug: string): Promise<{ queued: number }> {
    const { assignment } = await this.catalog.find(caller, slug);
    const queued = await this.transactions.run((tx) => this.queue.enqueueRegrades(tx, assignment.id));
    this.queue.announce();
    return { queued };
  }

  /** The submission, if the caller may read it. Someone else's is "not found", not "forbidden": ids are not confirmed. */
  async readable(caller: Caller, id: string): Promise<SubmissionRecord> {
    const record = UUID.test(id) ? await this.submissions.find(id) : null;
    if (!record || (record.userId !== caller.id && !isStaff(caller))) throw notFound(id);
    return record;
  }

  private async studentId(student: string | undefined): Promise<string | undefined> {
    if (!student) return undefined;
    if (UUID.test(student)) return student;
    const user = await this.users.findByEmail(student);
    if (!user) throw new DomainError('not_found', `There is no user with the email ${student}.`);
    return user.id;
  }
}

function notFound(id: string): DomainError {
  return new DomainError('not_found', `There is no submission ${id} of yours.`);
}

function statusOf(value: string): SubmissionStatus {
  if ((SUBMISSION_STATUSES as readonly string[]).includes(value)) return value as SubmissionStatus;
  throw new DomainError('invalid', `status: must be one of ${SUBMISSION_STATUSES.join(', ')}.`);
}

function boundedInt(raw: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new DomainError('invalid', `${name}: must be a whole number from ${min} to ${max}.`);
  return value;
}
