import request from 'supertest';
import { WebhookReceiver } from '../../bench/webhooks-receiver.js';
import { databasesUnderTest } from './support/test-database.js';
import { GOOD_SOLUTION, newStudent, startTestApp, submitFile, waitForResult, WRONG_ON_HIDDEN, type TestApp } from './support/test-app.js';

/**
 * The "done when", on the real app with real grading and the real clock: register a webhook to a
 * local receiver, submit, and the receiver gets correctly signed events within seconds of the grade.
 */
describe.each(databasesUnderTest())('webhooks for graded submissions on %s', (kind) => {
  let t: TestApp;
  const secrets = new Map<string, string[]>();
  const receiver = new WebhookReceiver({ secrets });

  beforeAll(async () => {
    await receiver.start();
    t = await startTestApp(kind, 'webhooks_flow', { WEBHOOK_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_POLL_MS: '200' });
  });

  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });

  it('sends signed submission.created, submission.graded and grade.updated (versions only going up) within seconds', async () => {
    const registered = await request(t.server)
      .post('/api/webhooks')
      .auth(t.adminToken, { type: 'bearer' })
      .send({ url: receiver.url('/lms'), events: ['submission.created', 'submission.graded', 'grade.updated'], description: 'course LMS' })
      .expect(201);
    expect(registered.body).toMatchObject({ id: expect.any(String), secret: expect.stringMatching(/^whsec_/), enabled: true, events: ['submission.created', 'submission.graded', 'grade.updated'] });
    secrets.set('/lms', [registered.body.secret]);

    const student = await newStudent(t, 'Ada');
    const worse = (await submitFile(t, student.token, 'sum-squares', WRONG_ON_HIDDEN).expect(202)).body.id;
    const better = (await submitFile(t, student.token, 'sum-squares', GOOD_SOLUTION).expect(202)).body.id;
    const worseResult = await waitForResult(t, student.token, worse);
    const betterResult = await waitForResult(t, student.token, better);

    const graded = (id: string) => receiver.appliedBodies('/lms').find((b) => b.type === 'submission.graded' && b.data.submissionId === id);
    await receiver.waitFor(() => Boolean(graded(worse) && graded(better)), 10_000, 'submission.graded for both');
    const arrival = receiver.requests.find((r) => r.path === '/lms' && JSON.parse(r.body).data.submissionId === better && JSON.parse(r.body).type === 'submission.graded')!;
    expect(arrival.receivedAtMs - Date.parse(betterResult.gradedAt)).toBeLessThan(5000);
    expect(receiver.requests.filter((r) => r.path === '/lms').every((r) => r.verified)).toBe(true);

    expect(graded(better)).toEqual({
      type: 'submission.graded',
      timestamp: expect.any(String),
      data: {
        submissionId: better,
        submissionUrl: `${t.config.publicUrl}/submissions/${better}`,
        assignment: 'sum-squares',
        student: { id: student.id, email: student.email, name: 'Ada', lmsUserId: null },
        attempt: 2,
        status: 'graded',
        verdict: 'accepted',
        score: betterResult.score,
        maxScore: 100,
        latePenalty: 0,
        speedup: betterResult.report.performance.speedup,
        peakMemoryBytes: betterResult.report.memory.peakBytes,
        message: betterResult.report.message,
        gradedAt: betterResult.gradedAt,
      },
    });
    expect(graded(worse)!.data).toMatchObject({ verdict: 'wrong_answer', score: worseResult.score });

    await receiver.waitFor(() => receiver.appliedBodies('/lms').filter((b) => b.type === 'grade.updated').length === 2, 10_000, 'two grade.updated');
    const updates = receiver.appliedBodies('/lms').filter((b) => b.type === 'grade.updated').sort((a, b) => a.data.version - b.data.version);
    expect(updates.map((u) => u.data)).toEqual([
      expect.objectContaining({ assignment: 'sum-squares', version: 1, counts: 'best', score: worseResult.score, submissionId: worse, previous: null }),
      expect.objectContaining({ version: 2, score: betterResult.score, submissionId: better, previous: { score: worseResult.score, maxScore: 100, submissionId: worse } }),
    ]);
    const created = receiver.appliedBodies('/lms').filter((b) => b.type === 'submission.created').map((b) => b.data.submissionId);
    expect(created.sort()).toEqual([worse, better].sort());

    // A third, worse again: graded, but the best grade stands, so no grade.updated.
    const third = (await submitFile(t, student.token, 'sum-squares', WRONG_ON_HIDDEN).expect(202)).body.id;
    await waitForResult(t, student.token, third);
    await receiver.waitFor(() => Boolean(graded(third)), 10_000, 'submission.graded for the third');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(receiver.appliedBodies('/lms').filter((b) => b.type === 'grade.updated')).toHaveLength(2);

    const deliveries = (await request(t.server).get(`/api/webhooks/${registered.body.id}/deliveries`).auth(t.adminToken, { type: 'bearer' }).expect(200)).body;
    expect(deliveries).toHaveLength(8);
    expect(deliveries.every((d: { status: string; attempts: number; lastResponseStatus: number }) => d.status === 'delivered' && d.attempts === 1 && d.lastResponseStatus === 200)).toBe(true);
  });

  it('announces our own final failure as status "error" without a score, and it never changes the grade', async () => {
    const student = await newStudent(t, 'Unlucky');
    const id = (await submitFile(t, student.token, 'broken-generator', GOOD_SOLUTION).expect(202)).body.id;
    const result = await waitForResult(t, student.token, id);
    expect(result.status).toBe('error');
    const graded = () => receiver.appliedBodies('/lms').find((b) => b.type === 'submission.graded' && b.data.submissionId === id);
    await receiver.waitFor(() => Boolean(graded()), 10_000, 'submission.graded for the failed submission');
    expect(graded()!.data).toMatchObject({ status: 'error', verdict: 'error', score: null, maxScore: null, student: { email: student.email } });
    expect(graded()!.data.message).toMatch(/not .*fault/);
    expect(receiver.appliedBodies('/lms').filter((b) => b.type === 'grade.updated' && b.data.student.id === student.id)).toEqual([]);
  });
});
