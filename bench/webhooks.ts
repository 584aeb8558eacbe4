import 'reflect-metadata';
import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Clock } from '../src/common/clock.js';
import { ConfigService } from '../src/config/config.service.js';
import { DatabaseModule } from '../src/database/database.module.js';
import { Transactions } from '../src/database/transactions.js';
import { DeliveryPool } from '../src/webhooks/delivery-pool.service.js';
import type { TryOutcome } from '../src/webhooks/delivery.processor.js';
import { newSecret } from '../src/webhooks/standard-webhooks.js';
import { WebhookDeliveriesRepository } from '../src/webhooks/webhook-deliveries.repository.js';
import { WebhookDeliveryModule } from '../src/webhooks/webhook-delivery.module.js';
import { WebhookEndpointsRepository } from '../src/webhooks/webhook-endpoints.repository.js';
import { WebhookOutbox } from '../src/webhooks/webhook-outbox.service.js';
import { WebhookOutboxModule } from '../src/webhooks/webhook-outbox.module.js';
import { seeded, WebhookReceiver, type Behaviour } from './webhooks-receiver.js';

/** The benchmark's time: retries hours apart happen at once. */
class BenchClock extends Clock {
  private ms = Date.now();
  now(): Date {
    return new Date(this.ms);
  }
  moveTo(at: Date): void {
    this.ms = Math.max(this.ms, at.getTime());
  }
}

const SENDERS = 32;
const TIMEOUT_MS = 300;

/**
 * Delivery under failure: `events` events fanned out to five endpoints of a local receiver (127.0.0.1) that
 * verifies every signature and answers at random — 2xx, 500, a timeout after taking the event, 429 with
 * Retry-After — plus one endpoint that is always down (every delivery goes through all ten tries) and one
 * that answers 410 after a while. The real senders, outbox and database (embedded); the clock jumps to the
 * next due try, so three days of retries take seconds. Returns a Markdown section.
 */
export async function webhooksBench(events = 200): Promise<string> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'perfgrade-bench-webhooks-'));
  const clock = new BenchClock();
  const config = new ConfigService({
    ...process.env,
    DATABASE_URL: '',
    DATA_DIR: dataDir,
    GRADER_CONCURRENCY: '0',
    WEBHOOK_SENDERS: '0',
    WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
    WEBHOOK_TIMEOUT_MS: String(TIMEOUT_MS),
  });

  @Global()
  @Module({ providers: [{ provide: ConfigService, useValue: config }, { provide: Clock, useValue: clock }], exports: [ConfigService, Clock] })
  class BenchSettingsModule {}

  @Module({ imports: [BenchSettingsModule, DatabaseModule, WebhookOutboxModule, WebhookDeliveryModule] })
  class WebhooksBenchModule {}

  const random = seeded(5);
  const flaky = (): Behaviour => {
    const r = random();
    return r < 0.55 ? 'ok' : r < 0.7 ? 'error' : r < 0.8 ? 'timeout' : 'rate_limited';
  };
  const behaviours: Record<string, (seen: number) => Behaviour> = {
    '/flaky-1': flaky,
    '/flaky-2': flaky,
    '/flaky-3': flaky,
    '/always-down': () => 'error',
    '/gone-later': (seen) => (seen >= 50 ? 'gone' : flaky()),
  };
  const secrets = new Map<string, string[]>();
  const receiver = new WebhookReceiver({ secrets, choose: ({ path: p, seen }) => behaviours[p](seen), nowMs: () => clock.now().getTime(), holdMs: TIMEOUT_MS * 2, retryAfterS: 60 });
  await receiver.start();
  const app = await NestFactory.createApplicationContext(WebhooksBenchModule, { logger: ['error'] });
  try {
    const endpoints = app.get(WebhookEndpointsRepository);
    for (const p of Object.keys(behaviours)) {
      const secret = newSecret();
      secrets.set(p, [secret]);
      await endpoints.insert({ url: receiver.url(p), description: p, events: ['submission.graded'], secret, createdBy: null, now: clock.now() });
    }
    const outbox = app.get(WebhookOutbox);
    const transactions = app.get(Transactions);
    for (let i = 0; i < events; i++) {
      await transactions.run((tx) => outbox.publish(tx, 'submission.graded', { benchmark: true, n: i, score: Math.round(random() * 10000) / 100 }));
    }

    const pool = app.get(DeliveryPool);
    const deliveries = app.get(WebhookDeliveriesRepository);
    const startedAt = clock.now().getTime();
    const wallStarted = Date.now();
    const outcomes: TryOutcome[] = [];
    for (;;) {
      outcomes.push(...(await pool.runDue(SENDERS)));
      const counts = await deliveries.countByState();
      if (counts.pending === 0 && counts.sending === 0) break;
      const next = await deliveries.nextDueAt();
      if (next) clock.moveTo(next);
    }
    const wallS = (Date.now() - wallStarted) / 1000;
    const simulatedH = (clock.now().getTime() - startedAt) / 3_600_000;
    const counts = await deliveries.countByState();
    const applied = receiver.requests.filter((r) => r.applied).map((r) => `${r.path} ${r.id}`);
    const duplicatesApplied = applied.length - new Set(applied).size;
    const badSignatures = receiver.requests.filter((r) => !r.verified).length;
    const total = counts.delivered + counts.dead;
    const tally = (o: TryOutcome) => outcomes.filter((x) => x === o).length;
    const rows = [
      ['events', String(events)],
      ['endpoints', `${Object.keys(behaviours).length} (3 answering at random, 1 always down, 1 answering 410 after 50 requests)`],
      ['deliveries', String(total)],
      ['HTTP requests', String(receiver.requests.length)],
      ['retries (tries after a failed one)', String(tally('retry'))],
      ['delivered', String(counts.delivered)],
      ['dead letters', `${counts.dead} (after ten tries, or their endpoint disabled by 410)`],
      ['unfinished deliveries', String(counts.pending + counts.sending)],
      ['duplicates received (the answer to the first came too late) and ignored', String(receiver.duplicatesIgnored)],
      ['duplicates applied', String(duplicatesApplied)],
      ['signatures that failed verification', String(badSignatures)],
      ['simulated time (retry schedule)', `${simulatedH.toFixed(1)} h`],
      ['wall time', `${wallS.toFixed(1)} s (${(receiver.requests.length / wallS).toFixed(0)} requests/s; ${SENDERS} at once, ${TIMEOUT_MS} ms timeout, embedded PGlite)`],
    ];
    return (
      `${events} events to 5 endpoints of a local receiver that verifies every signature and answers 2xx, 500, a late answer (timeout), 429 with Retry-After or 410, ` +
      `on a clock that jumps to each next try (schedule 0, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h ±20 %).\n\n` +
      `| figure | value |\n|---|---|\n${rows.map(([k, v]) => `| ${k} | ${v} |`).join('\n')}`
    );
  } finally {
    await app.close();
    await receiver.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
