import 'reflect-metadata';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ConfigService } from '../../src/config/config.service.js';
import { detectIsolation } from '../../src/sandbox/isolation.js';
import { SandboxFailed, SandboxSpecInvalid } from '../../src/sandbox/sandbox.errors.js';
import type { ProtocolEvent } from '../../src/sandbox/sandbox.types.js';
import { leftoverCgroups, makeRunner, SCRIPTS_DIR, scriptSpec } from '../fixtures/sandbox/sandbox-fixture.js';

/** What a normal run looks like: output, fd-3 events, the environment the box provides. */
describe('sandbox: a normal run', () => {
  const runner = makeRunner();

  it('returns output and the fd-3 events, each stamped on arrival and passed to onEvent', async () => {
    const seen: ProtocolEvent[] = [];
    const result = await runner.run(scriptSpec('hello.py', [], { onEvent: (event) => seen.push(event) }));

    expect(result).toMatchObject({ exitCode: 0, signal: null, limitHit: null, protocolErrors: [] });
    expect(result.stdout).toBe('hello from the box\n');
    expect(result.stderr).toBe('a warning\n');
    expect(result.events.map((event) => event.data.ev)).toEqual(['hello', 'imported', 'done']);
    expect(result.events[1].data.numpy).toMatch(/^\d+\.\d+/);
    expect(seen).toEqual(result.events);
    const stamps = result.events.map((event) => event.hostNs);
    expect([...stamps].sort((a, b) => (a < b ? -1 : 1))).toEqual(stamps);
    expect(result.wallMs).toBeGreaterThan(0);
    expect(result.cpuMs).toBeGreaterThan(0);
    expect(result.memoryPeakBytes).toBeGreaterThan(1 << 20);
    await expect(leftoverCgroups('test-hello_py')).resolves.toEqual([]);
  });

  it('clears the environment, sets the thread counts to the cores granted and pins the run to them', async () => {
    process.env.PERFGRADE_TEST_SECRET = 'host secret';
    try {
      const result = await runner.run(scriptSpec('environment.py', [], { cores: [1], env: { EXTRA: 'from spec' } }));
      const box = JSON.parse(result.stdout);
      expect(box.env).not.toHaveProperty('PERFGRADE_TEST_SECRET');
      expect(box.env).toMatchObject({
        PATH: '/usr/bin',
        HOME: '/tmp',
        NUMBA_CACHE_DIR: '/tmp',
        OMP_NUM_THREADS: '1',
        OPENBLAS_NUM_THREADS: '1',
        EXTRA: 'from spec',
      });
      expect(box.affinity).toEqual([1]);
      expect(box.uid).toBe(65534);
      expect(box.cwd).toBe('/job');
      expect(box.fds).toEqual([0, 1, 2, 3, 4]); // 4 is the directory listdir itself opened
      expect(box.nofile).toBe(256);
      expect(box.core).toBe(0);
    } finally {
      delete process.env.PERFGRADE_TEST_SECRET;
    }
  });

  it('sets thread counts for two cores when given two', async () => {
    const result = await runner.run(scriptSpec('environment.py', [], { cores: [0, 1] }));
    const box = JSON.parse(result.stdout);
    expect(box.affinity).toEqual([0, 1]);
    expect(box.env.NUMBA_NUM_THREADS).toBe('2');
  });

  it('runs two boxes at once, each in its own cgroup on its own core', async () => {
    const [first, second] = await Promise.all([
      runner.run(scriptSpec('environment.py', [], { cores: [0] })),
      runner.run(scriptSpec('environment.py', [], { cores: [1] })),
    ]);
    expect(JSON.parse(first.stdout).affinity).toEqual([0]);
    expect(JSON.parse(second.stdout).affinity).toEqual([1]);
  });

  it('runs a multiprocessing pool (semaphores in /dev/shm, a few processes)', async () => {
    const result = await runner.run(scriptSpec('multiprocessing_pool.py', [], { cores: [0, 1] }));
    expect(result).toMatchObject({ exitCode: 0, limitHit: null, stdout: '328350\n' });
  });

  it('reaches a host Unix socket mounted into the box, though it has no network', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pg-sock-'));
    const socketPath = path.join(dir, 'io.sock');
    const server = net.createServer((socket) => socket.once('data', (data) => socket.end(`pong to ${data}`)));
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      // bubblewrap runs as the sandbox user: it must reach the socket, and be allowed to connect.
      await chmod(dir, 0o755);
      await chmod(socketPath, 0o777);
      const result = await runner.run(
        scriptSpec('unix_socket.py', [], {
          mounts: [
            { host: SCRIPTS_DIR, box: '/job' },
            { host: socketPath, box: '/run/course_io.sock', writable: true },
          ],
          env: { COURSE_IO_SOCKET: '/run/course_io.sock' },
        }),
      );
      expect(result).toMatchObject({ exitCode: 0, stdout: 'pong to ping\n' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('treats hostile output as text: NUL bytes stripped, invalid UTF-8 replaced, bad fd-3 lines reported', async () => {
    const result = await runner.run(scriptSpec('messy_output.py'));

    expect(result.stdout).toBe('beforenul \uFFFD\uFFFD invalid utf-8\n');
    expect(result.events.map((event) => event.data.ev)).toEqual(['valid', 'split across writes', 'after the long line']);
    expect(result.protocolErrors).toEqual([
      'not a JSON object: "not json"',
      'not a JSON object: "[1, 2, 3]"',
      `line longer than ${1 << 20} bytes`,
    ]);
  });

  it('fails as infrastructure (not as the student) when the program cannot start in the box', async () => {
    await expect(runner.run({ ...scriptSpec('hello.py'), argv: ['/usr/bin/no-such-python'] })).rejects.toThrow(SandboxFailed);
  });

  it('rejects a spec that cannot be run as written', async () => {
    await expect(runner.run({ ...scriptSpec('hello.py'), mounts: [{ host: '/nonexistent', box: '/job' }] })).rejects.toThrow(SandboxSpecInvalid);
    await expect(runner.run({ ...scriptSpec('hello.py'), mounts: [{ host: '/etc', box: '/usr/lib' }] })).rejects.toThrow(SandboxSpecInvalid);
    await expect(runner.run({ ...scriptSpec('hello.py'), cores: [4096] })).rejects.toThrow(SandboxSpecInvalid);
  });

  it('measures its own start overhead against bare python', async () => {
    const overhead = await runner.measureStartOverhead(3);
    expect(overhead.samples).toBe(3);
    expect(overhead.bareMs).toBeGreaterThan(0);
    // Figures only: which side is faster on a busy machine is noise, not behaviour.
    expect(overhead.boxMs).toBeGreaterThan(0);
    expect(overhead.runMs).toBeGreaterThan(0);
    // Printed for the record: the benchmark reports the same figures.
    console.log(`sandbox start overhead: ${JSON.stringify(overhead)}`);
  });
});

describe('sandbox: doctor', () => {
  it('reports the isolation this host gives: bwrap, cgroup v1 controllers, unprivileged user, python, seccomp', async () => {
    const report = await detectIsolation(new ConfigService({}));
    expect(report.bwrap?.version).toMatch(/^\d+\.\d+/);
    expect(report.cgroup).toMatch(/^v[12]$/);
    expect(report.controllers).toEqual(expect.arrayContaining(['memory', 'pids', 'cpuset']));
    expect(report.unprivilegedUser).toBe(true);
    expect(report.python?.version).toMatch(/^3\./);
    expect(typeof report.seccomp).toBe('boolean');
    expect(report.problems).toEqual([]);
  });

  it('says so when cgroups are switched off, instead of pretending', async () => {
    const report = await detectIsolation(new ConfigService({ SANDBOX_CGROUP: 'none' }));
    expect(report.cgroup).toBe('none');
    expect(report.problems.join('\n')).toMatch(/no cgroup/);
  });
});
