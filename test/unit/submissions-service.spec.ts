import type { Caller } from '../../src/accounts/caller.js';
import type { UsersRepository } from '../../src/accounts/users.repository.js';
import type { CurrentAssignment } from '../../src/catalog/assignment-records.repository.js';
import type { AssignmentCatalog } from '../../src/catalog/assignment-catalog.service.js';
import { DomainError } from '../../src/common/domain-error.js';
import type { Tx } from '../../src/database/transactions.js';
import type { SubmissionEvents } from '../../src/events/submission-events.js';
import { SubmissionRejected } from '../../src/grading/grading.errors.js';
import type { FailureRecord } from '../../src/queue/job-failure.js';
import type { QueueService, QueueStanding } from '../../src/queue/queue.service.js';
import type { AttemptHistory, NewSubmission, SubmissionRecord, SubmissionsRepository } from '../../src/submissions/submissions.repository.js';
import { SubmissionsService } from '../../src/submissions/submissions.service.js';
import { fakeTransactions, TestClock } from '../support/fakes.js';

/**
 * Submitting and reading a submission, against plain fakes: what is stored, in which transaction, what is
 * queued and announced — and, when the policy or the file says no, that nothing is.
 */
const TX = { transaction: 'one' } as unknown as Tx;
const NOW = new Date('2026-03-10T12:00:00Z');
const STUDENT: Caller = { id: 'u1', email: 'ada@uni.test', name: 'Ada', role: 'student' };
const INSTRUCTOR: Caller = { id: 'i1', email: 'grace@uni.test', name: 'Grace', role: 'instructor' };
const SOURCE = { bytes: Buffer.from('def sum_squares(n):\n    return 0\n'), filename: 'solution.py' };

function assignment(policy: Partial<CurrentAssignment['version']['definition']['policy']> = {}): CurrentAssignment {
  return {
    assignment: { id: 'a1', slug: 'sum-squares', title: 'Sum of squares', currentVersionId: 'v1', available: true, createdAt: NOW, updatedAt: NOW },
    version: {
      id: 'v1',
      assignmentId: 'a1',
      contentHash: 'abc',
      createdAt: NOW,
      files: { readme: '', baseline: '', reference: '', generator: '' },
      definition: { policy: { latePenalty: { perDay: 0, max: 0 }, cooldownS: 60, counts: 'best', leaderboard: false, ...policy } } as CurrentAssignment['version']['definition'],
    },
  };
}

function record(overrides: Partial<SubmissionRecord> = {}): SubmissionRecord {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    slug: 'sum-squares',
    assignmentTitle: 'Sum of squares',
    userId: 'u1',
    userEmail: 'ada@uni.test',
    userName: 'Ada',
    attempt: 1,
    filename: 'solution.py',
    status: 'queued',
    latePenalty: 0,
    score: null,
    maxScore: null,
    createdAt: NOW,
    gradedAt: null,
    report: null,
    ...overrides,
  };
}

function serviceWith(options: { current?: CurrentAssignment; history?: AttemptHistory; found?: SubmissionRecord; standing?: QueueStanding | null; lastFailure?: FailureRecord | null } = {}) {
  const log: string[] = [];
  const inserted: NewSubmission[] = [];
  const submissions = {
    history: async (tx: Tx) => (log.push(`history:${tx === TX}`), options.history ?? { total: 0, counted: 0, lastAt: null }),
    insert: async (tx: Tx, submission: NewSubmission) => (log.push(`insert:${tx === TX}`), inserted.push(submission), { id: 'sub-1', createdAt: NOW }),
    find: async () => options.found ?? null,
  } as unknown as SubmissionsRepository;
  const catalog = { forSubmission: async () => options.current ?? assignment(), find: async () => options.current ?? assignment() } as unknown as AssignmentCatalog;
  const queue = {
    enqueue: async (tx: Tx) => (log.push(`enqueue:${tx === TX}`), 'job-1'),
    announce: () => log.push('announce'),
    standing: async () => options.standing ?? null,
    lastFailure: async () => options.lastFailure ?? null,
  } as unknown as QueueService;
  const users = { lock: async (_id: string, tx: Tx) => log.push(`lock:${tx === TX}`) } as unknown as UsersRepository;
  const transactions = fakeTransactions(TX, log);
  const events = { submissionCreated: async (tx: Tx, id: string) => log.push(`created:${id}:${tx === TX}`) } as unknown as SubmissionEvents;
  const service = new SubmissionsService(submissions, catalog, queue, users, transactions, new TestClock(NOW), events);
  return { service, log, inserted };
}

async function refusalOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a refusal');
}

describe('submitting', () => {
  it('stores the submission, queues it and announces it in one transaction, under the student\'s lock; wakes workers after the commit', async () => {
    const { service, log, inserted } = serviceWith({ history: { total: 2, counted: 1, lastAt: null } });
    await expect(service.submit(STUDENT, 'sum-squares', SOURCE)).resolves.toEqual({ id: 'sub-1', status: 'queued' });
    expect(log).toEqual(['begin', 'lock:true', 'history:true', 'insert:true', 'enqueue:true', 'created:sub-1:true', 'commit', 'announce']);
    expect(inserted).toEqual([{ userId: 'u1', assignmentId: 'a1', versionId: 'v1', attempt: 3, filename: 'solution.py', source: SOURCE.bytes.toString(), latePenalty: 0 }]);
  });

  it('stores what must commit with the submission (an LMS request\'s record) in the same transaction, before the event', async () => {
    const { service, log } = serviceWith();
    await service.submit(STUDENT, 'sum-squares', SOURCE, async (tx, id) => void log.push(`also:${id}:${tx === TX}`));
    expect(log).toEqual(['begin', 'lock:true', 'history:true', 'insert:true', 'enqueue:true', 'also:sub-1:true', 'created:sub-1:true', 'commit', 'announce']);
  });

  it('records the late penalty of the moment it was submitted', async () => {
    const { service, inserted } = serviceWith({ current: assignment({ deadline: '2026-03-09T12:00:00Z', latePenalty: { perDay: 0.1, max: 0.5 } }) });
    await service.submit(STUDENT, 'sum-squares', SOURCE);
    expect(inserted[0].latePenalty).toBe(0.1);
  });

  it('refuses inside the cooldown and stores, queues and announces nothing', async () => {
    const { service, log } = serviceWith({ history: { total: 1, counted: 1, lastAt: new Date(NOW.getTime() - 20_000) } });
    const refusal = (await refusalOf(service.submit(STUDENT, 'sum-squares', SOURCE))) as DomainError;
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ kind: 'too_many', retryAfterS: 40, status: 429 });
    expect(log).toEqual(['begin', 'lock:true', 'history:true']);
  });

  it('lets instructors past the limits, at no penalty', async () => {
    const { service, inserted } = serviceWith({
      current: assignment({ deadline: '2026-03-01T12:00:00Z', maxAttempts: 1 }),
      history: { total: 4, counted: 4, lastAt: new Date(NOW.getTime() - 1000) },
    });
    await service.submit(INSTRUCTOR, 'sum-squares', SOURCE);
    expect(inserted[0]).toMatchObject({ attempt: 5, latePenalty: 0 });
  });

  it('refuses a file that cannot be graded before opening a transaction', async () => {
    const { service, log } = serviceWith();
    const refusal = await refusalOf(service.submit(STUDENT, 'sum-squares', { bytes: Buffer.from('x = 1\n'), filename: 'notes.txt' }));
    expect(refusal).toBeInstanceOf(SubmissionRejected);
    expect(log).toEqual([]);
  });
});

describe('reading a submission', () => {
  it('says our error in words made from the recorded failure', async () => {
    const { service } = serviceWith({
      found: record({ status: 'error' }),
      lastFailure: { failure: { kind: 'grading_error', detail: 'the case generator failed' }, gaveUpAfter: 2 },
    });
    const view = await service.get(STUDENT, '11111111-1111-4111-8111-111111111111');
    expect(view.message).toBe(
      'The grader could not grade this submission (tried 2 times; last problem: the case generator failed). This is not your fault and does not count against you: an instructor can regrade it.',
    );
  });

  it('tells instructors why an earlier try failed, and students only that it was ours', async () => {
    const standing: QueueStanding = { state: 'queued', kind: 'grade', position: 2, lastFailure: { failure: { kind: 'worker_lost' } } };
    const { service } = serviceWith({ found: record(), standing });
    expect((await service.get(STUDENT, '11111111-1111-4111-8111-111111111111')).message).toBe(
      'Waiting to be graded: number 2 in the queue. An earlier try failed on our side; it will be retried.',
    );
    expect((await service.get(INSTRUCTOR, '11111111-1111-4111-8111-111111111111')).message).toBe(
      'Waiting to be graded: number 2 in the queue. An earlier try failed (the grading machine stopped while grading it); it will be retried.',
    );
  });

  it('hides someone else\'s submission as not found', async () => {
    const { service } = serviceWith({ found: record({ userId: 'someone-else' }) });
    await expect(service.get(STUDENT, '11111111-1111-4111-8111-111111111111')).rejects.toMatchObject({ kind: 'not_found' });
  });
});
