import request from 'supertest';
import { DataSource } from 'typeorm';
import { databasesUnderTest } from './support/test-database.js';
import { GOOD_SOLUTION, newStudent, readEvents, startTestApp, submitFile, waitForResult, WRONG_ON_HIDDEN, type TestApp } from './support/test-app.js';

/** The whole path a student takes, on the real app with the real sandbox: log in, submit, follow, read. */
describe.each(databasesUnderTest())('grading flow on %s', (kind) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(kind, 'flow');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('logs in with a cookie or a bearer token, and logs out', async () => {
    const student = await newStudent(t);
    const agent = request.agent(t.server);
    const login = await agent.post('/api/auth/login').send({ email: student.email, password: 'student password' }).expect(200);
    expect(login.headers['set-cookie']?.[0]).toMatch(/^perfgrade_session=.+; Path=\/; Expires=.+; HttpOnly; SameSite=Lax$/);
    expect(login.body).toMatchObject({ token: expect.any(String), user: { email: student.email, role: 'student' } });
    await agent.get('/api/auth/me').expect(200, { id: student.id, email: student.email, name: 'Student', role: 'student' });
    await agent.post('/api/auth/logout').expect(204);
    await agent.get('/api/auth/me').expect(401);
    // The bearer token of that login is a separate credential: still valid until it is logged out itself.
    await request(t.server).get('/api/auth/me').auth(login.body.token, { type: 'bearer' }).expect(200);
    await request(t.server).post('/api/auth/logout').auth(login.body.token, { type: 'bearer' }).expect(204);
    await request(t.server).get('/api/auth/me').auth(login.body.token, { type: 'bearer' }).expect(401);
    const wrong = await request(t.server).post('/api/auth/login').send({ email: student.email, password: 'nope' }).expect(401);
    expect(wrong.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'Wrong email or password.' });
  });

  it('shows students the public part of an assignment and instructors everything', async () => {
    const student = await newStudent(t);
    const list = await request(t.server).get('/api/assignments').auth(student.token, { type: 'bearer' }).expect(200);
    expect(list.body.map((a: { slug: string }) => a.slug)).toContain('sum-squares');

    const seen = await request(t.server).get('/api/assignments/sum-squares').auth(student.token, { type: 'bearer' }).expect(200);
    expect(seen.body).toMatchObject({ slug: 'sum-squares', function: 'sum_squares', hiddenCases: 1, description: expect.stringContaining('# Sum of squares') });
    expect(seen.body.baseline).toContain('for i in range(n)');
    expect(seen.body.cases.map((c: { name: string }) => c.name)).toEqual(['tiny', 'small']);
    const text = JSON.stringify(seen.body);
    for (const secret of ['hidden-odd', '4321', '(2 * n - 1) // 6', 'def generate', 'allCases', 'reference', 'generator']) {
      expect(text).not.toContain(secret);
    }

    const staff = await request(t.server).get('/api/assignments/sum-squares').auth(t.adminToken, { type: 'bearer' }).expect(200);
    expect(staff.body.allCases).toContainEqual({ name: 'hidden-odd', size: { n: 4321 }, seed: 3, hidden: true });
    expect(staff.body.reference).toContain('(2 * n - 1) // 6');
    expect(staff.body.generator).toContain('def generate');
  });

  it('grades a submission: 202 with Location, events from queued to done, then the report', async () => {
    const student = await newStudent(t);
    const accepted = await submitFile(t, student.token, 'sum-squares', GOOD_SOLUTION, 'fast.py').expect(202);
    expect(accepted.body).toEqual({ id: expect.any(String), status: 'queued' });
    expect(accepted.headers.location).toBe(`/api/submissions/${accepted.body.id}`);

    const events = await readEvents(t, student.token, accepted.body.id);
    const names = events.map((e) => e.event);
    expect(names.at(-1)).toBe('done');
    expect(names.filter((n) => n === 'done')).toHaveLength(1);
    const phases = events.filter((e) => e.event === 'progress').map((e) => e.data.phase);
    expect(phases).toEqual(expect.arrayContaining(['preparing', 'checking', 'measuring']));
    expect(events.find((e) => e.event === 'progress' && e.data.phase === 'checking')?.data).toMatchObject({ step: expect.any(Number), of: 3 });
    expect(events.at(-1)!.data).toMatchObject({ status: 'graded', score: expect.any(Number), maxScore: 100 });

    const result = await request(t.server).get(accepted.headers.location).auth(student.token, { type: 'bearer' }).expect(200);
    expect(result.body).toMatchObject({ id: accepted.body.id, assignment: 'sum-squares', status: 'graded', filename: 'fast.py', attempt: 1, latePenalty: 0 });
    expect(result.body.report).toMatchObject({ assignment: 'sum-squares', status: 'graded', verdict: 'accepted', correctness: { passed: 3, total: 3 } });
    expect(result.body.score).toBe(result.body.report.score);
    expect(result.body.report.performance.speedup).toBeGreaterThan(1);

    // An event stream opened after the end says "done" at once.
    const late = await readEvents(t, student.token, accepted.body.id);
    expect(late.map((e) => e.event)).toEqual(['done']);
  });

  it('gives a student only their own submissions, and hidden cases only as verdicts', async () => {
    const alice = await newStudent(t, 'Alice');
    const bob = await newStudent(t, 'Bob');
    const submitted = await request(t.server)
      .post('/api/assignments/sum-squares/submissions')
      .auth(alice.token, { type: 'bearer' })
      .send({ source: WRONG_ON_HIDDEN, filename: 'mine.py' })
      .expect(202);
    const id = submitted.body.id;
    const result = await waitForResult(t, alice.token, id);
    expect(result.report.verdict).toBe('wrong_answer');
    const hidden = result.report.correctness.cases.find((c: { name: string }) => c.name === 'hidden-odd');
    expect(hidden).toMatchObject({ hidden: true, verdict: 'wrong_answer' });
    // Neither the hidden input, its expected value, nor the reference reach the student.
    const expected = String((4321 - 1) * 4321 * (2 * 4321 - 1) / 6);
    expect(JSON.stringify(result.report)).not.toContain(expected);
    expect(JSON.stringify(result.report)).not.toContain('4321');

    for (const path of [`/api/submissions/${id}`, `/api/submissions/${id}/events`, `/api/submissions/${id}/source`]) {
      const refused = await request(t.server).get(path).auth(bob.token, { type: 'bearer' }).expect(404);
      expect(refused.body).toEqual({ statusCode: 404, error: 'Not Found', message: expect.stringContaining('no submission') });
    }
    const bobsList = await request(t.server).get('/api/submissions').auth(bob.token, { type: 'bearer' }).expect(200);
    expect(bobsList.body).toEqual([]);
    const alicesList = await request(t.server).get('/api/submissions?assignment=sum-squares').auth(alice.token, { type: 'bearer' }).expect(200);
    expect(alicesList.body.map((s: { id: string }) => s.id)).toEqual([id]);
    const source = await request(t.server).get(`/api/submissions/${id}/source`).auth(alice.token, { type: 'bearer' }).expect(200);
    expect(source.text).toBe(WRONG_ON_HIDDEN);

    // Instructors read everyone's, and can filter by student.
    await request(t.server).get(`/api/submissions/${id}`).auth(t.adminToken, { type: 'bearer' }).expect(200);
    const byStudent = await request(t.server).get(`/api/submissions?student=${encodeURIComponent(alice.email)}`).auth(t.adminToken, { type: 'bearer' }).expect(200);
    expect(byStudent.body.map((s: { id: string }) => s.id)).toEqual([id]);
  });

  it('exports grades (best per student) to instructors only, and regrades behind new work', async () => {
    const student = await newStudent(t, 'Grace "G" Hopper');
    const first = await submitFile(t, student.token, 'sum-squares', WRONG_ON_HIDDEN).expect(202);
    const second = await submitFile(t, student.token, 'sum-squares', GOOD_SOLUTION).expect(202);
    const firstResult = await waitForResult(t, student.token, first.body.id);
    const secondResult = await waitForResult(t, student.token, second.body.id);
    expect(secondResult.score).toBeGreaterThan(firstResult.score);

    await request(t.server).get('/api/assignments/sum-squares/grades.csv').auth(student.token, { type: 'bearer' }).expect(403);
    const csv = await request(t.server).get('/api/assignments/sum-squares/grades.csv').auth(t.adminToken, { type: 'bearer' }).expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('email,name,score,max_score,late_penalty,submissions,submission_id,submitted_at');
    const row = lines.find((line) => line.startsWith(student.email))!;
    expect(row).toContain('"Grace ""G"" Hopper"');
    expect(row).toContain(`,${second.body.id},`);
    expect(row.split(',')[2]).toBe(String(Math.round(secondResult.score * 100) / 100));

    // A submission made right after the regrade request overtakes the waiting regrades (at most the one already
    // being graded finishes before it), and the regraded submission keeps showing its result meanwhile.
    const fresh = await newStudent(t);
    const regrade = await request(t.server).post('/api/assignments/sum-squares/regrade').auth(t.adminToken, { type: 'bearer' }).expect(202);
    expect(regrade.body.queued).toBeGreaterThanOrEqual(2);
    const urgent = await submitFile(t, fresh.token, 'sum-squares', GOOD_SOLUTION).expect(202);
    const urgentResult = await waitForResult(t, fresh.token, urgent.body.id);
    const meanwhile = await request(t.server).get(`/api/submissions/${first.body.id}`).auth(student.token, { type: 'bearer' }).expect(200);
    expect(meanwhile.body).toMatchObject({ status: 'graded', report: { verdict: 'wrong_answer' } });
    const database = t.app.get(DataSource);
    for (let open = 1; open > 0; ) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      [{ open }] = await database.query(`SELECT count(*)::int AS open FROM grading_jobs WHERE kind = 'regrade' AND state IN ('queued', 'running')`);
    }
    const [{ before }] = await database.query(`SELECT count(*)::int AS before FROM grading_jobs WHERE kind = 'regrade' AND finished_at < $1`, [urgentResult.gradedAt]);
    expect(before).toBeLessThanOrEqual(1);
    const regraded = await waitForResult(t, student.token, first.body.id);
    expect(new Date(regraded.gradedAt).getTime()).toBeGreaterThan(new Date(firstResult.gradedAt).getTime());
    expect(regraded.report.verdict).toBe('wrong_answer');
  });
});
