import 'reflect-metadata';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../../src/app.module.js';
import { Clock } from '../../src/common/clock.js';
import { configureApp } from '../../src/http/configure-app.js';
import { ConfigService } from '../../src/config/config.service.js';
import { DeliveryPool } from '../../src/webhooks/delivery-pool.service.js';
import type { TryOutcome } from '../../src/webhooks/delivery.processor.js';
import { WebhookDeliveriesRepository } from '../../src/webhooks/webhook-deliveries.repository.js';
import { ADMIN, login, testSettings } from './support/test-app.js';
import type { TestDatabase } from './support/test-database.js';

/** A clock the test moves: retries hours apart happen in milliseconds. */
export class FakeClock extends Clock {
  constructor(private ms = Date.parse('2026-03-02T09:00:00Z')) {
    super();
  }

  now(): Date {
    return new Date(this.ms);
  }

  advance(ms: number): void {
    this.ms += ms;
  }

  set(at: Date): void {
    this.ms = Math.max(this.ms, at.getTime());
  }
}

export interface WebhookTestApp {
  app: NestExpressApplication;
  server: ReturnType<NestExpressApplication['getHttpServer']>;
  config: ConfigService;
  adminToken: string;
  pool: DeliveryPool;
  deliveries: WebhookDeliveriesRepository;
  close(): Promise<void>;
}

/**
 * The real application on a given database (so a test can stop it and start another on the same data), with
 * private URLs allowed (the receiver is on 127.0.0.1) and, optionally, a clock the test moves. Like
 * support/test-app.ts, which always makes a fresh database and the real clock.
 */
export async function startWebhookApp(database: TestDatabase, env: Record<string, string> = {}, clock?: Clock): Promise<WebhookTestApp> {
  const config = new ConfigService({
    ...testSettings(),
    SHUTDOWN_GRACE_S: '2',
    WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
    WEBHOOK_POLL_MS: '100',
    ...database.env,
    ...env,
  });
  let builder = Test.createTestingModule({ imports: [AppModule] }).overrideProvider(ConfigService).useValue(config);
  if (clock) builder = builder.overrideProvider(Clock).useValue(clock);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: ['error'] });
  configureApp(app);
  await app.init();
  const server = app.getHttpServer();
  return {
    app,
    server,
    config,
    adminToken: await login(server, ADMIN.email, ADMIN.password),
    pool: app.get(DeliveryPool),
    deliveries: app.get(WebhookDeliveriesRepository),
    close: () => app.close(),
  };
}

/** Registers an endpoint through the API; returns its id and secret. */
export async function registerWebhook(t: WebhookTestApp, url: string, events: string[] = ['submission.created', 'submission.graded', 'grade.updated']): Promise<{ id: string; secret: string }> {
  const response = await request(t.server).post('/api/webhooks').auth(t.adminToken, { type: 'bearer' }).send({ url, events, description: 'test receiver' }).expect(201);
  return { id: response.body.id, secret: response.body.secret };
}

/**
 * With senders off (WEBHOOK_SENDERS=0): sends whatever is due, moves the clock to the next due try, and
 * again, until every delivery is delivered or dead. Returns every try's outcome.
 */
export async function driveToCompletion(t: WebhookTestApp, clock: FakeClock, concurrency = 16, maxRounds = 10_000): Promise<TryOutcome[]> {
  const outcomes: TryOutcome[] = [];
  for (let round = 0; round < maxRounds; round++) {
    outcomes.push(...(await t.pool.runDue(concurrency)));
    const counts = await t.deliveries.countByState();
    if (counts.pending === 0 && counts.sending === 0) return outcomes;
    const next = await t.deliveries.nextDueAt();
    if (next) clock.set(next);
  }
  throw new Error(`deliveries still unfinished after ${maxRounds} rounds`);
}

/** Polls (real time) until `check` resolves true. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 20_000, what = 'the condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`${what}: not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
