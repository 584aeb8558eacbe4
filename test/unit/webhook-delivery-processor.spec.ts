import { Logger } from '@nestjs/common';
import { ConfigService } from '../../src/config/config.service.js';
import type { Tx } from '../../src/database/transactions.js';
import { DeliveryProcessor } from '../../src/webhooks/delivery.processor.js';
import { RETRY_DELAYS_S } from '../../src/webhooks/retry-schedule.js';
import { verifySignature } from '../../src/webhooks/standard-webhooks.js';
import type { AttemptResult, ClaimedDelivery, DeliveryState, WebhookDeliveriesRepository } from '../../src/webhooks/webhook-deliveries.repository.js';
import type { WebhookEndpointsRepository } from '../../src/webhooks/webhook-endpoints.repository.js';
import type { SendOutcome, WebhookHttpClient } from '../../src/webhooks/webhook-http.client.js';
import { fakeTransactions, TestClock } from '../support/fakes.js';

/** One try of a delivery against a scripted receiver: what is written back and when the next try is due. */
const NOW = new Date('2026-03-02T09:00:00Z');
const SECRET = 'whsec_' + Buffer.alloc(32, 7).toString('base64');

function delivery(overrides: Partial<ClaimedDelivery> = {}): ClaimedDelivery {
  return {
    id: 'd1',
    attempts: 1,
    owner: 'sender',
    eventId: 'evt-1',
    type: 'submission.graded',
    body: '{"type":"submission.graded"}',
    endpointId: 'e1',
    url: 'https://lms.example/hook',
    secrets: [SECRET],
    endpointDisabledReason: null,
    ...overrides,
  };
}

function processorWith(answer: (headers: Record<string, string>, signal?: AbortSignal) => SendOutcome, options: { held?: boolean } = {}) {
  const written: { call: string; result?: AttemptResult; nextAt?: Date | null }[] = [];
  const held = options.held ?? true;
  const deliveries = {
    delivered: async (_d: ClaimedDelivery, result: AttemptResult) => (written.push({ call: 'delivered', result }), held),
    failed: async (_d: ClaimedDelivery, result: AttemptResult, nextAt: Date | null): Promise<DeliveryState | null> => {
      written.push({ call: 'failed', result, nextAt });
      return held ? (nextAt === null ? 'dead' : 'pending') : null;
    },
    release: async () => (written.push({ call: 'release' }), true),
  } as unknown as WebhookDeliveriesRepository;
  const endpoints = { disable: async (_tx: Tx, id: string, reason: string) => written.push({ call: `disable ${id}: ${reason}` }) } as unknown as WebhookEndpointsRepository;
  let sent: Record<string, string> = {};
  const http = {
    post: async (_url: URL, headers: Record<string, string>, _body: string, _timeoutMs: number, signal?: AbortSignal) => {
      sent = headers;
      return answer(headers, signal);
    },
  } as unknown as WebhookHttpClient;
  const transactions = fakeTransactions();
  const processor = new DeliveryProcessor(deliveries, endpoints, http, transactions, new ConfigService({}), new TestClock(NOW));
  return { processor, written, headers: () => sent };
}

const answered = (status: number, retryAfter?: string): SendOutcome => ({ kind: 'answered', status, retryAfter, excerpt: `status ${status}`, durationMs: 5 });

describe('a webhook delivery try', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('is signed (Standard Webhooks) and, answered 2xx, delivered', async () => {
    const { processor, written, headers } = processorWith(() => answered(204));
    await expect(processor.run(delivery())).resolves.toBe('delivered');
    expect(written).toEqual([{ call: 'delivered', result: { status: 204, excerpt: 'status 204', error: null } }]);
    expect(verifySignature(headers(), '{"type":"submission.graded"}', [SECRET], NOW.getTime() / 1000)).toMatchObject({ ok: true, id: 'evt-1' });
  });

  it('answered otherwise, is tried again on the schedule (±20 %)', async () => {
    const { processor, written } = processorWith(() => answered(500));
    await expect(processor.run(delivery({ attempts: 3 }))).resolves.toBe('retry');
    const { result, nextAt } = written[0];
    expect(result).toEqual({ status: 500, excerpt: 'status 500', error: 'answered HTTP 500' });
    const delayS = (nextAt!.getTime() - NOW.getTime()) / 1000;
    expect(delayS).toBeGreaterThanOrEqual(RETRY_DELAYS_S[3] * 0.8);
    expect(delayS).toBeLessThanOrEqual(RETRY_DELAYS_S[3] * 1.2);
  });

  it('waits at least as long as Retry-After asks', async () => {
    const { processor, written } = processorWith(() => answered(503, '7200'));
    await processor.run(delivery({ attempts: 1 }));
    expect((written[0].nextAt!.getTime() - NOW.getTime()) / 1000).toBe(7200);
  });

  it('is dead-lettered after the last try, and when no answer came, says why', async () => {
    const { processor, written } = processorWith(() => ({ kind: 'failed', error: 'connect ECONNREFUSED', durationMs: 1 }));
    await expect(processor.run(delivery({ attempts: RETRY_DELAYS_S.length }))).resolves.toBe('dead');
    expect(written).toEqual([{ call: 'failed', result: { status: null, excerpt: null, error: 'connect ECONNREFUSED' }, nextAt: null }]);
  });

  it('answered 410 Gone, disables the endpoint and is dead', async () => {
    const { processor, written } = processorWith(() => answered(410));
    await expect(processor.run(delivery())).resolves.toBe('disabled');
    expect(written.map((w) => w.call)).toEqual([`disable e1: answered 410 Gone on ${NOW.toISOString()}`, 'failed']);
    expect(written[1].nextAt).toBeNull();
  });

  it('is not sent to an endpoint disabled since it was queued', async () => {
    let posted = 0;
    const { processor, written } = processorWith(() => (posted++, answered(200)));
    await expect(processor.run(delivery({ endpointDisabledReason: 'answered 410 Gone' }))).resolves.toBe('dead');
    expect(posted).toBe(0);
    expect(written[0].result?.error).toBe('not sent: the endpoint was disabled (answered 410 Gone)');
  });

  it('cut off by a shutdown, goes back uncounted', async () => {
    const stopping = new AbortController();
    stopping.abort();
    const { processor, written } = processorWith(() => ({ kind: 'failed', error: 'the sender is shutting down', durationMs: 1 }));
    await expect(processor.run(delivery(), stopping.signal)).resolves.toBe('released');
    expect(written).toEqual([{ call: 'release' }]);
  });

  it('taken over by another sender meanwhile, writes nothing that sticks', async () => {
    const { processor } = processorWith(() => answered(200), { held: false });
    await expect(processor.run(delivery())).resolves.toBe('lost');
  });
});
