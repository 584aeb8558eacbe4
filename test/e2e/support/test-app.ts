import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import path from 'node:path';
import request from 'supertest';
import { AppModule } from '../../../src/app.module.js';
import { configureApp } from '../../../src/http/configure-app.js';
import { ConfigService } from '../../../src/config/config.service.js';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './test-database.js';

export const FIXTURE_ASSIGNMENTS = path.resolve('test/fixtures/service-assignments');
export const ADMIN = { email: 'admin@test.local', password: 'admin password 1' };

export interface TestApp {
  app: INestApplication;
  server: ReturnType<INestApplication['getHttpServer']>;
  database: TestDatabase;
  config: ConfigService;
  /** Bearer token of the first instructor. */
  adminToken: string;
  /** Stops the app and drops its database. */
  close(): Promise<void>;
  /** Stops the app, keeping the database for a restart. */
  stop(): Promise<void>;
}

/** Settings every e2e app shares: the small test assignments, a known instructor, quick retries and polls. */
export const testSettings = (): Record<string, string | undefined> => ({
  ...process.env,
  ASSIGNMENTS_DIR: FIXTURE_ASSIGNMENTS,
  ADMIN_EMAIL: ADMIN.email,
  ADMIN_PASSWORD: ADMIN.password,
  JOB_RETRY_BASE_S: '0',
  WORKER_POLL_MS: '200',
  // Expected errors (a broken assignment, a refused upload) would read as failures in CI output; LOG_LEVEL=info shows them.
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
});

/**
 * The real application (real database, real sandbox, real grading) on a fresh database, configured exactly as
 * main.ts does, with the small test assignments. `env` overrides settings (e.g. GRADER_CONCURRENCY=0).
 */
export async function startTestApp(kind: DatabaseKind, label: string, env: Record<string, string> = {}, reuse?: TestDatabase): Promise<TestApp> {
  // `reuse`: a restart on the same database (the caller closed the previous app with `stop()` and drops it itself).
  const database = reuse ?? (await createTestDatabase(kind, label));
  const config = new ConfigService({
    ...testSettings(),
    SHUTDOWN_GRACE_S: '5',
    ...database.env,
    ...env,
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).overrideProvider(ConfigService).useValue(config).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: ['error', 'warn'] });
  configureApp(app);
  await app.init();
  const server = app.getHttpServer();
  const adminToken = await login(server, ADMIN.email, ADMIN.password);
  return {
    app,
    server,
    database,
    config,
    adminToken,
    close: async () => {
      await app.close();
      await database.drop();
    },
    stop: () => app.close(),
  };
}

export async function login(server: TestApp['server'], email: string, password: string): Promise<string> {
  const response = await request(server).post('/api/auth/login').send({ email, password }).expect(200);
  return response.body.token;
}

let studentCount = 0;

/** A new student with a password, logged in: returns their id and bearer token. */
export async function newStudent(t: TestApp, name = 'Student'): Promise<{ id: string; email: string; token: string }> {
  const email = `student${++studentCount}-${Date.now()}@test.local`;
  const password = 'student password';
  const created = await request(t.server).post('/api/users').auth(t.adminToken, { type: 'bearer' }).send({ email, name, role: 'student', password }).expect(201);
  return { id: created.body.user.id, email, token: await login(t.server, email, password) };
}

/** Posts a solution as a multipart upload; returns the response (for status checks). */
export function submitFile(t: TestApp, token: string, slug: string, source: string | Buffer, filename = 'solution.py') {
  return request(t.server)
    .post(`/api/assignments/${slug}/submissions`)
    .auth(token, { type: 'bearer' })
    .attach('file', Buffer.isBuffer(source) ? source : Buffer.from(source), filename);
}

/** Polls GET /api/submissions/:id until the submission has a final status (graded, rejected, error). */
export async function waitForResult(t: TestApp, token: string, id: string, timeoutMs = 90_000): Promise<any> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const response = await request(t.server).get(`/api/submissions/${id}`).auth(token, { type: 'bearer' }).expect(200);
    if (!['queued', 'running'].includes(response.body.status) && !response.body.queue) return response.body;
    if (Date.now() > until) throw new Error(`submission ${id} still ${response.body.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Reads a whole Server-Sent Events stream (it ends after "done") as a list of { event, data }. */
export async function readEvents(t: TestApp, token: string, id: string): Promise<{ event: string; data: any }[]> {
  const response = await request(t.server)
    .get(`/api/submissions/${id}/events`)
    .auth(token, { type: 'bearer' })
    .buffer(true)
    .parse((res, done) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done(null, text));
    })
    .expect(200);
  return parseEvents(response.body as string);
}

/** The first Server-Sent Event of a stream that may go on (a submission still waiting), then hangs up. */
export async function firstEvent(t: TestApp, token: string, id: string): Promise<{ event: string; data: any }> {
  const response = await request(t.server)
    .get(`/api/submissions/${id}/events`)
    .auth(token, { type: 'bearer' })
    .buffer(true)
    .parse((res, done) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        if (text.includes('\n\n')) {
          (res as unknown as { destroy(): void }).destroy();
          done(null, text);
        }
      });
    })
    .expect(200);
  return parseEvents(response.body as string)[0];
}

export function parseEvents(text: string): { event: string; data: any }[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
      const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      return { event, data: data ? JSON.parse(data) : null };
    });
}

export const GOOD_SOLUTION = 'def sum_squares(n):\n    return (n - 1) * n * (2 * n - 1) // 6\n';
/** Right on small inputs, wrong from n = 2000 (only the hidden case is that large). */
export const WRONG_ON_HIDDEN = 'def sum_squares(n):\n    if n > 2000:\n        return 42\n    return (n - 1) * n * (2 * n - 1) // 6\n';
