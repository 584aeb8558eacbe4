import { createHmac, randomUUID } from 'node:crypto';
import request from 'supertest';
import { WebhookReceiver } from '../../bench/webhooks-receiver.js';
import { databasesUnderTest } from './support/test-database.js';
import { ADMIN, GOOD_SOLUTION, newStudent, startTestApp, waitForResult, type TestApp } from './support/test-app.js';

/** Signs as an LMS would, with its own few lines of HMAC (not perfgrade's code). */
function signed(secret: string, body: string, options: { id?: string; timestampS?: number } = {}) {
  const id = options.id ?? `msg_${randomUUID()}`;
  const timestamp = String(options.timestampS ?? Math.floor(Date.now() / 1000));
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}`, 'content-type': 'application/json' };
}

/**
 * Submissions handed over by an LMS, on the real app with real grading: verified, idempotent on webhook-id,
 * refused with a reason (and nothing created) when unsigned, wrongly signed, stale or malformed; graded like
 * any other, with the LMS user id in its events.
 */
describe.each(databasesUnderTest())('LMS submissions on %s', (kind) => {
  let t: TestApp;
  let open: { id: string; secret: string };
  let strict: { id: string; secret: string };
  const secrets = new Map<string, string[]>();
  const receiver = new WebhookReceiver({ secrets });

  beforeAll(async () => {
    await receiver.start();
    t = await startTestApp(kind, 'lms', { WEBHOOK_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_POLL_MS: '200' });
    const create = async (body: object) => (await request(t.server).post('/api/lms/integrations').auth(t.adminToken, { type: 'bearer' }).send(body).expect(201)).body;
    open = await create({ name: 'Moodle (creates students)', unknownStudents: 'create' });
    strict = await create({ name: 'Canvas (roster only)' });
    expect(open.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  });

  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });

  let lmsCount = 0;
  function lmsBody(overrides: Record<string, unknown> = {}, user: Record<string, unknown> = {}) {
    lmsCount++;
    return {
      assignment: 'sum-squares',
      user: { lmsId: `lms-${lmsCount}-${Date.now()}`, email: `Lms.Student${lmsCount}-${Date.now()}@Test.local`, name: `LMS Student ${lmsCount}`, ...user },
      filename: 'solution.py',
      source: GOOD_SOLUTION,
      ...overrides,
    };
  }

  const send = (text: string, headers: Record<string, string>) => request(t.server).post('/api/lms/submissions').set(headers).send(text);
  const submissionsOf = (email: string) => request(t.server).get(`/api/submissions?student=${encodeURIComponent(email)}`).auth(t.adminToken, { type: 'bearer' });

  it('grades a signed submission and sends its submission.graded with the LMS user id', async () => {
    const hook = await request(t.server)
      .post('/api/webhooks')
      .auth(t.adminToken, { type: 'bearer' })
      .send({ url: receiver.url('/moodle'), events: ['submission.created', 'submission.graded', 'grade.updated'] })
      .expect(201);
    secrets.set('/moodle', [hook.body.secret]);

    const body = lmsBody({}, { lmsId: 'moodle-user-4711' });
    const text = JSON.stringify(body);
    const accepted = await send(text, signed(open.secret, text)).expect(202);
    expect(accepted.body).toEqual({ id: expect.any(String), statusUrl: `${t.config.publicUrl}/api/submissions/${accepted.body.id}` });
    expect(accepted.headers.location).toBe(`/api/submissions/${accepted.body.id}`);

    const result = await waitForResult(t, t.adminToken, accepted.body.id);
    expect(result).toMatchObject({ status: 'graded', user: { email: body.user.email.toLowerCase(), name: body.user.name }, filename: 'solution.py' });
    const ofType = (type: string) => receiver.appliedBodies('/moodle').find((b) => b.type === type && (b.data.submissionId === accepted.body.id || b.data.student?.lmsUserId === 'moodle-user-4711'));
    await receiver.waitFor(() => Boolean(ofType('submission.graded') && ofType('grade.updated')), 10_000, 'the LMS submission\'s events');
    expect(ofType('submission.created')!.data.student).toEqual({ id: result.user.id, email: result.user.email, name: body.user.name, lmsUserId: 'moodle-user-4711' });
    expect(ofType('submission.graded')!.data).toMatchObject({ submissionId: accepted.body.id, status: 'graded', verdict: 'accepted', score: result.score, student: { lmsUserId: 'moodle-user-4711' } });
    expect(ofType('grade.updated')!.data).toMatchObject({ version: 1, score: result.score, student: { lmsUserId: 'moodle-user-4711' } });
    expect(receiver.requests.filter((r) => r.path === '/moodle').every((r) => r.verified)).toBe(true);

    await request(t.server).delete(`/api/webhooks/${hook.body.id}`).auth(t.adminToken, { type: 'bearer' }).expect(204);
  });

  it('answers a repeated webhook-id with the first answer and creates nothing', async () => {
    const body = lmsBody();
    const text = JSON.stringify(body);
    const headers = signed(open.secret, text);
    const first = await send(text, headers).expect(202);
    const again = await send(text, headers).expect(202);
    expect(again.body).toEqual(first.body);
    // Re-signed later with the same id (an LMS retrying after a lost answer): still the first answer.
    const later = await send(text, signed(open.secret, text, { id: headers['webhook-id'], timestampS: Math.floor(Date.now() / 1000) + 2 })).expect(202);
    expect(later.body).toEqual(first.body);
    // Two at once: one submission.
    const twinText = JSON.stringify(lmsBody());
    const twinHeaders = signed(open.secret, twinText);
    const [a, b] = await Promise.all([send(twinText, twinHeaders), send(twinText, twinHeaders)]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.body).toEqual(b.body);

    const listed = (await submissionsOf(body.user.email).expect(200)).body;
    expect(listed.map((s: { id: string }) => s.id)).toEqual([first.body.id]);
    const twins = (await submissionsOf(JSON.parse(twinText).user.email).expect(200)).body;
    expect(twins).toHaveLength(1);
    // Even where the first one's submission starts an hour's cooldown that would refuse the second.
    const coolText = JSON.stringify(lmsBody({ assignment: 'cooldown' }));
    const coolHeaders = signed(open.secret, coolText);
    const cool = await Promise.all([send(coolText, coolHeaders), send(coolText, coolHeaders), send(coolText, coolHeaders)]);
    expect(cool.map((r) => r.status)).toEqual([202, 202, 202]);
    expect(new Set(cool.map((r) => r.body.id)).size).toBe(1);
  });

  it('refuses unsigned, wrongly signed, stale and malformed requests with a reason, and creates nothing', async () => {
    const body = lmsBody();
    const text = JSON.stringify(body);
    const good = signed(open.secret, text);
    const now = Math.floor(Date.now() / 1000);
    const refuse = async (status: number, payload: string, headers: Record<string, string>, message: RegExp) => {
      const response = await send(payload, headers).expect(status);
      expect(response.body).toMatchObject({ statusCode: status, message: expect.stringMatching(message) });
    };

    await refuse(401, text, { 'content-type': 'application/json' }, /not signed: the headers webhook-id, webhook-timestamp, webhook-signature are missing/);
    const { 'webhook-signature': _signature, ...unsignedHeaders } = good;
    await refuse(401, text, unsignedHeaders, /the header webhook-signature is missing/);
    await refuse(401, text.replace('sum-squares', 'sum-squarez'), good, /signature does not match/);
    await refuse(401, text, { ...good, 'webhook-id': `${good['webhook-id']}x` }, /signature does not match/);
    await refuse(401, text, { ...good, 'webhook-timestamp': String(Number(good['webhook-timestamp']) + 1) }, /signature does not match/);
    await refuse(401, text, signed(`whsec_${Buffer.alloc(32, 9).toString('base64')}`, text), /signature does not match/);
    await refuse(401, text, signed(open.secret, text, { timestampS: now - 301 }), /webhook-timestamp is 30\d s in the past; at most 300 s/);
    await refuse(401, text, signed(open.secret, text, { timestampS: now + 400 }), /webhook-timestamp is \d+ s in the future/);
    await refuse(401, text, { ...signed(open.secret, text), 'webhook-timestamp': 'yesterday' }, /whole seconds since 1970/);

    const malformed = JSON.stringify({ ...body, user: { lmsId: body.user.lmsId, name: body.user.name }, extra: 1 });
    await refuse(400, malformed, signed(open.secret, malformed), /^unexpected field "extra"; user\.email is required$/);
    const notPython = JSON.stringify({ ...body, filename: 'solution.txt' });
    await refuse(422, notPython, signed(open.secret, notPython), /is not a Python file/);
    const noAssignment = JSON.stringify({ ...body, assignment: 'no-such-assignment' });
    await refuse(404, noAssignment, signed(open.secret, noAssignment), /There is no assignment "no-such-assignment"/);
    const form = 'assignment=sum-squares';
    await refuse(400, form, { ...signed(open.secret, form), 'content-type': 'application/x-www-form-urlencoded' }, /Send the body as JSON/);

    // None of them made an account or a submission.
    expect((await submissionsOf(body.user.email).expect(404)).body.message).toMatch(/no user with the email/);
  });

  it('refuses unknown students when the integration says so, links known ones by email, then follows the LMS id', async () => {
    const unknown = JSON.stringify(lmsBody());
    const refused = await send(unknown, signed(strict.secret, unknown)).expect(422);
    expect(refused.body.message).toMatch(/does not create students/);

    const student = await newStudent(t, 'Rostered');
    const known = JSON.stringify(lmsBody({}, { lmsId: 'canvas-77', email: student.email.toUpperCase() }));
    const accepted = await send(known, signed(strict.secret, known)).expect(202);
    // The LMS changed the email since: the LMS id decides.
    const moved = JSON.stringify(lmsBody({}, { lmsId: 'canvas-77', email: 'someone.else@test.local' }));
    const second = await send(moved, signed(strict.secret, moved)).expect(202);
    const mine = (await request(t.server).get('/api/submissions').auth(student.token, { type: 'bearer' }).expect(200)).body.map((s: { id: string }) => s.id);
    expect(mine.sort()).toEqual([accepted.body.id, second.body.id].sort());

    const staff = JSON.stringify(lmsBody({}, { email: ADMIN.email }));
    expect((await send(staff, signed(open.secret, staff)).expect(403)).body.message).toMatch(/only students' submissions are accepted/);
  });

  it('accepts the previous inbound secret during a rotation\'s grace period; only staff manage integrations', async () => {
    const rotated = await request(t.server).post(`/api/lms/integrations/${open.id}/rotate-secret`).auth(t.adminToken, { type: 'bearer' }).expect(200);
    const withOld = JSON.stringify(lmsBody());
    await send(withOld, signed(open.secret, withOld)).expect(202);
    const withNew = JSON.stringify(lmsBody());
    await send(withNew, signed(rotated.body.secret, withNew)).expect(202);

    const listed = (await request(t.server).get('/api/lms/integrations').auth(t.adminToken, { type: 'bearer' }).expect(200)).body;
    expect(listed.find((i: { id: string }) => i.id === open.id)).toMatchObject({ unknownStudents: 'create', previousSecretValidUntil: rotated.body.previousSecretValidUntil });
    expect(JSON.stringify(listed)).not.toContain('whsec_');
    const student = await newStudent(t);
    await request(t.server).get('/api/lms/integrations').auth(student.token, { type: 'bearer' }).expect(403);
    await request(t.server).post('/api/lms/integrations').auth(student.token, { type: 'bearer' }).send({ name: 'mine' }).expect(403);
  });
});
