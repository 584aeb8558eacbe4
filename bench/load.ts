/**
 * Load run: 200 submissions posted at once over HTTP (a mix of good, wrong, unparsable and refused uploads)
 * to the real server with the real sandbox. Checks that every accepted submission reaches a final status
 * exactly once (none lost, none duplicated) and measures status-poll latency while the queue drains.
 *
 *   node dist/bench/load.js [total]          (embedded database in a temporary folder)
 *   DATABASE_URL=postgres://… node dist/bench/load.js   (an empty Postgres database)
 *
 * `runLoad()` is what `npm run bench` calls; it returns the figures and throws if a check fails.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DataSource } from 'typeorm';

export interface LoadOptions {
  /** Submissions posted (default 200). */
  total?: number;
  /** Students the submissions are spread over (default 20). */
  students?: number;
  /** Give up waiting for final statuses after this long (default 30 min). */
  timeoutS?: number;
  /** Status polls per second per waiting submission (default 2). */
  pollsPerSecond?: number;
}

export interface LoadFigures {
  database: 'pglite' | 'postgres';
  graderConcurrency: number;
  posted: number;
  accepted: number;
  /** Refused with a 4xx at upload (bad files, on purpose). */
  refused: number;
  final: { graded: number; rejected: number; error: number };
  /** Accepted but never reached a final status, or missing from the list. */
  lost: number;
  /** Submissions stored more than once, or graded (written) more than once. */
  duplicated: number;
  /** Verdicts that differ from what the submitted code deserves. */
  wrongVerdicts: number;
  /** From the first post to the last final status. */
  drainS: number;
  gradesPerMinute: number;
  postMs: { p50: number; p99: number; max: number };
  pollMs: { p50: number; p99: number; max: number; count: number };
}

const GOOD = 'def sum_squares(n):\n    return (n - 1) * n * (2 * n - 1) // 6\n';
const WRONG = 'def sum_squares(n):\n    return n * n\n';
const UNPARSABLE = 'def sum_squares(n)\n    return 0\n';

/** What each post is, and what should come of it: a final verdict, or a refusal at upload. */
type Kind = { name: string; file: Buffer; filename: string; expect: { verdict: string } | { refusal: number } };
const KINDS: Kind[] = [
  { name: 'good', file: Buffer.from(GOOD), filename: 'fast.py', expect: { verdict: 'accepted' } },
  { name: 'wrong', file: Buffer.from(WRONG), filename: 'wrong.py', expect: { verdict: 'wrong_answer' } },
  { name: 'unparsable', file: Buffer.from(UNPARSABLE), filename: 'broken.py', expect: { verdict: 'rejected' } },
  { name: 'not .py', file: Buffer.from(GOOD), filename: 'fast.txt', expect: { refusal: 422 } },
  { name: 'too large', file: Buffer.alloc(300 * 1024, 'a'), filename: 'big.py', expect: { refusal: 413 } },
];

const SLUG = 'sum-squares';
const ADMIN = { email: 'bench-admin@perfgrade.local', password: 'bench admin password' };

export async function runLoad(options: LoadOptions = {}): Promise<LoadFigures> {
  const total = options.total ?? 200;
  const studentCount = options.students ?? 20;
  const timeoutMs = (options.timeoutS ?? 1800) * 1000;
  const pollGapMs = 1000 / (options.pollsPerSecond ?? 2);

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'perfgrade-load-'));
  // A script, not the service: it sets the environment the service's ConfigService then reads.
  process.env.DATA_DIR = dataDir;
  process.env.ASSIGNMENTS_DIR ??= path.resolve('test/fixtures/service-assignments');
  process.env.ADMIN_EMAIL = ADMIN.email;
  process.env.ADMIN_PASSWORD = ADMIN.password;
  process.env.LOG_LEVEL ??= 'warn';
  const { AppModule } = await import('../src/app.module.js');
  const { configureApp } = await import('../src/http/configure-app.js');
  const { ConfigService } = await import('../src/config/config.service.js');

  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, forceCloseConnections: true, logger: ['error', 'warn'] });
  configureApp(app);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  const config = app.get(ConfigService);
  try {
    const admin = await login(base, ADMIN.email, ADMIN.password);
    const students: string[] = [];
    for (let i = 0; i < studentCount; i++) {
      const email = `load-${i}-${Date.now()}@bench.local`;
      await call(base, 'POST', '/api/users', admin, { email, name: `Load ${i}`, role: 'student', password: 'load test password' }, 201);
      students.push(await login(base, email, 'load test password'));
    }

    // Everything at once, as before a deadline.
    const started = performance.now();
    const postMs: number[] = [];
    const posts = await Promise.all(
      Array.from({ length: total }, async (_, i) => {
        const kind = KINDS[i % KINDS.length];
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(kind.file)]), kind.filename);
        const t0 = performance.now();
        const response = await fetch(`${base}/api/assignments/${SLUG}/submissions`, { method: 'POST', headers: { authorization: `Bearer ${students[i % students.length]}` }, body: form });
        postMs.push(performance.now() - t0);
        const body = (await response.json()) as { id?: string };
        return { kind, token: students[i % students.length], status: response.status, id: body.id };
      }),
    );
    const accepted = posts.filter((p) => p.status === 202);
    const refusedAsExpected = posts.filter((p) => 'refusal' in p.kind.expect && p.status === p.kind.expect.refusal);

    // Every accepted submission is polled like a student's page would, until it is final.
    const pollMs: number[] = [];
    const results = new Map<string, { status: string; verdict?: string }>();
    const deadline = Date.now() + timeoutMs;
    await Promise.all(
      accepted.map(async (post) => {
        while (Date.now() < deadline) {
          const t0 = performance.now();
          const view = (await call(base, 'GET', `/api/submissions/${post.id}`, post.token)) as { status: string; report?: { verdict: string } };
          pollMs.push(performance.now() - t0);
          if (!['queued', 'running'].includes(view.status)) {
            results.set(post.id!, { status: view.status, verdict: view.report?.verdict });
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, pollGapMs));
        }
      }),
    );
    const drainS = (performance.now() - started) / 1000;

    // Lost or duplicated: what the instructor's list and the attempt log say, not what the posts said.
    const listed = (await call(base, 'GET', `/api/submissions?assignment=${SLUG}&limit=500`, admin)) as { id: string }[];
    const ids = accepted.map((p) => p.id!);
    const listedIds = listed.map((s) => s.id);
    const lost = ids.filter((id) => !results.has(id) || !listedIds.includes(id)).length + Math.max(0, ids.length - new Set(ids).size);
    const written: { id: string; n: number }[] = await app.get(DataSource).query(
      `SELECT j.submission_id AS id, count(*)::int AS n FROM grading_attempts a JOIN grading_jobs j ON j.id = a.job_id
       WHERE a.outcome IN ('graded', 'rejected') GROUP BY j.submission_id`,
    );
    const duplicated = listedIds.length - new Set(listedIds).size + (listedIds.length - ids.length) + written.filter((w) => w.n > 1).length;
    const wrongVerdicts =
      accepted.filter((p) => 'verdict' in p.kind.expect && results.get(p.id!)?.verdict !== p.kind.expect.verdict).length +
      posts.filter((p) => 'refusal' in p.kind.expect && p.status !== p.kind.expect.refusal).length;
    const finals = [...results.values()];
    const graded = finals.filter((r) => r.status === 'graded').length;
    const rejected = finals.filter((r) => r.status === 'rejected').length;
    return {
      database: config.databaseUrl ? 'postgres' : 'pglite',
      graderConcurrency: config.graderConcurrency,
      posted: total,
      accepted: accepted.length,
      refused: refusedAsExpected.length,
      final: { graded, rejected, error: finals.filter((r) => r.status === 'error').length },
      lost,
      duplicated,
      wrongVerdicts,
      drainS: round(drainS),
      gradesPerMinute: round((graded + rejected) / (drainS / 60)),
      postMs: { p50: percentile(postMs, 0.5), p99: percentile(postMs, 0.99), max: percentile(postMs, 1) },
      pollMs: { p50: percentile(pollMs, 0.5), p99: percentile(pollMs, 0.99), max: percentile(pollMs, 1), count: pollMs.length },
    };
  } finally {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Throws unless nothing was lost, duplicated or misjudged: for `npm run bench` to fail loudly. */
export function checkLoad(figures: LoadFigures): void {
  const problems = [
    figures.lost > 0 && `${figures.lost} lost`,
    figures.duplicated > 0 && `${figures.duplicated} duplicated`,
    figures.wrongVerdicts > 0 && `${figures.wrongVerdicts} with the wrong verdict or refusal`,
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(`load run failed: ${problems.join(', ')}`);
}

export function loadTable(f: LoadFigures): string {
  return [
    `| load run (${f.database}, ${f.graderConcurrency} grading slot(s)) | |`,
    '|---|---|',
    `| posted at once | ${f.posted} (${f.accepted} accepted, ${f.refused} refused at upload as intended) |`,
    `| final statuses | ${f.final.graded} graded, ${f.final.rejected} rejected, ${f.final.error} error |`,
    `| lost / duplicated / wrong verdicts | ${f.lost} / ${f.duplicated} / ${f.wrongVerdicts} |`,
    `| queue drained in | ${f.drainS} s (${f.gradesPerMinute} grades per minute) |`,
    `| POST latency p50 / p99 | ${f.postMs.p50} ms / ${f.postMs.p99} ms |`,
    `| status poll latency p50 / p99 (max) | ${f.pollMs.p50} ms / ${f.pollMs.p99} ms (${f.pollMs.max} ms) over ${f.pollMs.count} polls |`,
  ].join('\n');
}

async function login(base: string, email: string, password: string): Promise<string> {
  return ((await call(base, 'POST', '/api/auth/login', undefined, { email, password }, 200)) as { token: string }).token;
}

async function call(base: string, method: string, url: string, token?: string, body?: unknown, expected = 200): Promise<unknown> {
  const response = await fetch(`${base}${url}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const parsed = await response.json();
  if (response.status !== expected) throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(parsed)}`);
  return parsed;
}

function percentile(values: number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? sorted[0]);
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runLoad({ total: process.argv[2] ? Number(process.argv[2]) : undefined }).then(
    (figures) => {
      process.stdout.write(`${loadTable(figures)}\n\n${JSON.stringify(figures)}\n`);
      checkLoad(figures);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? error}\n`);
      process.exit(1);
    },
  );
}
