import fs from 'node:fs/promises';
import request from 'supertest';
import { isCopyPair, similarityAssignments, similarityClass, type Relation } from '../support/similarity-class.js';
import { databasesUnderTest } from './support/test-database.js';
import { ADMIN, newStudent, startTestApp, submitFile, type TestApp } from './support/test-app.js';

const SLUG = 'monte-carlo-pi';
const API = `/api/assignments/${SLUG}/similarity`;
const PAGES = `/instructor/assignments/${SLUG}/similarity`;
const REFUSED = /This form could not be accepted: it was not sent from a page of perfgrade/;

/** The token a page put into its forms' hidden field. */
const fieldToken = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)?.[1];

/** Similarity checking through the API and the pages, on the fixture class, with a real database (no grading needed). */
describe.each(databasesUnderTest())('similarity checking on %s', (kind) => {
  let t: TestApp;
  let assignments: string;
  const klass = similarityClass();
  /** Submission id → the student's fixture group and name. */
  const who = new Map<string, { name: string; group: Relation }>();
  const idOf = new Map<string, string>();
  let student: { id: string; token: string; submission: string };

  const admin = () => t.adminToken;
  /** The instructor as a browser is: a session cookie, so every form needs the token of the page it came from. */
  async function instructorBrowser() {
    const agent = request.agent(t.server);
    await agent.post('/api/auth/login').send(ADMIN).expect(200);
    return agent;
  }
  async function finishedReport(previousRunId?: string): Promise<any> {
    const until = Date.now() + 60_000;
    for (;;) {
      const { body } = await request(t.server).get(API).auth(admin(), { type: 'bearer' }).expect(200);
      if (!body.pending && body.run && body.run.id !== previousRunId) return body;
      if (body.failed) throw new Error(`the analysis failed: ${body.failed.error}`);
      if (Date.now() > until) throw new Error(`no finished analysis after 60 s: ${JSON.stringify(body.pending)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  beforeAll(async () => {
    assignments = await similarityAssignments();
    t = await startTestApp(kind, 'similarity', { GRADER_CONCURRENCY: '0', ASSIGNMENTS_DIR: assignments });
    for (const s of klass.students) {
      const account = await newStudent(t, s.name);
      const submitted = await submitFile(t, account.token, SLUG, s.source, s.file).expect(202);
      who.set(submitted.body.id, { name: s.name, group: s.group });
      idOf.set(s.name, submitted.body.id);
    }
    const mallory = await newStudent(t, 'Mallory');
    const mine = await submitFile(t, mallory.token, SLUG, klass.students[0].source).expect(202);
    student = { ...mallory, submission: mine.body.id };
    who.set(mine.body.id, { name: 'Mallory', group: 'copies' });
  });

  afterAll(async () => {
    await t?.close();
    await fs.rm(assignments, { recursive: true, force: true });
  });

  it('refuses students every similarity route, API and pages, and shows them nothing on their own submission', async () => {
    const [a, b] = [idOf.get('Alice')!, idOf.get('Bob')!];
    const api = request(t.server);
    const routes = [
      api.get(API),
      api.get(`${API}?sort=longest`),
      api.post(`${API}/runs`).send({ scope: 'latest' }),
      api.get(`${API}/pairs/${a}/${b}`),
      api.put(`${API}/pairs/${a}/${b}/review`).send({ status: 'reviewed' }),
      api.get(`/api/submissions/${student.submission}/similar`),
      api.get(PAGES),
      api.post(`${PAGES}/runs`).type('form').send({ scope: 'latest' }),
      api.get(`${PAGES}/pairs/${a}/${b}`),
      api.post(`${PAGES}/pairs/${a}/${b}/review`).type('form').send({ status: 'suspicious' }),
    ];
    for (const route of routes) {
      const response = await route.auth(student.token, { type: 'bearer' });
      expect([403, 404]).toContain(response.status);
      expect(response.text).not.toContain('Alice');
    }
    const page = await request(t.server).get(`/submissions/${student.submission}`).auth(student.token, { type: 'bearer' }).expect(200);
    expect(page.text).not.toContain('Most similar submissions');
    expect(page.text).not.toContain('/similarity');
    // Nobody logged in: asked to log in, never shown anything.
    await request(t.server).get(API).expect(401);
  });

  it('analyses the class in the worker: copies first and flagged, baseline edits and independent solutions not, one cluster', async () => {
    const started = await request(t.server).post(`${API}/runs`).auth(admin(), { type: 'bearer' }).send({}).expect(202);
    expect(started.body).toMatchObject({ scope: 'latest', state: expect.stringMatching(/^(queued|running|done)$/), requestedBy: expect.any(String) });
    const report = await finishedReport();
    expect(report.run.summary).toMatchObject({ submissions: 10, fingerprinted: 10, reused: 0, comparedPairs: 45 });
    expect(report.histogram.reduce((sum: number, bin: { count: number }) => sum + bin.count, 0)).toBe(45);
    const named = report.pairs.map((p: any) => ({ ...p, a: who.get(p.left.id)!, b: who.get(p.right.id)! }));
    // The copy group (Alice, Bob, Carol, Dave and Mallory's copy of Alice) fills the top of the ranking.
    const copies = named.filter((p: any) => isCopyPair(p.a.group, p.b.group));
    expect(copies).toHaveLength(10);
    expect(named.slice(0, 10)).toEqual(copies);
    expect(copies.every((p: any) => p.flagged)).toBe(true);
    expect(named.filter((p: any) => p.flagged)).toHaveLength(10);
    expect(named.filter((p: any) => p.a.group === 'baseline-edit' || p.b.group === 'baseline-edit').every((p: any) => !p.flagged)).toBe(true);
    expect(report.clusters).toHaveLength(1);
    expect(report.clusters[0].submissions.map((s: any) => s.name).sort()).toEqual(['Alice', 'Bob', 'Carol', 'Dave', 'Mallory']);
    // Sorted by the longest shared fragment instead.
    const byLongest = await request(t.server).get(`${API}?sort=longest&limit=5`).auth(admin(), { type: 'bearer' }).expect(200);
    expect(byLongest.body.pairs).toHaveLength(5);
    expect(byLongest.body.pairs.map((p: any) => p.longest)).toEqual(
      [...byLongest.body.pairs.map((p: any) => p.longest)].sort((x: number, y: number) => y - x),
    );
    await request(t.server).get(`${API}?sort=size`).auth(admin(), { type: 'bearer' }).expect(400);
  });

  it('fingerprints only new submissions when it runs again', async () => {
    const before = await finishedReport();
    await request(t.server).post(`${API}/runs`).auth(admin(), { type: 'bearer' }).send({ scope: 'latest' }).expect(202);
    const again = await finishedReport(before.run.id);
    expect(again.run.summary).toMatchObject({ submissions: 10, fingerprinted: 0, reused: 10 });
    const late = await newStudent(t, 'Late Larry');
    const larry = await submitFile(t, late.token, SLUG, klass.students[4].source).expect(202);
    who.set(larry.body.id, { name: 'Larry', group: 'honest' });
    await request(t.server).post(`${API}/runs`).auth(admin(), { type: 'bearer' }).send({}).expect(202);
    const third = await finishedReport(again.run.id);
    expect(third.run.summary).toMatchObject({ submissions: 11, fingerprinted: 1, reused: 10 });
  });

  it("runs an analysis from the report page's form only with the token of that page", async () => {
    const before = await finishedReport();
    const browser = await instructorBrowser();
    const page = await browser.get(PAGES).expect(200);
    const token = fieldToken(page.text);
    expect(token).toBeTruthy();
    const forged = await browser.post(`${PAGES}/runs`).type('form').send({ scope: 'latest' }).expect(403);
    expect(forged.text).toMatch(REFUSED);
    const untouched = await request(t.server).get(API).auth(admin(), { type: 'bearer' }).expect(200);
    expect(untouched.body.pending).toBeNull();
    expect(untouched.body.run.id).toBe(before.run.id);
    const started = await browser.post(`${PAGES}/runs`).type('form').send({ scope: 'latest', _csrf: token }).expect(303);
    expect(started.headers.location).toBe(`${PAGES}?started`);
    const report = await finishedReport(before.run.id);
    expect(report.run.summary).toMatchObject({ submissions: 11, fingerprinted: 0, reused: 11 });
  });

  it('shows two submissions side by side with their shared fragments, and keeps a review', async () => {
    const [alice, carol] = [idOf.get('Alice')!, idOf.get('Carol')!];
    const detail = await request(t.server).get(`${API}/pairs/${carol}/${alice}`).auth(admin(), { type: 'bearer' }).expect(200);
    expect(detail.body.flagged).toBe(true);
    expect(detail.body.similarity).toBeGreaterThan(0.8);
    expect(detail.body.fragments.length).toBeGreaterThan(1);
    expect([detail.body.leftSource, detail.body.rightSource].sort()).toEqual([klass.students[0].source, klass.students[2].source].sort());
    await request(t.server).put(`${API}/pairs/${alice}/${carol}/review`).auth(admin(), { type: 'bearer' }).send({ status: 'maybe' }).expect(400);
    const saved = await request(t.server)
      .put(`${API}/pairs/${alice}/${carol}/review`)
      .auth(admin(), { type: 'bearer' })
      .send({ status: 'suspicious', note: 'same kernel, renamed' })
      .expect(200);
    expect(saved.body).toMatchObject({ status: 'suspicious', note: 'same kernel, renamed', reviewedBy: expect.any(String) });
    const report = await finishedReport();
    const reviewed = report.pairs.find((p: any) => [p.left.id, p.right.id].sort().join() === [alice, carol].sort().join());
    expect(reviewed.review).toMatchObject({ status: 'suspicious', note: 'same kernel, renamed' });
    // The pages: the side-by-side view marks the fragments; the review form saves through a plain form post.
    const browser = await instructorBrowser();
    const page = await browser.get(`${PAGES}/pairs/${alice}/${carol}`).expect(200);
    expect(page.text).toContain('<mark class="frag');
    expect(page.text).toContain('id="left-frag-1"');
    const form = { status: 'reviewed', note: 'talked to both' };
    // Posted without the page's token (as another site could make the browser do), it is refused and changes nothing.
    const forged = await browser.post(`${PAGES}/pairs/${alice}/${carol}/review`).type('form').send(form).expect(403);
    expect(forged.text).toMatch(REFUSED);
    const unchanged = await request(t.server).get(`${API}/pairs/${alice}/${carol}`).auth(admin(), { type: 'bearer' }).expect(200);
    expect(unchanged.body.review).toMatchObject({ status: 'suspicious' });
    const accepted = await browser
      .post(`${PAGES}/pairs/${alice}/${carol}/review`)
      .type('form')
      .send({ ...form, _csrf: fieldToken(page.text) })
      .expect(303);
    expect(accepted.headers.location).toBe(`${PAGES}/pairs/${alice}/${carol}?saved`);
    const again = await request(t.server).get(`${API}/pairs/${alice}/${carol}`).auth(admin(), { type: 'bearer' }).expect(200);
    expect(again.body.review).toMatchObject({ status: 'reviewed', note: 'talked to both' });
    await request(t.server).get(`${API}/pairs/${alice}/${student.id}`).auth(admin(), { type: 'bearer' }).expect(404);
  });

  it('lists the three most similar submissions on a submission, for staff', async () => {
    const alice = idOf.get('Alice')!;
    const similar = await request(t.server).get(`/api/submissions/${alice}/similar`).auth(admin(), { type: 'bearer' }).expect(200);
    expect(similar.body).toHaveLength(3);
    for (const entry of similar.body) expect(who.get(entry.submission.id)?.group).toBe('copies');
    const page = await request(t.server).get(`/submissions/${alice}`).auth(admin(), { type: 'bearer' }).expect(200);
    expect(page.text).toContain('Most similar submissions');
    expect(page.text).toContain(similar.body[0].href);
    const report = await request(t.server).get(PAGES).auth(admin(), { type: 'bearer' }).expect(200);
    expect(report.text).toContain('id="similarity-histogram"');
    expect(report.text).toContain('Clusters');
  });

  it('compares every submission when asked, never a student with themselves', async () => {
    const account = await newStudent(t, 'Twice');
    const first = await submitFile(t, account.token, SLUG, klass.students[5].source).expect(202);
    const second = await submitFile(t, account.token, SLUG, klass.students[5].source + '\n# again\n').expect(202);
    const before = await finishedReport();
    await request(t.server).post(`${API}/runs`).auth(admin(), { type: 'bearer' }).send({ scope: 'all' }).expect(202);
    const report = await finishedReport(before.run.id);
    expect(report.run.scope).toBe('all');
    expect(report.run.summary.submissions).toBe(13);
    // 13 submissions by 12 students: every pair but the one of the same student.
    expect(report.run.summary.comparedPairs).toBe((13 * 12) / 2 - 1);
    const own = report.pairs.find((p: any) => [p.left.id, p.right.id].sort().join() === [first.body.id, second.body.id].sort().join());
    expect(own).toBeUndefined();
    await request(t.server).post(`${API}/runs`).auth(admin(), { type: 'bearer' }).send({ scope: 'everything' }).expect(400);
  });
});
