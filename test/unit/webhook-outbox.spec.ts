import { ConfigService } from '../../src/config/config.service.js';
import { CommitCallbacks } from '../../src/database/after-commit.js';
import type { Tx } from '../../src/database/transactions.js';
import type { GradeCandidate } from '../../src/submissions/submissions.repository.js';
import type { CountedGrade, CountedGradesRepository } from '../../src/webhooks/counted-grades.repository.js';
import type { NewEvent, SubmissionFacts, WebhookEventsRepository } from '../../src/webhooks/webhook-events.repository.js';
import type { EventType, GradeUpdatedData, SubmissionGradedData, WebhookBody } from '../../src/webhooks/webhook-events.types.js';
import { WebhookOutbox } from '../../src/webhooks/webhook-outbox.service.js';
import { WebhookSignal } from '../../src/webhooks/webhook-signal.js';
import { TestClock } from '../support/fakes.js';

/**
 * The outbox's orchestration against in-memory tables: which events a grade produces, and the counted grade's
 * versions (grade.updated), which only go up and only move when the grade the LMS should show changes.
 */
function submission(id: string, score: number | null, overrides: Partial<SubmissionFacts> = {}): SubmissionFacts {
  return {
    id,
    attempt: Number(id.slice(1)),
    filename: 'solution.py',
    status: 'graded',
    score,
    maxScore: 100,
    latePenalty: 0,
    verdict: 'accepted',
    speedup: 12.5,
    peakMemoryBytes: 1000,
    message: 'All cases correct.',
    createdAt: new Date(`2026-03-0${id.slice(1)}T10:00:00Z`),
    gradedAt: new Date(`2026-03-0${id.slice(1)}T10:01:00Z`),
    slug: 'sum-squares',
    assignmentId: 'a1',
    counts: 'best',
    userId: 'u1',
    email: 'ada@uni.test',
    name: 'Ada',
    lmsUserId: 'lms-7',
    ...overrides,
  };
}

function outboxWith(subscribed: EventType[]) {
  const submissions = new Map<string, SubmissionFacts>();
  const published: (WebhookBody & { deliveries: number })[] = [];
  let counted: CountedGrade = { submissionId: null, score: null, maxScore: null, version: 0 };
  const events = {
    hasSubscribers: async (_tx: Tx, type: EventType) => subscribed.includes(type),
    submissionFacts: async (_tx: Tx, id: string) => submissions.get(id) ?? null,
    insert: async (_tx: Tx, event: NewEvent) => {
      const deliveries = subscribed.includes(event.type as EventType) ? ['delivery'] : [];
      published.push({ ...(JSON.parse(event.body) as WebhookBody), deliveries: deliveries.length });
      return deliveries;
    },
  } as unknown as WebhookEventsRepository;
  const grades = {
    lock: async () => counted,
    candidates: async (): Promise<GradeCandidate[]> =>
      [...submissions.values()]
        .filter((s) => s.status === 'graded' || s.status === 'rejected')
        .map((s) => ({ userId: s.userId, email: s.email, name: s.name, submissionId: s.id, status: s.status, score: s.score, maxScore: s.maxScore, latePenalty: s.latePenalty, createdAt: s.createdAt })),
    save: async (_tx: Tx, _user: string, _assignment: string, grade: CountedGrade) => {
      counted = grade;
    },
  } as unknown as CountedGradesRepository;
  const signal = new WebhookSignal();
  const outbox = new WebhookOutbox(events, grades, signal, new ConfigService({ PUBLIC_URL: 'https://grader.example' }), new TestClock());
  const tx = () => ({ queryRunner: { data: {}, isReleased: false } }) as unknown as Tx;
  const graded = async (facts: SubmissionFacts) => {
    submissions.set(facts.id, facts);
    await outbox.submissionGraded(tx(), facts.id);
  };
  return { outbox, published, signal, tx, graded, submissions, counted: () => counted };
}

const gradeUpdates = (published: WebhookBody[]) => published.filter((e) => e.type === 'grade.updated').map((e) => e.data as GradeUpdatedData);

describe('the webhook outbox', () => {
  it('announces a first grade as submission.graded and grade.updated version 1', async () => {
    const { published, graded } = outboxWith(['submission.graded', 'grade.updated']);
    await graded(submission('s1', 80));
    expect(published.map((e) => e.type)).toEqual(['submission.graded', 'grade.updated']);
    expect(published[0].data as SubmissionGradedData).toMatchObject({ submissionId: 's1', submissionUrl: 'https://grader.example/submissions/s1', status: 'graded', score: 80, student: { lmsUserId: 'lms-7' } });
    expect(gradeUpdates(published)).toEqual([
      expect.objectContaining({ version: 1, score: 80, submissionId: 's1', previous: null, counts: 'best', updatedAt: '2026-03-02T09:00:00.000Z' }),
    ]);
  });

  it('numbers each change of the counted grade once; a grade that does not change it announces no grade.updated', async () => {
    const { published, graded, counted } = outboxWith(['submission.graded', 'grade.updated']);
    await graded(submission('s1', 80));
    await graded(submission('s2', 50)); // worse: under "best" the grade stays s1's
    await graded(submission('s1', 80)); // a regrade with the same score
    await graded(submission('s3', 90));
    expect(published.filter((e) => e.type === 'submission.graded')).toHaveLength(4);
    expect(gradeUpdates(published).map(({ version, score, submissionId, previous }) => ({ version, score, submissionId, previous }))).toEqual([
      { version: 1, score: 80, submissionId: 's1', previous: null },
      { version: 2, score: 90, submissionId: 's3', previous: { score: 80, maxScore: 100, submissionId: 's1' } },
    ]);
    expect(counted()).toEqual({ submissionId: 's3', score: 90, maxScore: 100, version: 2 });
  });

  it('under "last", a worse newer submission is the next version', async () => {
    const { published, graded } = outboxWith(['grade.updated']);
    await graded(submission('s1', 80, { counts: 'last' }));
    await graded(submission('s2', 50, { counts: 'last' }));
    expect(gradeUpdates(published).map((g) => [g.version, g.score])).toEqual([
      [1, 80],
      [2, 50],
    ]);
  });

  it('keeps counting versions while nobody subscribes, so a receiver added later still sees them only go up', async () => {
    const { published, graded, counted } = outboxWith([]);
    await graded(submission('s1', 40));
    await graded(submission('s2', 60));
    expect(published).toEqual([]);
    expect(counted()).toMatchObject({ version: 2, score: 60 });
  });

  it('announces a final failure as status error without a score, and never counts it as a grade', async () => {
    const { outbox, published, tx, submissions, counted } = outboxWith(['submission.graded', 'grade.updated']);
    submissions.set('s1', submission('s1', null, { status: 'error', verdict: null, maxScore: null, message: null }));
    await outbox.submissionGraded(tx(), 's1'); // not a result: nothing
    await outbox.submissionFailed(tx(), 's1');
    expect(published.map((e) => e.type)).toEqual(['submission.graded']);
    expect(published[0].data).toMatchObject({ status: 'error', verdict: 'error', score: null, maxScore: null, message: expect.stringMatching(/not the student's fault/) });
    expect(counted().version).toBe(0);
  });

  it('says nothing about a failed regrade: the earlier result still stands', async () => {
    const { outbox, published, tx, submissions } = outboxWith(['submission.graded']);
    submissions.set('s1', submission('s1', 80));
    await outbox.submissionFailed(tx(), 's1');
    expect(published).toEqual([]);
  });

  it('stores submission.created only when an endpoint wants it', async () => {
    const quiet = outboxWith([]);
    quiet.submissions.set('s1', submission('s1', null, { status: 'queued' }));
    await quiet.outbox.submissionCreated(quiet.tx(), 's1');
    expect(quiet.published).toEqual([]);
    const listened = outboxWith(['submission.created']);
    listened.submissions.set('s1', submission('s1', null, { status: 'queued' }));
    await listened.outbox.submissionCreated(listened.tx(), 's1');
    expect(listened.published).toEqual([expect.objectContaining({ type: 'submission.created', data: expect.objectContaining({ submissionId: 's1', attempt: 1 }) })]);
  });

  it('wakes the senders once the transaction that wrote deliveries commits, never before and never after a rollback', async () => {
    const { outbox, signal, tx, submissions } = outboxWith(['submission.graded']);
    let woken = 0;
    signal.onDue(() => woken++);
    const callbacks = new CommitCallbacks({} as never);
    submissions.set('s1', submission('s1', 80));
    const committed = tx();
    await outbox.submissionGraded(committed, 's1');
    await outbox.submissionGraded(committed, 's1');
    expect(woken).toBe(0);
    callbacks.afterTransactionCommit({ queryRunner: committed.queryRunner } as never);
    expect(woken).toBe(1);
    const rolledBack = tx();
    await outbox.submissionGraded(rolledBack, 's1');
    callbacks.afterTransactionRollback({ queryRunner: rolledBack.queryRunner } as never);
    callbacks.afterTransactionCommit({ queryRunner: rolledBack.queryRunner } as never);
    expect(woken).toBe(1);
  });
});
