import request from 'supertest';
import { WebhookReceiver, type Behaviour } from '../../bench/webhooks-receiver.js';
import { GOOD_SOLUTION } from './support/test-app.js';
import { createTestDatabase, databasesUnderTest, type TestDatabase } from './support/test-database.js';
import { eventually, FakeClock, registerWebhook, startWebhookApp, type WebhookTestApp } from './webhooks-app.js';

/**
 * The server stops while deliveries are waiting, in flight, and held by a sender that died without a word
 * (its lease still running); a new server on the same database delivers every one of them.
 */
describe.each(databasesUnderTest())('webhook deliveries across a restart on %s', (kind) => {
  let database: TestDatabase;
  let running: WebhookTestApp | undefined;
  const clock = new FakeClock();
  const secrets = new Map<string, string[]>();
  let behaviour: Behaviour = 'timeout';
  const receiver = new WebhookReceiver({ secrets, choose: () => behaviour, nowMs: () => clock.now().getTime(), holdMs: 20_000 });
  const env = { GRADER_CONCURRENCY: '0', WEBHOOK_SENDERS: '2', WEBHOOK_TIMEOUT_MS: '10000', SHUTDOWN_GRACE_S: '1' };

  beforeAll(async () => {
    database = await createTestDatabase(kind, 'webhooks_restart');
    await receiver.start();
  });

  afterAll(async () => {
    await running?.close();
    await receiver.stop();
    await database?.drop();
  });

  it('loses no delivery that was waiting, in flight, or held by a sender that died', async () => {
    const first = (running = await startWebhookApp(database, env, clock));
    const hook = await registerWebhook(first, receiver.url('/restart'), ['submission.created']);
    secrets.set('/restart', [hook.secret]);
    for (let i = 0; i < 10; i++) {
      await request(first.server).post('/api/assignments/sum-squares/submissions').auth(first.adminToken, { type: 'bearer' }).send({ source: GOOD_SOLUTION }).expect(202);
    }
    // Both senders are now stuck on a receiver that takes the event but does not answer.
    await receiver.waitFor(() => receiver.requests.length === 2, 10_000, 'two tries in flight');
    // A sender on another machine claims three and dies: nobody hears from it again.
    const now = clock.now();
    const orphaned = await first.deliveries.claim('machine-that-died:1:webhooks', now, new Date(now.getTime() + 40_000), 3);
    expect(orphaned).toHaveLength(3);
    expect(await first.deliveries.countByState()).toEqual({ pending: 5, sending: 5, delivered: 0, dead: 0 });

    await first.close();
    running = undefined;
    // The two in flight were handed back (due again, not counted as tries); the orphans keep their lease.
    behaviour = 'ok';
    const second = (running = await startWebhookApp(database, env, clock));
    await eventually(async () => (await second.deliveries.countByState()).delivered === 7, 20_000, 'the waiting and the handed-back deliveries');
    expect(await second.deliveries.countByState()).toEqual({ pending: 0, sending: 3, delivered: 7, dead: 0 });
    expect(receiver.appliedAt('/restart').size).toBe(7);

    clock.advance(41_000);
    await eventually(async () => (await second.deliveries.countByState()).delivered === 10, 20_000, 'the orphaned deliveries, once their lease ran out');
    expect(await second.deliveries.countByState()).toEqual({ pending: 0, sending: 0, delivered: 10, dead: 0 });
    expect(receiver.appliedAt('/restart').size).toBe(10);
    expect(receiver.requests).toHaveLength(12);
    // 12 requests for 10 events: the two cut off by the restart arrived twice and were applied once.
    expect(receiver.requests.every((r) => r.verified)).toBe(true);
    expect(receiver.duplicatesIgnored).toBe(2);
    const deliveries = (await request(second.server).get(`/api/webhooks/${hook.id}/deliveries`).auth(second.adminToken, { type: 'bearer' }).expect(200)).body;
    expect(deliveries.map((d: { eventId: string }) => d.eventId).sort()).toEqual([...receiver.appliedAt('/restart').keys()].sort());
  });
});
