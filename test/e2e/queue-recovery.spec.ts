import request from 'supertest';
import { JobsRepository, type ClaimedJob } from '../../src/queue/jobs.repository.js';
import { Transactions } from '../../src/database/transactions.js';
import { GradingProcessor } from '../../src/queue/grading.processor.js';
import type { Report } from '../../src/grading/report.types.js';
import { databasesUnderTest } from './support/test-database.js';
import { GOOD_SOLUTION, newStudent, readEvents, startTestApp, submitFile, type TestApp } from './support/test-app.js';

/**
 * The queue's promises, on both databases, driving the real worker code (claim, grade, write back) by hand so
 * each step can be observed: an expired lease is claimed again, a stale worker cannot write, infrastructure
 * failures are retried then reported honestly, and a released job goes back untouched.
 */
describe.each(databasesUnderTest())('queue recovery on %s', (kind) => {
  let t: TestApp;
  let jobs: JobsRepository;
  let processor: GradingProcessor;

  beforeAll(async () => {
    t = await startTestApp(kind, 'queue', { GRADER_CONCURRENCY: '0', JOB_LEASE_S: '2', JOB_MAX_ATTEMPTS: '2' });
    jobs = t.app.get(JobsRepository);
    processor = t.app.get(GradingProcessor);
  });

  afterAll(async () => {
    await t?.close();
  });

  const view = async (token: string, id: string) => (await request(t.server).get(`/api/submissions/${id}`).auth(token, { type: 'bearer' }).expect(200)).body;

  async function claimFor(submissionId: string, owner: string, leaseS: number): Promise<ClaimedJob> {
    const job = await jobs.claim(owner, leaseS);
    expect(job?.submissionId).toBe(submissionId);
    return job!;
  }

  it('claims a job again once its worker stopped renewing the lease; the stale worker cannot write', async () => {
    const student = await newStudent(t);
    const { body } = await submitFile(t, student.token, 'sum-squares', GOOD_SOLUTION).expect(202);
    const dead = await claimFor(body.id, 'dead-worker/0', 2);
    expect((await view(student.token, body.id)).status).toBe('running');
    await expect(jobs.claim('live-worker/0', 30)).resolves.toBeNull();

    await new Promise((resolve) => setTimeout(resolve, 2500));
    const live = await claimFor(body.id, 'live-worker/0', 30);
    expect(live).toMatchObject({ id: dead.id, attempt: 2, failures: 1, leaseExpired: true });
    await processor.run(live, t.config.graderCores);
    const graded = await view(student.token, body.id);
    expect(graded).toMatchObject({ status: 'graded', report: { verdict: 'accepted' } });

    // The first worker comes back to life and tries to write its own result: refused, nothing changes.
    const stale: Report = { ...graded.report, score: 0, message: 'stale result' };
    await expect(t.app.get(Transactions).run((tx) => jobs.complete(tx, dead, stale, 'ignored'))).resolves.toBe(false);
    await expect(jobs.renew(dead, 30, null)).resolves.toBe(false);
    expect(await view(student.token, body.id)).toEqual(graded);
    await expect(jobs.attemptsOf(body.id)).resolves.toEqual([
      { attempt: 1, worker: 'dead-worker/0', outcome: 'lease_expired' },
      { attempt: 2, worker: 'live-worker/0', outcome: 'graded' },
    ]);
  });

  it('retries an infrastructure failure, then reports it as not the student\'s fault, never as a score', async () => {
    const student = await newStudent(t);
    const { body } = await submitFile(t, student.token, 'broken-generator', GOOD_SOLUTION).expect(202);
    const events = readEvents(t, student.token, body.id);

    await processor.run(await claimFor(body.id, 'worker/0', 30), t.config.graderCores);
    const waiting = await view(student.token, body.id);
    expect(waiting).toMatchObject({ status: 'queued', queue: { state: 'queued' } });
    expect(waiting.message).toMatch(/An earlier try failed on our side; it will be retried\./);

    await processor.run(await claimFor(body.id, 'worker/0', 30), t.config.graderCores);
    const failed = await view(student.token, body.id);
    expect(failed).toMatchObject({ status: 'error', score: null, report: { status: 'error', score: null } });
    expect(failed.message).toMatch(/^The grader could not grade this submission \(tried 2 times; last problem: .*case generator.*\)\. This is not your fault/);
    await expect(jobs.attemptsOf(body.id)).resolves.toEqual([
      { attempt: 1, worker: 'worker/0', outcome: 'error' },
      { attempt: 2, worker: 'worker/0', outcome: 'error' },
    ]);
    await expect(jobs.claim('worker/0', 30)).resolves.toBeNull();
    const done = (await events).at(-1)!;
    expect(done).toEqual({ event: 'done', data: { status: 'error', score: null, maxScore: null, message: failed.message } });
  });

  it('hands a released job back untouched, for the next claim', async () => {
    const student = await newStudent(t);
    const { body } = await submitFile(t, student.token, 'sum-squares', GOOD_SOLUTION).expect(202);
    const first = await claimFor(body.id, 'stopping-worker/0', 30);
    await expect(jobs.release(first)).resolves.toBe(true);
    expect((await view(student.token, body.id)).status).toBe('queued');
    const next = await claimFor(body.id, 'worker/1', 30);
    expect(next).toMatchObject({ attempt: 2, failures: 0, leaseExpired: false });
    await expect(jobs.release(next)).resolves.toBe(true);
    await expect(jobs.attemptsOf(body.id)).resolves.toEqual([
      { attempt: 1, worker: 'stopping-worker/0', outcome: 'released' },
      { attempt: 2, worker: 'worker/1', outcome: 'released' },
    ]);
  });
});
