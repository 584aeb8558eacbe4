import request from 'supertest';
import { seeded, verifyStandardWebhook, WebhookReceiver, type Behaviour } from '../../bench/webhooks-receiver.js';
import { RETRY_DELAYS_S } from '../../src/webhooks/retry-schedule.js';
import { verifySignature } from '../../src/webhooks/standard-webhooks.js';
import { ADMIN, GOOD_SOLUTION } from './support/test-app.js';
import { createTestDatabase, databasesUnderTest, type TestDatabase } from './support/test-database.js';
import { driveToCompletion, FakeClock, registerWebhook, startWebhookApp, type WebhookTestApp } from './webhooks-app.js';

/**
 * Delivery against a real HTTP receiver on 127.0.0.1, on a clock the test moves: signatures, the retry
 * schedule, Retry-After, 410, dead letters and replay, secret rotation, and a few hundred events answered
 * at random. Grading is off (GRADER_CONCURRENCY=0): each submission makes one submission.created event.
 */
describe.each(databasesUnderTest())('webhook delivery on %s', (kind) => {
  let database: TestDatabase;
  let t: WebhookTestApp;
  const clock = new FakeClock();
  const secrets = new Map<string, string[]>();
  const script = new Map<string, (seen: number) => Behaviour>();
  const receiver = new WebhookReceiver({ secrets, choose: ({ path, seen }) => script.get(path)?.(seen) ?? 'ok', nowMs: () => clock.now().getTime(), holdMs: 700, retryAfterS: 3600 });

  beforeAll(async () => {
    database = await createTestDatabase(kind, 'webhooks');
    await receiver.start();
    t = await startWebhookApp(database, { GRADER_CONCURRENCY: '0', WEBHOOK_SENDERS: '0', WEBHOOK_TIMEOUT_MS: '300' }, clock);
  });

  afterAll(async () => {
    await t?.close();
    await receiver.stop();
    await database?.drop();
  });

  const api = () => ({
    get: (path: string) => request(t.server).get(path).auth(t.adminToken, { type: 'bearer' }),
    post: (path: string) => request(t.server).post(path).auth(t.adminToken, { type: 'bearer' }),
    delete: (path: string) => request(t.server).delete(path).auth(t.adminToken, { type: 'bearer' }),
  });

  /** An endpoint for one test, at its own path of the receiver, subscribed to submission.created. */
  async function endpoint(path: string, behave: (seen: number) => Behaviour = () => 'ok') {
    script.set(path, behave);
    const created = await registerWebhook(t, receiver.url(path), ['submission.created']);
    secrets.set(path, [created.secret]);
    return created;
  }

  async function submit(times = 1): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < times; i++) ids.push((await api().post('/api/assignments/sum-squares/submissions').send({ source: GOOD_SOLUTION }).expect(202)).body.id);
    return ids;
  }

  const requestsTo = (path: string) => receiver.requests.filter((r) => r.path === path);
  const deliveriesOf = async (id: string) => (await api().get(`/api/webhooks/${id}/deliveries?limit=500`).expect(200)).body;

  it('retries on the schedule, re-signing every try over the same bytes, then dead-letters; a replay delivers it', async () => {
    let failing = true;
    const hook = await endpoint('/always-failing', () => (failing ? 'error' : 'ok'));
    const [submissionId] = await submit();
    await driveToCompletion(t, clock);

    const tries = requestsTo('/always-failing');
    expect(tries).toHaveLength(RETRY_DELAYS_S.length);
    expect(tries.every((r) => r.verified)).toBe(true);
    expect(new Set(tries.map((r) => r.id)).size).toBe(1);
    expect(new Set(tries.map((r) => r.body)).size).toBe(1);
    expect(new Set(tries.map((r) => r.signature)).size).toBe(tries.length);
    // Each wait is the schedule's, within its ±20 % jitter.
    for (let i = 1; i < tries.length; i++) {
      const waitedS = (tries[i].receivedAtMs - tries[i - 1].receivedAtMs) / 1000;
      expect(waitedS).toBeGreaterThanOrEqual(RETRY_DELAYS_S[i] * 0.8 - 0.001);
      expect(waitedS).toBeLessThanOrEqual(RETRY_DELAYS_S[i] * 1.2 + 0.001);
    }
    const body = JSON.parse(tries[0].body);
    expect(body).toMatchObject({ type: 'submission.created', timestamp: expect.any(String), data: { submissionId, assignment: 'sum-squares', student: { email: ADMIN.email, lmsUserId: null } } });

    const [dead] = await deliveriesOf(hook.id);
    expect(dead).toMatchObject({ eventId: tries[0].id, type: 'submission.created', status: 'dead', attempts: 10, lastResponseStatus: 500, lastResponseBody: 'something broke', lastError: 'answered HTTP 500' });
    expect(dead.nextAttemptAt).toBeUndefined();
    expect((await api().get(`/api/webhooks/${hook.id}`).expect(200)).body.deliveries).toEqual({ pending: 0, sending: 0, delivered: 0, dead: 1 });

    failing = false;
    await api().post(`/api/webhooks/${hook.id}/deliveries/${dead.id}/replay`).expect(202, { replayed: 1 });
    await api().post(`/api/webhooks/${hook.id}/deliveries/${dead.id}/replay`).expect(404);
    await driveToCompletion(t, clock);
    const [delivered] = await deliveriesOf(hook.id);
    expect(delivered).toMatchObject({ id: dead.id, status: 'delivered', attempts: 1, replays: 1, lastResponseStatus: 200, lastResponseBody: 'ok' });
    expect([...receiver.appliedAt('/always-failing').keys()]).toEqual([tries[0].id]);
    await api().delete(`/api/webhooks/${hook.id}`).expect(204);
  });

  it('waits as long as a Retry-After asks, even when the schedule says sooner', async () => {
    const hook = await endpoint('/busy', (seen) => (seen === 0 ? 'rate_limited' : 'ok'));
    await submit();
    await driveToCompletion(t, clock);
    const [first, second] = requestsTo('/busy');
    expect(second.receivedAtMs - first.receivedAtMs).toBeGreaterThanOrEqual(3600 * 1000);
    expect(second.receivedAtMs - first.receivedAtMs).toBeLessThan(3600 * 1000 * 1.2);
    expect((await deliveriesOf(hook.id))[0]).toMatchObject({ status: 'delivered', attempts: 2 });
    await api().delete(`/api/webhooks/${hook.id}`).expect(204);
  });

  it('disables an endpoint that answers 410, dead-letters what waits for it, and sends again once enabled', async () => {
    let gone = true;
    const hook = await endpoint('/gone', () => (gone ? 'gone' : 'ok'));
    await submit(3);
    await driveToCompletion(t, clock, 1);
    expect(requestsTo('/gone')).toHaveLength(1);
    const view = (await api().get(`/api/webhooks/${hook.id}`).expect(200)).body;
    expect(view).toMatchObject({ enabled: false, disabledReason: expect.stringMatching(/^answered 410 Gone on /), deliveries: { dead: 3, pending: 0 } });
    const dead = await deliveriesOf(hook.id);
    expect(dead.filter((d: { lastError?: string }) => d.lastError?.startsWith('not sent: the endpoint was disabled'))).toHaveLength(2);

    await submit();
    expect((await api().get(`/api/webhooks/${hook.id}`).expect(200)).body.deliveries.dead).toBe(3);
    const refused = await api().post(`/api/webhooks/${hook.id}/test`).expect(409);
    expect(refused.body.message).toMatch(/Enable it first: POST \/api\/webhooks\/.+\/enable/);

    gone = false;
    await api().post(`/api/webhooks/${hook.id}/enable`).expect(200);
    await api().post(`/api/webhooks/${hook.id}/deliveries/replay`).expect(202, { replayed: 3 });
    await driveToCompletion(t, clock);
    expect((await api().get(`/api/webhooks/${hook.id}`).expect(200)).body.deliveries).toEqual({ pending: 0, sending: 0, delivered: 3, dead: 0 });
    expect(receiver.appliedAt('/gone').size).toBe(3);
    await api().delete(`/api/webhooks/${hook.id}`).expect(204);
  });

  it('over a few hundred events answered at random, ends every delivery delivered or dead, each webhook-id applied at most once', async () => {
    const random = seeded(20261126);
    const flaky = (seen: number): Behaviour => {
      void seen;
      const r = random();
      return r < 0.5 ? 'ok' : r < 0.7 ? 'error' : r < 0.8 ? 'timeout' : 'rate_limited';
    };
    const paths = ['/random-1', '/random-2', '/random-3', '/random-doomed'];
    const hooks = new Map<string, string>();
    for (const path of paths) hooks.set(path, (await endpoint(path, path === '/random-doomed' ? (seen) => (seen === 40 ? 'gone' : flaky(seen)) : flaky)).id);
    const started = Date.now();
    await submit(80);
    const outcomes = await driveToCompletion(t, clock);

    let delivered = 0;
    let dead = 0;
    for (const path of paths) {
      const deliveries: { eventId: string; status: string }[] = await deliveriesOf(hooks.get(path)!);
      expect(deliveries).toHaveLength(80);
      const applied = receiver.appliedAt(path);
      for (const delivery of deliveries) {
        expect(['delivered', 'dead']).toContain(delivery.status);
        // Delivered means the receiver has it; a dead letter may have arrived too (its answer came too late).
        if (delivery.status === 'delivered') expect(applied.has(delivery.eventId)).toBe(true);
      }
      const eventIds = new Set(deliveries.map((d) => d.eventId));
      expect([...applied.keys()].every((id) => eventIds.has(id))).toBe(true);
      delivered += deliveries.filter((d) => d.status === 'delivered').length;
      dead += deliveries.filter((d) => d.status === 'dead').length;
    }
    const ours = receiver.requests.filter((r) => paths.includes(r.path));
    expect(ours.every((r) => r.verified)).toBe(true);
    const appliedTwice = ours.filter((r) => r.applied).map((r) => `${r.path} ${r.id}`);
    expect(new Set(appliedTwice).size).toBe(appliedTwice.length);
    expect(delivered + dead).toBe(320);
    expect((await api().get(`/api/webhooks/${hooks.get('/random-doomed')}`).expect(200)).body.enabled).toBe(false);
    expect(outcomes.filter((o) => o === 'retry').length).toBeGreaterThan(50);
    process.stderr.write(
      `random receiver: 320 deliveries, ${ours.length} requests, ${delivered} delivered, ${dead} dead, ${receiver.duplicatesIgnored} duplicates ignored, ${Date.now() - started} ms\n`,
    );
    for (const id of hooks.values()) await api().delete(`/api/webhooks/${id}`).expect(204);
  });

  it('fails verification when the body, timestamp, id or secret is tampered with', async () => {
    const hook = await endpoint('/tamper');
    await submit();
    await driveToCompletion(t, clock);
    const [sent] = requestsTo('/tamper');
    const [secret] = secrets.get('/tamper')!;
    const now = clock.now().getTime();
    const check = (s: string, id: string, ts: string, body: string) => verifyStandardWebhook([s], id, ts, sent.signature, body, now);
    const ours = (s: string, id: string, ts: string, body: string) =>
      verifySignature({ 'webhook-id': id, 'webhook-timestamp': ts, 'webhook-signature': sent.signature }, body, [s], Math.floor(now / 1000)).ok;
    const ts = String(sent.timestampS);
    for (const verify of [check, ours]) {
      expect(verify(secret, sent.id, ts, sent.body)).toBe(true);
      expect(verify(secret, sent.id, ts, sent.body.replace('"sum-squares"', '"sum-squarez"'))).toBe(false);
      expect(verify(secret, sent.id, ts, `${sent.body} `)).toBe(false);
      expect(verify(secret, sent.id, String(sent.timestampS + 1), sent.body)).toBe(false);
      expect(verify(secret, `${sent.id}x`, ts, sent.body)).toBe(false);
      expect(verify(`whsec_${Buffer.alloc(32, 7).toString('base64')}`, sent.id, ts, sent.body)).toBe(false);
    }
    await api().delete(`/api/webhooks/${hook.id}`).expect(204);
  });

  it('signs with the old and the new secret during a rotation\'s grace period, then with the new one only', async () => {
    const hook = await endpoint('/rotating');
    const [oldSecret] = secrets.get('/rotating')!;
    const rotated = await api().post(`/api/webhooks/${hook.id}/rotate-secret`).expect(200);
    expect(rotated.body).toEqual({ secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/), previousSecretValidUntil: new Date(clock.now().getTime() + 86400_000).toISOString() });
    await submit();
    await driveToCompletion(t, clock);
    const during = requestsTo('/rotating').at(-1)!;
    const verifies = (s: string, r: typeof during) => verifyStandardWebhook([s], r.id, String(r.timestampS), r.signature, r.body, r.receivedAtMs);
    expect(during.signature.split(' ')).toHaveLength(2);
    expect(verifies(oldSecret, during)).toBe(true);
    expect(verifies(rotated.body.secret, during)).toBe(true);

    clock.advance(86400_000 + 1000);
    await submit();
    await driveToCompletion(t, clock);
    const after = requestsTo('/rotating').at(-1)!;
    expect(after.signature.split(' ')).toHaveLength(1);
    expect(verifies(oldSecret, after)).toBe(false);
    expect(verifies(rotated.body.secret, after)).toBe(true);
    await api().delete(`/api/webhooks/${hook.id}`).expect(204);
  });

  it('lets instructors only manage endpoints, and refuses bad URLs and events with a reason', async () => {
    const studentEmail = `webhook-student-${Date.now()}@test.local`;
    await api().post('/api/users').send({ email: studentEmail, name: 'S', role: 'student', password: 'student password' }).expect(201);
    const student = (await request(t.server).post('/api/auth/login').send({ email: studentEmail, password: 'student password' }).expect(200)).body.token;
    await request(t.server).get('/api/webhooks').auth(student, { type: 'bearer' }).expect(403);
    await request(t.server).post('/api/webhooks').auth(student, { type: 'bearer' }).send({ url: receiver.url('/x'), events: ['submission.graded'] }).expect(403);
    await request(t.server).get('/api/webhooks').expect(401);

    const bad = async (body: object, message: RegExp) => expect((await api().post('/api/webhooks').send(body).expect(400)).body.message).toMatch(message);
    await bad({ url: 'ftp://lms.example.edu/hook', events: ['submission.graded'] }, /url: must start with https:\/\//);
    await bad({ url: 'not a url', events: ['submission.graded'] }, /is not a URL/);
    await bad({ url: 'https://user:pw@lms.example.edu/hook', events: ['submission.graded'] }, /must not contain a user name or password/);
    await bad({ url: 'https://lms.example.edu/hook', events: ['submission.deleted'] }, /events\.0: must be one of submission\.created, submission\.graded, grade\.updated/);
    await bad({ url: 'https://lms.example.edu/hook', events: [] }, /events: must NOT have fewer than 1 items/);

    const listed = (await api().get('/api/webhooks').expect(200)).body;
    expect(JSON.stringify(listed)).not.toContain('whsec_');
    await api().get('/api/webhooks/not-an-id').expect(404);
    await api().delete('/api/webhooks/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('queues a ping to one endpoint with POST …/test', async () => {
    const hook = await endpoint('/ping');
    const ping = await api().post(`/api/webhooks/${hook.id}/test`).expect(202);
    await driveToCompletion(t, clock);
    const [arrived] = requestsTo('/ping');
    expect(arrived.id).toBe(ping.body.eventId);
    expect(JSON.parse(arrived.body)).toMatchObject({ type: 'ping', data: { endpointId: hook.id } });
    expect((await deliveriesOf(hook.id))[0]).toMatchObject({ id: ping.body.deliveryId, status: 'delivered', type: 'ping' });
    await api().delete(`/api/webhooks/${hook.id}`).expect(204);
  });
});
