import request from 'supertest';
import { GOOD_SOLUTION, newStudent, startTestApp, type TestApp } from './support/test-app.js';

const CSP =
  "default-src 'none';style-src 'self';script-src 'self';img-src 'self' data:;connect-src 'self';form-action 'self';base-uri 'none';frame-ancestors 'none'";
const REFUSED = /This form could not be accepted: it was not sent from a page of perfgrade, or the page is too old/;

/** The token a page put into its forms' hidden field, and the one in a multipart form's address. */
const fieldToken = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
const addressToken = (page: string) => /[?&](?:amp;)?_csrf=([^"&]+)"/.exec(page)?.[1];
const cookiesSet = (answer: request.Response) => [answer.headers['set-cookie'] ?? []].flat().join('\n');

/** The web forms are posted with the session cookie, so each needs its page's CSRF token; every answer has the security headers. */
describe('the web app against forged forms', () => {
  let t: TestApp;
  let student: { email: string };

  beforeAll(async () => {
    t = await startTestApp('pglite', 'web_security', { GRADER_CONCURRENCY: '0' });
    student = await newStudent(t, 'Forms');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('sends the strict CSP and the other security headers with pages and with the API', async () => {
    const page = await request(t.server).get('/login').expect(200);
    const api = await request(t.server).get('/api/health').expect(200);
    const missing = await request(t.server).get('/no/such/page').expect(404);
    for (const answer of [page, api, missing]) {
      expect(answer.headers['content-security-policy']).toBe(CSP);
      expect(answer.headers).toMatchObject({ 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin' });
      expect(answer.headers['x-powered-by']).toBeUndefined();
    }
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('refuses a login form posted without its token, with a page that says what to do, and takes it with the token', async () => {
    const agent = request.agent(t.server);
    const form = await agent.get('/login').expect(200);
    expect(cookiesSet(form)).toMatch(/^perfgrade_csrf=[^;]+; Path=\/; HttpOnly; SameSite=Lax$/m);
    const token = fieldToken(form.text);
    expect(token).toBeTruthy();

    const credentials = { email: student.email, password: 'student password', next: '/assignments' };
    const forged = await agent.post('/login').type('form').send(credentials).expect(403);
    expect(forged.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(forged.text).toMatch(REFUSED);
    expect(cookiesSet(forged)).not.toContain('perfgrade_session=');
    // Without the cookie half, the token alone is refused too (another site cannot read or set our cookie).
    await request(t.server)
      .post('/login')
      .type('form')
      .send({ ...credentials, _csrf: token })
      .expect(403);

    const accepted = await agent
      .post('/login')
      .type('form')
      .send({ ...credentials, _csrf: token })
      .expect(303);
    expect(accepted.headers.location).toBe('/assignments');
    expect(cookiesSet(accepted)).toContain('perfgrade_session=');
  });

  it('refuses state-changing forms of a logged-in student without the token of their session, urlencoded and multipart alike', async () => {
    const agent = request.agent(t.server);
    const anonymous = fieldToken((await agent.get('/login').expect(200)).text)!;
    await agent.post('/login').type('form').send({ email: student.email, password: 'student password', _csrf: anonymous }).expect(303);

    const page = (await agent.get('/assignments/sum-squares').expect(200)).text;
    const token = fieldToken(page)!;
    expect(token).toBeTruthy();
    expect(token).not.toBe(anonymous);
    expect(addressToken(page)).toBe(token);

    // The leaderboard: without a token, with the one from before logging in, then with the page's.
    const refused = await agent.post('/leaderboard/join').type('form').send({ slug: 'sum-squares' }).expect(403);
    expect(refused.text).toMatch(REFUSED);
    await agent.post('/leaderboard/join').type('form').send({ slug: 'sum-squares', _csrf: anonymous }).expect(403);
    await agent.post('/leaderboard/join').type('form').send({ slug: 'sum-squares', _csrf: token }).expect(303);

    // The upload form (multipart): its token is in the form's address.
    const upload = () => Buffer.from(GOOD_SOLUTION);
    const forged = await agent.post('/assignments/sum-squares/submissions').attach('file', upload(), 'mine.py').expect(403);
    expect(forged.text).toMatch(REFUSED);
    const submitted = await agent
      .post(`/assignments/sum-squares/submissions?_csrf=${encodeURIComponent(token)}`)
      .attach('file', upload(), 'mine.py')
      .expect(303);
    expect(submitted.headers.location).toMatch(/^\/submissions\/[0-9a-f-]{36}$/);

    // Logging out is a form too.
    await agent.post('/logout').expect(403);
    await agent.post('/logout').type('form').send({ _csrf: token }).expect(303);
  });

  it('leaves the JSON API to its bearer tokens', async () => {
    await request(t.server).post('/api/assignments/sum-squares/regrade').auth(t.adminToken, { type: 'bearer' }).expect(202);
  });
});
