import 'reflect-metadata';
import { chmod, chown, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { CallWindow, SandboxResult } from '../../src/sandbox/sandbox.types.js';
import { REPO } from '../support/grading-app.js';
import { makeRunner, PYTHON, TEST_LIMITS } from '../fixtures/sandbox/sandbox-fixture.js';

/**
 * Brokered runs in a real box: the broker on the host shows the box one window's inputs at a time, times the
 * window itself and reads the box's cgroup, and keeps the answers where the box never sees them.
 */
describe('sandbox: calls served through the broker', () => {
  const runner = makeRunner();
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'pg-broker-'));
    await chmod(root, 0o755);
    for (const dir of ['src', 'inputs', 'stage', 'answers']) await mkdir(path.join(root, dir), { mode: 0o755 });
    await mkdir(path.join(root, 'scratch'), { mode: 0o700 });
  });
  afterEach(async () => rm(root, { recursive: true, force: true }));

  async function serve(source: string, windows: Omit<CallWindow, 'wallTimeMs'>[], wallTimeMs = 10_000): Promise<SandboxResult> {
    await writeFile(path.join(root, 'src', 'solution.py'), source);
    for (const id of windows.flatMap((w) => w.ids)) {
      await mkdir(path.join(root, 'inputs', id), { mode: 0o755 });
      await writeFile(path.join(root, 'inputs', id, 'args.json'), JSON.stringify([id]));
      await chown(path.join(root, 'inputs', id), 65534, 65534);
    }
    const plan = { role: 'submission', module: '/job/src/solution.py', function: 'solve', inputs: '/job/inputs', modes: ['run'] };
    await writeFile(path.join(root, 'plan.json'), JSON.stringify(plan));
    return runner.run({
      argv: [PYTHON, '-I', '/sandbox/harness.py', '/job/plan.json'],
      mounts: [
        { host: path.join(REPO, 'sandbox'), box: '/sandbox' },
        { host: path.join(root, 'src'), box: '/job/src' },
        { host: path.join(root, 'plan.json'), box: '/job/plan.json' },
        { host: path.join(root, 'stage'), box: '/job/inputs' },
      ],
      limits: { ...TEST_LIMITS, memoryBytes: 512 << 20 },
      cores: [0],
      label: 'test-broker',
      calls: {
        windows: windows.map((w) => ({ ...w, wallTimeMs })),
        readyTimeoutMs: 10_000,
        inputsDir: path.join(root, 'inputs'),
        stageDir: path.join(root, 'stage'),
        stageScratchDir: path.join(root, 'scratch'),
        boxPath: '/job/inputs',
        answersDir: path.join(root, 'answers'),
        maxAnswerBytes: 1 << 20,
      },
    });
  }

  it('shows each window its own inputs only, and keeps every answer out of the box', async () => {
    const result = await serve(
      `import os, json
def solve(me):
    here = sorted(os.listdir('/job/inputs'))
    found = [p for p in ('/job/answers', '/answers') if os.path.exists(p)]
    return {"me": me, "visible": here, "answers_visible": found}
`,
      [{ ids: ['a'], mode: 'run' }, { ids: ['b', 'c'], mode: 'run' }],
    );
    expect(result.calls).toMatchObject({ ready: true, end: 'done', openWindow: null });
    expect(result.calls!.windows.map((w) => w.ids)).toEqual([['a'], ['b', 'c']]);
    await expect(readdir(path.join(root, 'answers'))).resolves.toEqual(['a', 'b', 'c']);
    await expect(readdir(path.join(root, 'stage'))).resolves.toEqual([]);
    const { decodeAnswer } = await answers();
    expect(await decodeAnswer('a')).toEqual({ me: 'a', visible: ['a'], answers_visible: [] });
    expect(await decodeAnswer('c')).toEqual({ me: 'c', visible: ['b', 'c'], answers_visible: [] });
  });

  it('times the window on its own clock and counts every process and allocator in its memory peak', async () => {
    const result = await serve(
      `import mmap, os, time
held = bytearray(96 << 20)  # touched at import, before any window: not this call's memory
def solve(me):
    if me == 'sleep':
        time.sleep(0.3)
        return 0
    if me == 'mmap':
        m = mmap.mmap(-1, 64 << 20)
        for i in range(0, 64 << 20, 4096):
            m[i] = 1
        m.close()
        return 1
    pid = os.fork()
    if pid == 0:
        junk = bytearray(48 << 20)
        os._exit(0)
    os.waitpid(pid, 0)
    return 2
`,
      [{ ids: ['sleep'], mode: 'run' }, { ids: ['mmap'], mode: 'run' }, { ids: ['fork'], mode: 'run' }],
    );
    const [sleep, mmap, fork] = result.calls!.windows;
    expect(sleep.ns).toBeGreaterThanOrEqual(0.3e9);
    expect(sleep.cpuNs).not.toBeNull();
    expect(sleep.memoryBytes!).toBeLessThan(8 << 20);
    expect(mmap.memoryBytes!).toBeGreaterThanOrEqual(60 << 20);
    expect(mmap.memoryBytes!).toBeLessThan(90 << 20);
    expect(fork.memoryBytes!).toBeGreaterThanOrEqual(44 << 20);
  });

  it('holds each window to its own clock, naming the window that overran', async () => {
    const result = await serve('import time\ndef solve(me):\n    if me == "slow":\n        time.sleep(30)\n    return me\n', [
      { ids: ['fast'], mode: 'run' },
      { ids: ['slow'], mode: 'run' },
    ], 1000);
    expect(result.limitHit).toBe('wall_time');
    expect(result.calls).toMatchObject({ end: 'limit', limit: 'wall_time', openWindow: 1 });
    expect(result.calls!.windows.map((w) => w.ids)).toEqual([['fast']]);
    expect(result.wallMs).toBeLessThan(8000);
  });

  it('notices a full tmpfs: the run may write only as much as the box has', async () => {
    const result = await serve(
      `def solve(me):
    for i in range(1000):  # files under the per-file limit: only the box's space can stop it
        with open(f'/tmp/fill-{i}', 'wb') as f:
            f.write(b'x' * (1 << 20))
    return me
`,
      [{ ids: ['a'], mode: 'run' }],
    );
    expect(result.calls!.diskFull).toBe(true);
    expect(result.limitHit).toBe('disk');
  });

  async function answers() {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    return {
      decodeAnswer: async (id: string) => {
        const script = `import sys, json; sys.path.insert(0, ${JSON.stringify(path.join(REPO, 'sandbox'))}); import pgcodec; print(json.dumps(pgcodec.decode_file(sys.argv[1], arrays_once=True)))`;
        const { stdout } = await promisify(execFile)(PYTHON, ['-I', '-B', '-c', script, path.join(root, 'answers', id, 'value.json')]);
        return JSON.parse(stdout);
      },
    };
  }
});
