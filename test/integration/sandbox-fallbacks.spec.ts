import 'reflect-metadata';
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { ConfigService } from '../../src/config/config.service.js';
import { detectIsolation } from '../../src/sandbox/isolation.js';
import { leftoverCgroups, makeRunner, processesWithMarker, scriptSpec, uniqueMarker } from '../fixtures/sandbox/sandbox-fixture.js';

/**
 * Without cgroups (a grader not running as root, or SANDBOX_CGROUP=none) the box must still hold: rlimits,
 * taskset, the PID namespace and the wall clock. It says so once instead of pretending.
 */
describe('sandbox: without cgroups', () => {
  const runner = makeRunner({ SANDBOX_CGROUP: 'none' });

  it('warns once that runs have no cgroup, and still runs', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const first = await runner.run(scriptSpec('hello.py'));
      await runner.run(scriptSpec('hello.py'));
      expect(first).toMatchObject({ exitCode: 0, limitHit: null, cpuMs: null, memoryPeakBytes: null });
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0][0])).toMatch(/without cgroups/);
    } finally {
      warn.mockRestore();
    }
  });

  it('still kills the whole tree at the wall clock, detached grandchild included (PID namespace)', async () => {
    const marker = uniqueMarker('nocgroup');
    const result = await runner.run(scriptSpec('detached_grandchild.py', [marker, 'loop'], { limits: { wallTimeMs: 1000 } }));

    expect(result.limitHit).toBe('wall_time');
    expect(result.events.map((event) => event.data.ev)).toContain('grandchild');
    await expect(processesWithMarker(marker)).resolves.toEqual([]);
  });

  it('pins the run to its cores with taskset', async () => {
    const result = await runner.run(scriptSpec('environment.py', [], { cores: [1] }));
    expect(JSON.parse(result.stdout).affinity).toEqual([1]);
  });

  it('ends a fork bomb with the process limit set inside the box', async () => {
    const marker = uniqueMarker('nocgroup_bomb');
    const result = await runner.run(scriptSpec('fork_bomb.py', [marker], { limits: { processes: 16, wallTimeMs: 5000 } }));

    expect(result.exitCode).not.toBe(0);
    expect(result.wallMs).toBeLessThan(5000);
    expect(result.stderr).toContain('Resource temporarily unavailable');
    await expect(processesWithMarker(marker)).resolves.toEqual([]);
  });

  it('still stops a CPU burner at the CPU time limit', async () => {
    const result = await runner.run(scriptSpec('cpu_burn.py', [], { limits: { cpuTimeS: 1 } }));
    expect(result.limitHit).toBe('cpu_time');
  });

  it('limits memory per process (MemoryError instead of an OOM kill)', async () => {
    const result = await runner.run(scriptSpec('memory_hog.py', [], { limits: { memoryBytes: 256 << 20 } }));
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('MemoryError');
  });
});

/** This host is hybrid: its cgroup2 at /sys/fs/cgroup/unified has no controllers, but cgroup.kill and cpu.stat work. */
const hybridV2 = existsSync('/sys/fs/cgroup/unified/cgroup.controllers') && process.getuid?.() === 0;

(hybridV2 ? describe : describe.skip)('sandbox: cgroup v2 backend (on the hybrid hierarchy)', () => {
  const runner = makeRunner({ SANDBOX_CGROUP: 'v2' });

  it('measures CPU time from cpu.stat and removes its cgroup', async () => {
    const result = await runner.run(scriptSpec('hello.py', [], { label: 'test-v2-hello' }));
    expect(result).toMatchObject({ exitCode: 0, limitHit: null });
    expect(result.cpuMs).toBeGreaterThan(0);
    await expect(leftoverCgroups('test-v2-hello')).resolves.toEqual([]);
  });

  it('kills the tree with cgroup.kill at the wall clock and leaves nothing', async () => {
    const marker = uniqueMarker('v2');
    const result = await runner.run(
      scriptSpec('detached_grandchild.py', [marker, 'loop'], { label: 'test-v2-kill', limits: { wallTimeMs: 1000 } }),
    );
    expect(result.limitHit).toBe('wall_time');
    expect(result.cpuMs).toBeGreaterThan(100);
    await expect(processesWithMarker(marker)).resolves.toEqual([]);
    await expect(leftoverCgroups('test-v2-kill')).resolves.toEqual([]);
  });

  it('reports the missing controllers in doctor', async () => {
    const report = await detectIsolation(new ConfigService({ SANDBOX_CGROUP: 'v2' }));
    expect(report.cgroup).toBe('v2');
    expect(report.controllers).toEqual([]);
    expect(report.problems.join('\n')).toMatch(/no memory controller/);
  });
});
