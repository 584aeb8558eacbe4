import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { JobsRepository } from '../../src/queue/jobs.repository.js';
import { hasPostgres } from './support/test-database.js';
import { FIXTURE_ASSIGNMENTS, newStudent, startTestApp, submitFile, type TestApp } from './support/test-app.js';

/** Imports slowly (every grading run does), so grading lasts long enough to be interrupted. */
const SLOW_BUT_RIGHT = 'import time\ntime.sleep(0.4)\n\n\ndef sum_squares(n):\n    return (n - 1) * n * (2 * n - 1) // 6\n';
const LEASE_S = 3;

/**
 * A separate worker process (`node dist/src/worker.js`, as `npm run start:worker` runs it) killed with SIGKILL
 * in the middle of grading: after its lease expires another worker grades the job, once, and the submission
 * never shows two results. Needs Postgres: separate processes cannot share the embedded database.
 */
(hasPostgres() ? describe : describe.skip)('a worker process killed mid-grading (postgres)', () => {
  let t: TestApp;
  let workerDataDir: string;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    // The worker runs from the build, so the build must be this source.
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
    t = await startTestApp('postgres', 'crash', { GRADER_CONCURRENCY: '0', JOB_LEASE_S: String(LEASE_S) });
    workerDataDir = await mkdtemp(path.join(os.tmpdir(), 'perfgrade-worker-'));
  }, 300_000);

  afterAll(async () => {
    for (const worker of workers) if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
    await t?.close();
    await rm(workerDataDir, { recursive: true, force: true });
  });

  function startWorker(): ChildProcess {
    const { NODE_OPTIONS: _jestOnly, ...env } = process.env;
    const worker = spawn(process.execPath, ['dist/src/worker.js'], {
      env: {
        ...env,
        DATABASE_URL: t.database.env.DATABASE_URL,
        DATA_DIR: workerDataDir,
        ASSIGNMENTS_DIR: FIXTURE_ASSIGNMENTS,
        GRADER_CONCURRENCY: '1',
        JOB_LEASE_S: String(LEASE_S),
        WORKER_POLL_MS: '200',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    worker.stdout!.resume();
    worker.stderr!.resume();
    workers.push(worker);
    return worker;
  }

  const exited = (worker: ChildProcess) =>
    new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      if (worker.exitCode !== null || worker.signalCode !== null) resolve({ code: worker.exitCode, signal: worker.signalCode });
      else worker.once('exit', (code, signal) => resolve({ code, signal }));
    });

  /** Polls the submission every 100 ms, recording every view, until `until` says stop. */
  async function watch(token: string, id: string, until: (view: any) => boolean, timeoutMs = 120_000): Promise<any[]> {
    const seen: any[] = [];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const view = (await request(t.server).get(`/api/submissions/${id}`).auth(token, { type: 'bearer' }).expect(200)).body;
      seen.push(view);
      if (until(view)) return seen;
      if (Date.now() > deadline) throw new Error(`gave up waiting; last status ${view.status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('grades the job once after the lease expires, and the submission never shows two results', async () => {
    const student = await newStudent(t);
    const { body } = await submitFile(t, student.token, 'sum-squares', SLOW_BUT_RIGHT).expect(202);

    const doomed = startWorker();
    const beforeKill = await watch(student.token, body.id, (view) => view.status === 'running' && view.queue?.progress !== undefined);
    doomed.kill('SIGKILL');
    expect(await exited(doomed)).toEqual({ code: null, signal: 'SIGKILL' });
    const jobs = t.app.get(JobsRepository);
    const [dead] = await jobs.attemptsOf(body.id);
    expect(dead).toMatchObject({ attempt: 1, outcome: null, worker: `${os.hostname()}:${doomed.pid}/0` });

    const rescuer = startWorker();
    const afterKill = await watch(student.token, body.id, (view) => view.status === 'graded');
    const views = [...beforeKill, ...afterKill];
    // Until the lease expires the job stays with the dead worker: the submission shows "running", no result.
    expect(views.filter((v) => v.report !== null).every((v) => v.status === 'graded')).toBe(true);
    expect(views.map((v) => v.status).filter((s, i, all) => s !== all[i - 1])).toEqual(['queued', 'running', 'graded'].slice(views[0].status === 'queued' ? 0 : 1));
    const final = afterKill.at(-1);
    expect(final.report).toMatchObject({ verdict: 'accepted', correctness: { passed: 3, total: 3 } });

    await new Promise((resolve) => setTimeout(resolve, (LEASE_S + 1) * 1000));
    const later = (await request(t.server).get(`/api/submissions/${body.id}`).auth(student.token, { type: 'bearer' }).expect(200)).body;
    expect(later).toEqual(final);
    await expect(jobs.attemptsOf(body.id)).resolves.toEqual([
      { attempt: 1, worker: `${os.hostname()}:${doomed.pid}/0`, outcome: 'lease_expired' },
      { attempt: 2, worker: `${os.hostname()}:${rescuer.pid}/0`, outcome: 'graded' },
    ]);

    // SIGTERM while grading: the worker stops claiming, finishes the grade it has, then exits.
    const next = await submitFile(t, student.token, 'sum-squares', SLOW_BUT_RIGHT).expect(202);
    await watch(student.token, next.body.id, (view) => view.status === 'running');
    rescuer.kill('SIGTERM');
    await exited(rescuer);
    const finished = (await request(t.server).get(`/api/submissions/${next.body.id}`).auth(student.token, { type: 'bearer' }).expect(200)).body;
    expect(finished.status).toBe('graded');
    await expect(jobs.attemptsOf(next.body.id)).resolves.toEqual([{ attempt: 1, worker: `${os.hostname()}:${rescuer.pid}/0`, outcome: 'graded' }]);
  });
});
