import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { leftoverCgroups, makeRunner, processesWithMarker, scriptSpec, uniqueMarker } from '../fixtures/sandbox/sandbox-fixture.js';

/** What a student might try against the grader: it must fail, and nothing may outlive the run. */
// The grader's own memory before the hostile runs: what they cost it is measured against this, since the
// whole suite shares one jest process whose size depends on the tests that ran before.
const rssBefore = process.memoryUsage().rss;

describe('sandbox: containment', () => {
  const runner = makeRunner();

  it('survives an os.fork bomb: the run ends, limited, and nothing is left', async () => {
    const result = await runner.run(
      scriptSpec('fork_bomb.py', [], { label: 'test-fork-bomb', limits: { processes: 16, wallTimeMs: 5000, memoryBytes: 512 << 20 } }),
    );

    expect(result.limitHit).toBe('processes');
    expect(result.wallMs).toBeLessThan(5000);
    await expect(leftoverCgroups('test-fork-bomb')).resolves.toEqual([]);
  });

  it('survives a subprocess bomb: the run ends, limited, and nothing is left', async () => {
    const result = await runner.run(
      scriptSpec('subprocess_bomb.py', [], {
        label: 'test-subprocess-bomb',
        limits: { processes: 12, wallTimeMs: 3000, memoryBytes: 512 << 20 },
      }),
    );

    expect(result.limitHit).toBe('processes');
    await expect(leftoverCgroups('test-subprocess-bomb')).resolves.toEqual([]);
  });

  it('kills a detached grandchild (double fork + setsid) when the run ends', async () => {
    const marker = uniqueMarker('grandchild');
    const result = await runner.run(scriptSpec('detached_grandchild.py', [marker], { label: 'test-grandchild' }));

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('parent leaves\n');
    expect(result.events.map((event) => event.data.ev)).toContain('grandchild');
    await expect(processesWithMarker(marker)).resolves.toEqual([]);
    await expect(leftoverCgroups('test-grandchild')).resolves.toEqual([]);
  });

  it('has no network: only lo inside, and a listener on the host loopback is unreachable', async () => {
    let connections = 0;
    const server = net.createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const result = await runner.run(scriptSpec('network.py', [String(port)]));
      const box = JSON.parse(result.stdout);

      expect(box.interfaces).toEqual(['lo']);
      expect(box.connect).toBe('ConnectionRefusedError');
      expect(connections).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('every process of the box runs under the syscall filter, and the box’s init is out of reach', async () => {
    const marker = uniqueMarker('neighbours');
    const running = runner.run(scriptSpec('neighbours.py', [marker], { label: 'test-neighbours' }));
    // From the host: the student's process and its parent, bubblewrap's init (pid 1 of the box), are both filtered.
    const status = (pid: number) => readFileSync(`/proc/${pid}/status`, 'utf8');
    const parentOf = (pid: number) => Number(/^PPid:\s+(\d+)/m.exec(status(pid))![1]);
    const comm = (pid: number) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    let seen: { pid: number; init: number } | undefined;
    for (let i = 0; i < 200 && !seen; i++) {
      // The student's process is the Python one whose parent is bubblewrap's init (the launch chain carries the marker too).
      const pid = (await processesWithMarker(marker)).find((p) => comm(p) === 'python3' && comm(parentOf(p)) === 'bwrap');
      if (pid) seen = { pid, init: parentOf(pid) };
      else await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(seen).toBeDefined();
    const seccompOf = (pid: number) => /^Seccomp:\s+(\d)/m.exec(status(pid))![1];
    expect([seccompOf(seen!.pid), seccompOf(seen!.init)]).toEqual(['2', '2']);
    const result = await running;
    const report = JSON.parse(result.stdout.split('\n')[0]);
    for (const who of ['main', 'forked', 'execd']) {
      expect([who, report[who]]).toEqual([
        who,
        {
          proc1_mem: 'ENOENT',
          proc1_entries: [],
          pidfd_getfd: 'EPERM',
          ptrace_attach: 'EPERM',
          process_vm_writev: 'EPERM',
          unshare_user: 'EPERM',
          mount: 'EPERM',
          io_uring_setup: 'EPERM',
          keyctl: 'EPERM',
          vsock: 'EAFNOSUPPORT',
          seccomp: '2',
        },
      ]);
    }
  });

  it('cannot write outside /tmp, and nothing it tries appears on the host', async () => {
    const jobDir = await mkdtemp(path.join(os.tmpdir(), 'pg-job-'));
    try {
      await writeFile(path.join(jobDir, 'solution.py'), 'print("hi")\n');
      await chmod(jobDir, 0o755); // readable by the sandbox user, as the grader's job folders are
      const spec = scriptSpec('write_outside.py', ['/', '/usr', '/usr/lib', '/etc', '/job', '/dev', '/tmp'], {
        mounts: [
          { host: path.resolve('test/fixtures/sandbox/scripts'), box: '/sandbox' },
          { host: jobDir, box: '/job' },
        ],
      });
      spec.argv = ['/usr/bin/python3', '-I', '/sandbox/write_outside.py', ...spec.argv.slice(3)];
      const result = await runner.run(spec);
      const outcome = JSON.parse(result.stdout);

      for (const folder of ['/', '/usr', '/usr/lib', '/etc', '/job', '/dev']) {
        expect([folder, outcome[folder]]).toEqual([folder, expect.stringMatching(/^(EROFS|EACCES|EPERM)$/)]);
      }
      expect(outcome['/tmp']).toBe('written');
      await expect(readdir(jobDir)).resolves.toEqual(['solution.py']);
      for (const hostPath of ['/planted.txt', '/usr/planted.txt', '/usr/lib/planted.txt', '/etc/planted.txt']) {
        expect(existsSync(hostPath)).toBe(false);
      }
    } finally {
      await rm(jobDir, { recursive: true, force: true });
    }
  });

  it('cannot find a file the host keeps outside the mounts (a hidden reference solution)', async () => {
    const secretDir = await mkdtemp(path.join(os.tmpdir(), 'pg-secret-'));
    const name = `${uniqueMarker('reference')}.py`;
    try {
      await writeFile(path.join(secretDir, name), 'def solve(): return 42\n');
      const result = await runner.run(scriptSpec('find_file.py', [name]));

      expect(result.exitCode).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual([]);
    } finally {
      await rm(secretDir, { recursive: true, force: true });
    }
  });

  it('leaves the grader unharmed: after all of the above, a normal run still works', async () => {
    const result = await runner.run(scriptSpec('hello.py'));
    expect(result).toMatchObject({ exitCode: 0, limitHit: null });
    // The hostile runs above lived in their own cgroups: the grader itself did not grow with them.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(256 << 20);
  });
});
