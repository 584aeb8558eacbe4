import request from 'supertest';
import { databasesUnderTest } from './support/test-database.js';
import { firstEvent, GOOD_SOLUTION, newStudent, startTestApp, submitFile, type TestApp } from './support/test-app.js';

/** The submission policy of each assignment's YAML: refusals say when (or whether) the next attempt is allowed. */
describe.each(databasesUnderTest())('submission policy on %s', (kind) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(kind, 'policy', { GRADER_CONCURRENCY: '0' });
  });

  afterAll(async () => {
    await t?.close();
  });

  async function submissionsOf(token: string, slug: string): Promise<unknown[]> {
    return (await request(t.server).get(`/api/submissions?assignment=${slug}`).auth(token, { type: 'bearer' }).expect(200)).body;
  }

  it('refuses attempts beyond max_attempts with 409', async () => {
    const student = await newStudent(t);
    await submitFile(t, student.token, 'limited-attempts', GOOD_SOLUTION).expect(202);
    const refused = await submitFile(t, student.token, 'limited-attempts', GOOD_SOLUTION).expect(409);
    expect(refused.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'You have used all 1 attempt for "One attempt only", so no further submission is accepted. Your best graded submission is your grade.',
    });
    expect(await submissionsOf(student.token, 'limited-attempts')).toHaveLength(1);
  });

  it('refuses a submission inside the cooldown with 429, Retry-After and the time of the next attempt', async () => {
    const student = await newStudent(t);
    const first = await submitFile(t, student.token, 'cooldown', GOOD_SOLUTION).expect(202);
    const refused = await submitFile(t, student.token, 'cooldown', GOOD_SOLUTION).expect(429);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(3500);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    const created = (await request(t.server).get(`/api/submissions/${first.body.id}`).auth(student.token, { type: 'bearer' })).body.createdAt;
    const next = new Date(new Date(created).getTime() + 3600_000).toISOString();
    expect(refused.body.message).toBe(`Please wait ${retryAfter} s between submissions to "An hour between attempts": your next attempt is allowed at ${next}.`);
    expect(await submissionsOf(student.token, 'cooldown')).toHaveLength(1);
  });

  it('refuses submissions after a hard deadline with 403', async () => {
    const student = await newStudent(t);
    const refused = await submitFile(t, student.token, 'closed', GOOD_SOLUTION).expect(403);
    expect(refused.body.message).toMatch(/deadline of "Closed \(hard deadline passed\)" \(2020-01-01T00:00:00Z\) has passed, and this assignment takes no late submissions/);
    expect(await submissionsOf(student.token, 'closed')).toHaveLength(0);
  });

  it('accepts a late submission with its penalty recorded', async () => {
    const student = await newStudent(t);
    const accepted = await submitFile(t, student.token, 'late', GOOD_SOLUTION).expect(202);
    const submission = await request(t.server).get(`/api/submissions/${accepted.body.id}`).auth(student.token, { type: 'bearer' }).expect(200);
    expect(submission.body).toMatchObject({ status: 'queued', latePenalty: 0.5, queue: { state: 'queued', position: expect.any(Number) } });
    expect(submission.body.message).toMatch(/^Waiting to be graded: number \d+ in the queue\.$/);
    // Its event stream starts with where it stands in the queue.
    await expect(firstEvent(t, student.token, accepted.body.id)).resolves.toEqual({ event: 'queued', data: { position: submission.body.queue.position } });
  });

  it('does not limit instructors', async () => {
    for (let i = 0; i < 2; i++) await submitFile(t, t.adminToken, 'limited-attempts', GOOD_SOLUTION).expect(202);
    await submitFile(t, t.adminToken, 'cooldown', GOOD_SOLUTION).expect(202);
    await submitFile(t, t.adminToken, 'cooldown', GOOD_SOLUTION).expect(202);
  });
});
