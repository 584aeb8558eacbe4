import request from 'supertest';
import { DataSource } from 'typeorm';
import { databasesUnderTest } from './support/test-database.js';
import { GOOD_SOLUTION, login, newStudent, startTestApp, submitFile, type TestApp } from './support/test-app.js';

/** Refusals: each a JSON 4xx a student understands, and none of them leaves anything behind. */
describe.each(databasesUnderTest())('bad input on %s', (kind) => {
  let t: TestApp;
  let student: { id: string; email: string; token: string };

  beforeAll(async () => {
    // No grading slots: these tests are about what is accepted, and nothing accepted needs grading.
    t = await startTestApp(kind, 'bad_input', { GRADER_CONCURRENCY: '0', LOGIN_MAX_FAILURES: '3' });
    student = await newStudent(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  async function counts(): Promise<{ submissions: number; jobs: number }> {
    const [row] = await t.app.get(DataSource).query('SELECT (SELECT count(*) FROM submissions)::int AS submissions, (SELECT count(*) FROM grading_jobs)::int AS jobs');
    return row;
  }

  const post = () => request(t.server).post('/api/assignments/sum-squares/submissions').auth(student.token, { type: 'bearer' });

  const refusals: [string, number, RegExp, () => request.Test][] = [
    ['a file over 256 KiB', 413, /larger than 256 KiB/, () => post().attach('file', Buffer.alloc(300 * 1024, 'a'), 'big.py')],
    ['a source over 256 KiB as JSON', 422, /the limit is 256 KiB/, () => post().send({ source: 'a'.repeat(300 * 1024) })],
    ['a JSON body over 2 MB', 413, /too large/, () => post().send({ source: 'a'.repeat(3 * 1024 * 1024) })],
    ['a file that is not .py', 422, /not a Python file/, () => post().attach('file', Buffer.from(GOOD_SOLUTION), 'solution.txt')],
    ['an empty file', 422, /is empty/, () => post().attach('file', Buffer.alloc(0), 'empty.py')],
    ['a file that is not UTF-8', 422, /not valid UTF-8 \(first bad byte on line 2\)/, () => post().attach('file', Buffer.from('x = 1\ny = "\xff"\n', 'latin1'), 'latin.py')],
    ['a file with a NUL byte', 422, /NUL byte on line 1/, () => post().attach('file', Buffer.from('x = 1\0\n'), 'nul.py')],
    ['a JSON source with a NUL', 422, /NUL byte/, () => post().send({ source: 'x = 1\u0000' })],
    ['a JSON source with a lone surrogate', 422, /not valid Unicode/, () => post().set('content-type', 'application/json').send('{"source": "\\ud800"}')],
    ['a JSON body that is not UTF-8', 422, /not valid UTF-8/, () => post().set('content-type', 'application/json').send({}).serialize(() => Buffer.from('{"source": "\xff"}', 'latin1') as never)],
    ['malformed JSON', 400, /not valid JSON/, () => post().set('content-type', 'application/json').send('{"source": ')],
    ['a source that is not a string', 400, /source: must be the text/, () => post().send({ source: 42 })],
    ['an unexpected JSON field', 400, /unexpected field "student"/, () => post().send({ source: GOOD_SOLUTION, student: 'someone' })],
    ['two files', 400, /exactly one file/, () => post().attach('file', Buffer.from(GOOD_SOLUTION), 'a.py').attach('file', Buffer.from(GOOD_SOLUTION), 'b.py')],
    ['the file in another field', 400, /form field named "file"/, () => post().attach('upload', Buffer.from(GOOD_SOLUTION), 'a.py')],
    ['no solution at all', 400, /multipart form field "file"/, () => post().field('note', 'hello')],
    ['an unknown assignment', 404, /no assignment "no-such"/, () => request(t.server).post('/api/assignments/no-such/submissions').auth(student.token, { type: 'bearer' }).send({ source: GOOD_SOLUTION })],
    ['no login', 401, /Log in first/, () => request(t.server).post('/api/assignments/sum-squares/submissions').send({ source: GOOD_SOLUTION })],
  ];

  it.each(refusals)('refuses %s with a JSON %i and stores nothing', async (_what, status, message, send) => {
    const before = await counts();
    const response = await send().expect(status);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toEqual({ statusCode: status, error: expect.any(String), message: expect.stringMatching(message) });
    expect(await counts()).toEqual(before);
  });

  it('accepts the same solution when it is sent properly, as a file or as JSON', async () => {
    const before = await counts();
    await submitFile(t, student.token, 'sum-squares', GOOD_SOLUTION).expect(202);
    await post().send({ source: GOOD_SOLUTION }).expect(202);
    expect(await counts()).toEqual({ submissions: before.submissions + 2, jobs: before.jobs + 2 });
  });

  it('slows down password guessing per email and address, with Retry-After', async () => {
    const victim = await newStudent(t);
    for (let i = 0; i < 3; i++) await request(t.server).post('/api/auth/login').send({ email: victim.email, password: `guess ${i}` }).expect(401);
    const blocked = await request(t.server).post('/api/auth/login').send({ email: victim.email, password: 'student password' }).expect(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.body.message).toMatch(/Too many failed logins .* Try again in \d+/);
    const invalid = await request(t.server).post('/api/auth/login').send({ email: 'x@y' }).expect(400);
    expect(invalid.body.message).toBe('password is required');
  });

  it('creates users with a password or an invitation link, and only staff may', async () => {
    await request(t.server).post('/api/users').auth(student.token, { type: 'bearer' }).send({ email: 'n@x.edu', name: 'N', role: 'student' }).expect(403);
    const bad = await request(t.server).post('/api/users').auth(t.adminToken, { type: 'bearer' }).send({ email: 'nope', name: '', role: 'teacher' }).expect(400);
    expect(bad.body.message).toMatch(/email: .*; name: .*; role: must be one of admin, instructor, student/);

    const invited = await request(t.server).post('/api/users').auth(t.adminToken, { type: 'bearer' }).send({ email: 'Invited@X.edu', name: 'Invited', role: 'instructor' }).expect(201);
    expect(invited.body.user).toMatchObject({ email: 'invited@x.edu', role: 'instructor' });
    expect(invited.body.invitation.url).toMatch(/^http:\/\/localhost:3000\/invitation\?token=/);
    await request(t.server).post('/api/users').auth(t.adminToken, { type: 'bearer' }).send({ email: 'invited@x.edu', name: 'Again', role: 'student' }).expect(409);

    const token = invited.body.invitation.token;
    await request(t.server).post('/api/auth/invitations/accept').send({ token, password: 'short' }).expect(400);
    const accepted = await request(t.server).post('/api/auth/invitations/accept').send({ token, password: 'a long enough password' }).expect(200);
    expect(accepted.body.user.email).toBe('invited@x.edu');
    await request(t.server).post('/api/auth/invitations/accept').send({ token, password: 'a long enough password' }).expect(410);

    // An instructor enrols students and instructors, not admins.
    const instructorToken = await login(t.server, 'invited@x.edu', 'a long enough password');
    await request(t.server).post('/api/users').auth(instructorToken, { type: 'bearer' }).send({ email: 'boss@x.edu', name: 'Boss', role: 'admin' }).expect(403);
  });

  it('imports a roster all or nothing', async () => {
    const broken = 'email,name,role\r\nann@x.edu,Ann,student\r\nbob@x.edu,Bob,teacher\r\n';
    const refused = await request(t.server).post('/api/users/import').auth(t.adminToken, { type: 'bearer' }).set('content-type', 'text/csv').send(broken).expect(400);
    expect(refused.body.message).toMatch(/^Nothing was imported\. line 3: role must be admin, instructor, student \(got "teacher"\)/);
    await request(t.server).post('/api/auth/login').send({ email: 'ann@x.edu', password: 'whatever it is' }).expect(401);

    const roster = '\uFEFFName,Email\n"Lovelace, Ada",ada@x.edu\nAlan Turing,alan@x.edu\n';
    const imported = await request(t.server).post('/api/users/import').auth(t.adminToken, { type: 'bearer' }).attach('file', Buffer.from(roster), 'roster.csv').expect(200);
    expect(imported.body.created.map((c: { user: { name: string; role: string } }) => [c.user.name, c.user.role])).toEqual([
      ['Lovelace, Ada', 'student'],
      ['Alan Turing', 'student'],
    ]);
    expect(imported.body.created[0].invitation.url).toContain('/invitation?token=');
    const again = await request(t.server).post('/api/users/import').auth(t.adminToken, { type: 'bearer' }).set('content-type', 'text/csv').send(roster).expect(200);
    expect(again.body).toEqual({ created: [], existing: expect.arrayContaining(['ada@x.edu', 'alan@x.edu']) });
  });
});
