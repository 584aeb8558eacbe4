import { cp, mkdtemp, rename, rm, symlink, writeFile, appendFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AssignmentInvalid, formatProblem, type AssignmentProblem } from '../../src/assignments/assignment.errors.js';
import { loadAllAssignments, loadAssignment } from '../../src/assignments/assignment-loader.js';

const fixtures = path.resolve('test/fixtures/assignments');

async function problemsOf(slug: string, dir = fixtures): Promise<AssignmentProblem[]> {
  try {
    await loadAssignment(dir, slug);
  } catch (error) {
    if (error instanceof AssignmentInvalid) return error.problems;
    throw error;
  }
  throw new Error(`${slug} loaded, but it should be invalid`);
}

/** A scratch copy of a fixture, for tests that change files. */
async function scratchCopy(slug: string): Promise<{ dir: string; folder: string }> {
  const dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'perfgrade-assignments-')), 'assignments');
  await cp(path.join(fixtures, slug), path.join(dir, slug), { recursive: true });
  return { dir, folder: path.join(dir, slug) };
}

describe('loading a valid assignment', () => {
  it('fills every default the YAML leaves out', async () => {
    const assignment = await loadAssignment(fixtures, 'sum-range');

    expect(assignment.slug).toBe('sum-range');
    expect(assignment.dir).toBe(path.join(fixtures, 'sum-range'));
    expect(assignment.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(assignment.files).toEqual({ baseline: 'baseline.py', reference: 'reference.py', generator: 'cases.py', support: [], readme: 'README.md' });
    expect(assignment.cases).toEqual([
      { name: 'small', size: { n: 10 }, seed: 1, hidden: false },
      { name: 'large', size: { n: 100000 }, seed: 2, hidden: true },
    ]);
    expect(assignment.benchmark).toEqual({
      size: { n: 1000000 }, memorySize: { n: 1000000 }, rounds: 5, warmup: 1, repeats: 3, maxCv: 0.05, maxRounds: 9,
    });
    expect(assignment.checker).toEqual({ kind: 'exact' });
    expect(assignment.limits).toEqual({ wallTimeS: 30, cpuTimeS: 60, memoryMb: 1024, processes: 64, outputKb: 64, fileSizeMb: 64, diskMb: 256, cores: 1 });
    expect(assignment.timing).toBe('wall');
    expect(assignment.scoring).toEqual({
      weights: { correctness: 40, speed: 50, memory: 10 },
      speed: { curve: 'log', target: 10 },
      memory: { targetRatio: 1, zeroRatio: 4, floorBytes: 1048576 },
    });
    expect(assignment.policy).toEqual({ latePenalty: { perDay: 0, max: 0 }, cooldownS: 0, counts: 'best', leaderboard: false });
    expect(assignment.ioService).toBeUndefined();
  });

  it('maps every optional section to camelCase', async () => {
    const assignment = await loadAssignment(fixtures, 'sum-formula');

    expect(assignment.files.support).toEqual(['course_io.py']);
    expect(assignment.benchmark).toMatchObject({ memorySize: { n: 1000 }, rounds: 12, maxRounds: 12 });
    expect(assignment.checker).toEqual({ kind: 'custom', file: 'checker.py' });
    expect(assignment.limits).toMatchObject({ cores: 2, wallTimeS: 10 });
    expect(assignment.timing).toBe('cpu');
    expect(assignment.scoring.speed).toEqual({ curve: 'linear', target: 5 });
    expect(assignment.scoring.memory).toEqual({ targetRatio: 2, zeroRatio: 8, floorBytes: 1048576 });
    expect(assignment.scoring.formula).toContain('m.points.correctness');
    expect(assignment.policy).toEqual({
      deadline: '2025-03-01T23:59:00+01:00', latePenalty: { perDay: 0.1, max: 0.5 }, maxAttempts: 20, cooldownS: 0, counts: 'last', leaderboard: false,
    });
    expect(assignment.ioService).toEqual({ latencyMs: 5 });
  });
});

describe('problems in an assignment', () => {
  it.each([
    ['wrong-type', 'cases[2].seed', { line: 9, field: 'cases[2].seed', message: 'must be an integer (got "abc")' }],
    ['unknown-key', 'limits.wall_time', { line: 9, field: 'limits.wall_time', message: "unknown field 'wall_time' — did you mean 'wall_time_s'?" }],
    ['missing-field', 'function', { line: 1, field: 'function', message: 'is required but missing — add it' }],
    ['missing-field', 'benchmark.size', { line: 5, field: 'benchmark.size', message: 'is required but missing — add it' }],
    ['bad-checker', 'checker.kind', { line: 9, field: 'checker.kind', message: 'must be one of exact, allclose, custom (got "fuzzy")' }],
    ['checker-without-file', 'checker.file', { line: 8, field: 'checker.file', message: 'is required but missing — add it' }],
    ['missing-file', 'files.reference', { line: 5, field: 'files.reference', message: "'refrence.py' does not exist in the assignment folder — did you mean 'reference.py'?" }],
    ['path-escape', 'files.baseline', { line: 5, field: 'files.baseline', message: expect.stringContaining('leads outside the assignment folder') }],
    ['path-escape', 'files.readme', { line: 6, field: 'files.readme', message: expect.stringContaining("'/etc/passwd' is an absolute path") }],
    ['duplicate-cases', 'cases[2].name', { line: 7, field: 'cases[2].name', message: "'one' is already the name of cases[0] — case names must be unique" }],
    ['duplicate-cases', 'cases', { line: 4, field: 'cases', message: expect.stringContaining('make at least one public') }],
    ['yaml-syntax', '', { line: 6, field: '', message: expect.stringMatching(/^YAML syntax error: .*is a ':' missing/) }],
    ['bad-formula', 'scoring.formula', { line: 9, field: 'scoring.formula', message: expect.stringContaining("is not a valid JavaScript expression: Unexpected token '*'") }],
  ])('%s, %s: reports file, field, line and what to fix', async (slug, _field, expected) => {
    const problems = await problemsOf(slug);

    expect(problems).toContainEqual({ file: `assignments/${slug}/assignment.yaml`, ...expected });
  });

  it('renders a problem as file:line: field: message', async () => {
    const [problem] = await problemsOf('wrong-type');

    expect(formatProblem(problem)).toBe('assignments/wrong-type/assignment.yaml:9: cases[2].seed: must be an integer (got "abc")');
  });

  it('lists every problem of an assignment in the error message', async () => {
    const error = await loadAssignment(fixtures, 'path-escape').catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(AssignmentInvalid);
    expect((error as Error).message).toMatch(/^assignment 'path-escape' has 2 problems:\nassignments\/path-escape\/assignment.yaml:5: files.baseline: /);
  });

  it('rejects a symlink that leads out of the assignment folder', async () => {
    const { dir, folder } = await scratchCopy('sum-range');
    try {
      await rm(path.join(folder, 'README.md'));
      await symlink('/etc/hostname', path.join(folder, 'README.md'));

      const problems = await problemsOf('sum-range', dir);

      expect(problems).toEqual([
        expect.objectContaining({ field: 'files.readme', message: expect.stringContaining('is a symlink to /etc/hostname, outside the assignment folder') }),
      ]);
    } finally {
      await rm(path.dirname(dir), { recursive: true, force: true });
    }
  });

  it('rejects a folder name that is not a slug', async () => {
    const { dir, folder } = await scratchCopy('sum-range');
    try {
      await rename(folder, path.join(dir, 'Sum_Range'));

      const problems = await problemsOf('Sum_Range', dir);

      expect(problems).toEqual([expect.objectContaining({ field: '', message: expect.stringContaining("folder name 'Sum_Range' is not a valid assignment slug") })]);
    } finally {
      await rm(path.dirname(dir), { recursive: true, force: true });
    }
  });
});

describe('loading every assignment', () => {
  it('loads the valid ones although others are broken, and skips folders that are not assignments', async () => {
    const { assignments, invalid } = await loadAllAssignments(fixtures);

    expect(invalid.filter((error) => error.slug.startsWith('sum-')).map((error) => error.message)).toEqual([]);
    expect(assignments.map((assignment) => assignment.slug)).toEqual(['sum-formula', 'sum-range']);
    expect(invalid.map((error) => error.slug)).toEqual([
      'bad-checker', 'bad-formula', 'checker-without-file', 'duplicate-cases', 'missing-field',
      'missing-file', 'path-escape', 'unknown-key', 'wrong-type', 'yaml-syntax',
    ]);
  });
});

describe('content hash', () => {
  let scratch: { dir: string; folder: string };
  beforeEach(async () => {
    scratch = await scratchCopy('sum-formula');
  });
  afterEach(async () => {
    await rm(path.dirname(scratch.dir), { recursive: true, force: true });
  });

  it('stays the same while nothing changes', async () => {
    const first = await loadAssignment(scratch.dir, 'sum-formula');
    const second = await loadAssignment(scratch.dir, 'sum-formula');

    expect(second.contentHash).toBe(first.contentHash);
  });

  it.each(['assignment.yaml', 'baseline.py', 'reference.py', 'cases.py', 'README.md', 'course_io.py', 'checker.py'])(
    'changes when %s changes',
    async (file) => {
      const before = await loadAssignment(scratch.dir, 'sum-formula');

      await appendFile(path.join(scratch.folder, file), '\n# changed\n');
      const after = await loadAssignment(scratch.dir, 'sum-formula');

      expect(after.contentHash).not.toBe(before.contentHash);
    },
  );

  it('ignores files the YAML does not name', async () => {
    const before = await loadAssignment(scratch.dir, 'sum-formula');

    await writeFile(path.join(scratch.folder, 'notes.txt'), 'scratch notes');
    const after = await loadAssignment(scratch.dir, 'sum-formula');

    expect(after.contentHash).toBe(before.contentHash);
  });
});
