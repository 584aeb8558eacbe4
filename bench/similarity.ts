import 'reflect-metadata';
import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { mkdtemp, rm } from 'node:fs/promises';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { ConfigService } from '../src/config/config.service.js';
import { DatabaseModule } from '../src/database/database.module.js';
import { LoggingModule } from '../src/logging/logging.module.js';
import { PythonFingerprinter } from '../src/similarity/analysis/python-fingerprinter.js';
import type { RunSummary } from '../src/similarity/analysis/run-results.js';
import { MAX_STORED_PAIRS } from '../src/similarity/analysis/similarity-rules.js';
import { FingerprintStore } from '../src/similarity/fingerprint-store.service.js';
import { FingerprintsRepository } from '../src/similarity/fingerprints.repository.js';
import { SimilarityAnalysis } from '../src/similarity/similarity-analysis.processor.js';
import { SimilarityRunsRepository } from '../src/similarity/similarity-runs.repository.js';
import { SubmissionRefsRepository } from '../src/similarity/submission-refs.repository.js';

/** One generated class: every student an independent variation of a numba π solution; every tenth one a copy. */
function studentSource(i: number, random: () => number): string {
  const pick = <T>(options: T[]) => options[Math.floor(random() * options.length)];
  const v = (base: string) => `${base}${i % 7 === 0 ? '' : `_${Math.floor(random() * 1000)}`}`;
  const [hits, n, seed, x, y] = [
    v(pick(['hits', 'inside', 'count', 'c'])),
    v(pick(['n', 'samples', 'total'])),
    v('seed'),
    v(pick(['x', 'a', 'px'])),
    v(pick(['y', 'b', 'py'])),
  ];
  const loop = pick([
    `    for _ in range(${n}):\n        ${x} = np.random.random()\n        ${y} = np.random.random()\n        if ${x} * ${x} + ${y} * ${y} <= 1.0:\n            ${hits} += 1\n`,
    `    i = 0\n    while i < ${n}:\n        ${x} = np.random.random()\n        ${y} = np.random.random()\n        ${hits} += 1 if ${x} ** 2 + ${y} ** 2 <= 1 else 0\n        i += 1\n`,
    `    for k in range(${n}):\n        d = np.random.random() ** 2 + np.random.random() ** 2\n        if d <= 1.0:\n            ${hits} = ${hits} + 1\n`,
  ]);
  const extras = Array.from({ length: 1 + Math.floor(random() * 4) }, (_, j) =>
    pick([
      `\n\ndef helper_${j}(values):\n    total = 0\n    for value in values:\n        total += value * ${j + 1}\n    return total / max(1, len(values))\n`,
      `\n\ndef check_${j}(k=${j}):\n    results = [estimate_pi(1000, s) for s in range(k + 2)]\n    return max(results) - min(results)\n`,
      `\n\nclass Stats${j}:\n    def __init__(self):\n        self.items = []\n\n    def add(self, item):\n        self.items.append(item)\n        return len(self.items)\n`,
      `\n\ndef report_${j}(estimate):\n    error = abs(estimate - 3.141592653589793)\n    if error < 0.01:\n        return "good"\n    return "needs more samples"\n`,
    ]),
  );
  return `"""Student ${i}."""\nimport numpy as np\nfrom numba import njit\n\n\n@njit${pick(['', '(cache=False)', '(fastmath=True)'])}\ndef _kernel(${n}, ${seed}):\n    np.random.seed(${seed})\n    ${hits} = 0\n${loop}    return ${hits}\n\n\ndef estimate_pi(${n}, ${seed}):\n    return 4 * _kernel(${n}, ${seed}) / ${n}\n${extras.join('')}`;
}

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * A class of `students` through the real analysis (embedded database, Dolos fingerprints in the worker
 * thread, comparison, storing), timed cold (nothing cached) and again after `newcomers` more students
 * submitted (only they are fingerprinted). Returns a Markdown section.
 */
export async function similarityBench(students = 500, newcomers = 25): Promise<string> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'perfgrade-bench-similarity-'));
  const config = new ConfigService({
    ...process.env,
    DATABASE_URL: '',
    DATA_DIR: dataDir,
    GRADER_CONCURRENCY: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });

  @Global()
  @Module({ providers: [{ provide: ConfigService, useValue: config }], exports: [ConfigService] })
  class BenchSettingsModule {}

  @Module({
    imports: [BenchSettingsModule, LoggingModule, DatabaseModule],
    providers: [
      PythonFingerprinter,
      FingerprintsRepository,
      SubmissionRefsRepository,
      FingerprintStore,
      SimilarityRunsRepository,
      SimilarityAnalysis,
    ],
  })
  class SimilarityBenchModule {}

  const app = await NestFactory.createApplicationContext(SimilarityBenchModule, { logger: ['error', 'warn'] });
  try {
    const db = app.get(DataSource);
    const runs = app.get(SimilarityRunsRepository);
    const analysis = app.get(SimilarityAnalysis);
    const baseline = fs.readFileSync('assignments/monte-carlo-pi/baseline.py', 'utf8');
    const [{ id: assignmentId }] = await db.query(
      `INSERT INTO assignments (slug, title) VALUES ('monte-carlo-pi', 'Monte-Carlo estimate of π') RETURNING id`,
    );
    const [{ id: versionId }] = await db.query(
      `INSERT INTO assignment_versions (assignment_id, content_hash, definition, files) VALUES ($1, 'bench', '{}'::jsonb, $2::jsonb) RETURNING id`,
      [assignmentId, JSON.stringify({ readme: '', baseline, reference: '', generator: '' })],
    );
    const random = seeded(15);
    const sources: string[] = [];
    const addStudents = async (from: number, count: number) => {
      for (let i = from; i < from + count; i++) {
        // Every tenth student hands in the previous student's file with the names changed.
        const source =
          i % 10 === 9 ? sources[i - 1].replace(/\b_kernel\b/g, 'kernel_copy').replace(/Student \d+/, `Student ${i}`) : studentSource(i, random);
        sources.push(source);
        const [{ id: userId }] = await db.query(`INSERT INTO users (email, name, role) VALUES ($1, $2, 'student') RETURNING id`, [
          `s${i}@bench.test`,
          `Student ${i}`,
        ]);
        await db.query(
          `INSERT INTO submissions (user_id, assignment_id, assignment_version_id, attempt, filename, source, status) VALUES ($1, $2, $3, 1, 'solution.py', $4, 'graded')`,
          [userId, assignmentId, versionId, source],
        );
      }
    };
    const timedRun = async (): Promise<{ wallMs: number; summary: RunSummary }> => {
      const started = performance.now();
      await runs.enqueue(assignmentId, 'latest', null);
      const claimed = (await runs.claim('bench', 60))!;
      await analysis.run(claimed, new AbortController().signal);
      const wallMs = performance.now() - started;
      const { done } = await runs.latest(assignmentId);
      if (done?.id !== claimed.id || !done.summary) throw new Error(`the analysis did not finish: ${JSON.stringify(done)}`);
      return { wallMs, summary: done.summary };
    };
    await addStudents(0, students);
    const lines = sources.map((s) => s.split('\n').length).sort((a, b) => a - b);
    const cold = await timedRun();
    await addStudents(students, newcomers);
    const warm = await timedRun();
    const load = os.loadavg()[0].toFixed(2);
    const row = (label: string, run: { wallMs: number; summary: RunSummary }) =>
      `| ${label} | ${run.summary.submissions} | ${run.summary.fingerprinted} / ${run.summary.reused} | ${run.summary.comparedPairs} | ${run.summary.sharingPairs} | ${run.summary.storedPairs} | ${run.summary.flaggedPairs} | ${(run.wallMs / 1000).toFixed(2)} s |`;
    return [
      `A generated class of ${students} students (numba π solutions with varied names, loops and helper functions, ${lines[Math.floor(lines.length / 2)]} lines median; every tenth one a renamed copy of the previous), analysed by the real worker code on the embedded database: fingerprints made in the worker thread, every pair compared, pairs and summary stored. Then ${newcomers} more students submit and the analysis runs again.`,
      '',
      '| run | submissions | fingerprinted / from cache | pairs compared | pairs sharing code | pairs stored | flagged | wall time |',
      '|---|---|---|---|---|---|---|---|',
      row('first (nothing cached)', cold),
      row(`after ${newcomers} new submissions`, warm),
      '',
      `Target: a class of 500 within a minute. The generated solutions differ in names and helpers but share one kernel skeleton, so every pair shares code and most are flagged: the worst case for the comparison's cost, not a realistic count of copies (the fixture class in test/fixtures/similarity is the check of what is flagged). At most ${MAX_STORED_PAIRS} pairs are stored per run. Load average after the runs: ${load} on ${os.availableParallelism()} cores.`,
    ].join('\n');
  } finally {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
