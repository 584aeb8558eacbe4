/**
 * Every course assignment grades its own reference solution as a submission: accepted on every case
 * (hidden ones too), faster than the baseline, with memory measured and a report a student can read.
 * Rounds are reduced to keep the suite short; `npm run assignments -- validate` runs the full check.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { gradingApp } from '../support/grading-app.js';
import { sandboxUserProcesses } from '../support/processes.js';
import { AssignmentsService } from '../../src/assignments/assignments.service.js';
import { GradingService } from '../../src/grading/grading.service.js';

const SLUGS = ['monte-carlo-pi', 'pairwise-distances', 'count-primes', 'fetch-pages', 'stream-stats', 'word-counts'];
let env: Awaited<ReturnType<typeof gradingApp>>;

beforeAll(async () => {
  const fewerRounds = (yaml: any) => {
    yaml.benchmark.rounds = 3;
    yaml.benchmark.max_rounds = 3;
  };
  env = await gradingApp(Object.fromEntries(SLUGS.map((slug) => [slug, fewerRounds])));
});
afterAll(async () => env?.close());

it('loads all six course assignments without problems', () => {
  const service = env.app.get(AssignmentsService);
  expect(service.invalid()).toEqual([]);
  expect(service.list().map((a) => a.slug).sort()).toEqual([...SLUGS].sort());
});

it.each(SLUGS)('%s: the reference is accepted as a submission and beats the baseline', async (slug) => {
  const assignment = env.app.get(AssignmentsService).get(slug);
  const source = await fs.readFile(path.join(assignment.dir, assignment.files.reference));
  const report = await env.app.get(GradingService).grade({ assignment, source, filename: 'reference.py' });
  if (report.verdict !== 'accepted') console.log(report.message);
  expect(report).toMatchObject({ status: 'graded', verdict: 'accepted' });
  expect(report.correctness.passed).toBe(assignment.cases.length);
  expect(report.performance.speedup).toBeGreaterThan(1.2);
  expect(report.performance.referenceSpeedup).toBeGreaterThan(1.2);
  expect(report.memory.peakBytes).not.toBeNull();
  expect(report.score).toBeGreaterThan(0);
  expect(sandboxUserProcesses(env.workDir)).toEqual([]);
}, 300_000);

describe('fetch-pages talks to a simulated server it cannot bypass', () => {
  const grade = async (file: string) => {
    const assignment = env.app.get(AssignmentsService).get('fetch-pages');
    const source = await fs.readFile(path.join('test/fixtures/submissions/fetch-pages', file));
    return env.app.get(GradingService).grade({ assignment, source, filename: file });
  };

  it('a thread pool overlaps the waiting and is accepted with a speedup', async () => {
    const report = await grade('threads.py');
    expect(report.verdict).toBe('accepted');
    expect(report.performance.speedup).toBeGreaterThan(3);
  }, 300_000);

  it('computing the pages instead of fetching them is a wrong answer', async () => {
    const report = await grade('skip_the_wait.py');
    expect(report.verdict).toBe('wrong_answer');
    // Only the case without URLs can pass; no speed points for a wrong answer.
    expect(report.correctness.passed).toBeLessThanOrEqual(1);
    expect(report.points.speed).toBe(0);
  }, 300_000);
});
