import type { Caller } from '../../src/accounts/caller.js';
import { DomainError } from '../../src/common/domain-error.js';
import { ConfigService } from '../../src/config/config.service.js';
import type { Tx } from '../../src/database/transactions.js';
import type { UrlGuard } from '../../src/webhooks/url-guard.js';
import type { WebhookDeliveriesRepository } from '../../src/webhooks/webhook-deliveries.repository.js';
import type { EndpointRecord, NewEndpoint, WebhookEndpointsRepository } from '../../src/webhooks/webhook-endpoints.repository.js';
import type { WebhookOutbox } from '../../src/webhooks/webhook-outbox.service.js';
import { WebhooksService } from '../../src/webhooks/webhooks.service.js';
import { fakeTransactions, TestClock } from '../support/fakes.js';

/** Managing endpoints against in-memory tables: secrets shown once, rotation with a grace period, pings and replays. */
const NOW = new Date('2026-03-02T09:00:00Z');
const ID = '22222222-2222-4222-8222-222222222222';
const GRACE: Caller = { id: 'i1', email: 'grace@uni.test', name: 'Grace', role: 'instructor' };

function serviceWith(options: { refuseUrl?: boolean; pingDelivers?: boolean } = {}) {
  const endpoints = new Map<string, EndpointRecord & { secret: string }>();
  const replays: [string, string | null][] = [];
  const endpointsRepository = {
    insert: async (endpoint: NewEndpoint) => {
      const record = { id: ID, url: endpoint.url, description: endpoint.description, events: endpoint.events, createdBy: endpoint.createdBy, createdAt: NOW, disabledAt: null, disabledReason: null, previousSecretExpiresAt: null, secret: endpoint.secret };
      endpoints.set(ID, record);
      return record;
    },
    find: async (id: string) => endpoints.get(id) ?? null,
    rotate: async (id: string, secret: string, graceUntil: Date) => {
      const endpoint = endpoints.get(id);
      if (endpoint) endpoints.set(id, { ...endpoint, secret, previousSecretExpiresAt: graceUntil });
      return Boolean(endpoint);
    },
  } as unknown as WebhookEndpointsRepository;
  const deliveries = {
    countByState: async () => ({ pending: 0, sending: 0, delivered: 0, dead: 0 }),
    replay: async (endpointId: string, deliveryId: string | null) => (replays.push([endpointId, deliveryId]), deliveryId === null ? 4 : 0),
  } as unknown as WebhookDeliveriesRepository;
  const outbox = { ping: async () => ({ eventId: 'evt', deliveryId: options.pingDelivers === false ? undefined : 'del' }) } as unknown as WebhookOutbox;
  const guard = {
    check: async (raw: string) => {
      if (options.refuseUrl) throw new DomainError('invalid', 'url: 127.0.0.1 is a loopback or private address');
      return new URL(raw);
    },
  } as unknown as UrlGuard;
  const transactions = fakeTransactions();
  const service = new WebhooksService(endpointsRepository, deliveries, outbox, guard, transactions, new ConfigService({ WEBHOOK_SECRET_GRACE_S: '3600' }), new TestClock(NOW));
  return { service, endpoints, replays };
}

describe('webhook endpoints', () => {
  it('are registered with a whsec_ secret shown only in that answer', async () => {
    const { service } = serviceWith();
    const created = await service.create(GRACE, { url: 'https://lms.example/hook', events: ['submission.graded'], description: ' Moodle ' });
    expect(created).toMatchObject({ id: ID, url: 'https://lms.example/hook', description: 'Moodle', enabled: true, secret: expect.stringMatching(/^whsec_/) });
    expect(await service.get(ID)).not.toHaveProperty('secret');
  });

  it('are refused when the URL guard says no, and nothing is stored', async () => {
    const { service, endpoints } = serviceWith({ refuseUrl: true });
    await expect(service.create(GRACE, { url: 'http://127.0.0.1/hook', events: ['submission.graded'] })).rejects.toMatchObject({ kind: 'invalid' });
    expect(endpoints.size).toBe(0);
  });

  it('rotate their secret with the old one valid for the grace period', async () => {
    const { service } = serviceWith();
    await service.create(GRACE, { url: 'https://lms.example/hook', events: ['submission.graded'] });
    const rotated = await service.rotateSecret(ID);
    expect(rotated.previousSecretValidUntil).toBe('2026-03-02T10:00:00.000Z');
    expect((await service.get(ID)).previousSecretValidUntil).toBe('2026-03-02T10:00:00.000Z');
  });

  it('take a ping only while enabled', async () => {
    const { service, endpoints } = serviceWith();
    await service.create(GRACE, { url: 'https://lms.example/hook', events: ['submission.graded'] });
    await expect(service.ping(ID)).resolves.toEqual({ eventId: 'evt', deliveryId: 'del' });
    endpoints.set(ID, { ...endpoints.get(ID)!, disabledAt: NOW, disabledReason: 'answered 410 Gone' });
    await expect(service.ping(ID)).rejects.toMatchObject({ kind: 'conflict', message: `The endpoint is disabled (answered 410 Gone). Enable it first: POST /api/webhooks/${ID}/enable.` });
  });

  it('replay their dead letters, all or a named one, and say when there is none', async () => {
    const { service, replays } = serviceWith();
    await service.create(GRACE, { url: 'https://lms.example/hook', events: ['submission.graded'] });
    await expect(service.replay(ID)).resolves.toEqual({ replayed: 4 });
    await expect(service.replay(ID, 'not-a-uuid')).rejects.toMatchObject({ kind: 'not_found' });
    await expect(service.replay(ID, ID)).rejects.toMatchObject({ kind: 'not_found' });
    expect(replays).toEqual([
      [ID, null],
      [ID, ID],
    ]);
  });

  it('that do not exist are not found, whatever the id looks like', async () => {
    const { service } = serviceWith();
    await expect(service.get('nope')).rejects.toMatchObject({ kind: 'not_found' });
    await expect(service.get(ID)).rejects.toMatchObject({ kind: 'not_found' });
  });
});
