import request from 'supertest';
import { databasesUnderTest } from './support/test-database.js';
import { GOOD_SOLUTION, newStudent, startTestApp, submitFile, waitForResult, type TestApp } from './support/test-app.js';

/** One sample of the Prometheus text format: name{label="value",…} number. */
const SAMPLE = /^([a-zA-Z_:][\w:]*)(?:\{((?:\w+="(?:[^"\\]|\\.)*",?)*)\})? (-?[\d.e+-]+|NaN|[+-]Inf)$/;

/** The value of the sample with this name whose labels include these; undefined when there is none. */
function figure(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = SAMPLE.exec(line);
    if (!match || match[1] !== name) continue;
    const has = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => has[key] === value)) return Number(match[3]);
  }
  return undefined;
}

/** What an autoscaler and a dashboard read: the queue per assignment, phase timings, verdicts, the webhook backlog. */
describe.each(databasesUnderTest())('GET /metrics during grading on %s', (kind) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(kind, 'metrics', { GRADER_CONCURRENCY: '1', WEBHOOK_SENDERS: '0', WEBHOOK_ALLOW_PRIVATE_URLS: 'true' });
    // Nobody sends (WEBHOOK_SENDERS=0), so every graded event waits in the backlog.
    await request(t.server)
      .post('/api/webhooks')
      .auth(t.adminToken, { type: 'bearer' })
      .send({ url: 'http://127.0.0.1:9/lms', events: ['submission.graded'] })
      .expect(201);
  });

  afterAll(async () => {
    await t?.close();
  });

  const scrape = async () => {
    const answer = await request(t.server).get('/metrics').expect(200);
    expect(answer.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    // Every line is a comment (# HELP, # TYPE) or a well-formed sample.
    for (const line of answer.text.split('\n').filter(Boolean)) expect(line.startsWith('# ') || SAMPLE.test(line)).toBe(true);
    return answer.text;
  };
  const sumSquares = { assignment: 'sum-squares' };

  it('shows the queue while one grade runs and another waits, then the phase timings, verdicts and backlog', async () => {
    const before = await scrape();
    expect(before).toContain('# TYPE perfgrade_queue_depth gauge');
    expect(before).toContain('# TYPE perfgrade_grading_phase_seconds histogram');
    expect(figure(before, 'perfgrade_queue_depth', sumSquares)).toBe(0);
    expect(figure(before, 'perfgrade_queue_oldest_job_age_seconds', sumSquares)).toBe(0);
    expect(figure(before, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);

    const ids: string[] = [];
    for (const name of ['Ada', 'Bob']) {
      const student = await newStudent(t, name);
      const submitted = await submitFile(t, student.token, 'sum-squares', GOOD_SOLUTION).expect(202);
      ids.push(submitted.body.id);
    }

    // One slot: the first is graded while the second waits, and both show.
    let during = await scrape();
    for (let i = 0; i < 100 && figure(during, 'perfgrade_queue_running', sumSquares) !== 1; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      during = await scrape();
    }
    expect(figure(during, 'perfgrade_queue_running', sumSquares)).toBe(1);
    expect(figure(during, 'perfgrade_queue_depth', sumSquares)).toBe(1);
    expect(figure(during, 'perfgrade_queue_oldest_job_age_seconds', sumSquares)).toBeGreaterThan(0);

    const token = t.adminToken;
    for (const id of ids) expect((await waitForResult(t, token, id)).report.verdict).toBe('accepted');
    const after = await scrape();
    expect(figure(after, 'perfgrade_queue_depth', sumSquares)).toBe(0);
    expect(figure(after, 'perfgrade_queue_running', sumSquares)).toBe(0);
    expect(figure(after, 'perfgrade_submissions', { ...sumSquares, verdict: 'accepted' })).toBe(2);
    for (const phase of ['checking', 'measuring', 'scoring']) {
      expect(figure(after, 'perfgrade_grading_phase_seconds_count', { ...sumSquares, phase })).toBe(2);
      expect(figure(after, 'perfgrade_grading_phase_seconds_sum', { ...sumSquares, phase })).toBeGreaterThan(0);
    }
    expect(figure(after, 'perfgrade_grading_phase_seconds_bucket', { ...sumSquares, phase: 'measuring', le: '+Inf' })).toBe(2);
    expect(figure(after, 'perfgrade_webhook_deliveries', { state: 'pending' })).toBe(2);
    expect(figure(after, 'perfgrade_webhook_deliveries', { state: 'dead' })).toBe(0);
    expect(figure(after, 'perfgrade_webhook_oldest_undelivered_age_seconds')).toBeGreaterThan(0);
  }, 180_000);
});
