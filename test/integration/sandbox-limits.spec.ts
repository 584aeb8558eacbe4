import 'reflect-metadata';
import { leftoverCgroups, makeRunner, processesWithMarker, scriptSpec, uniqueMarker } from '../fixtures/sandbox/sandbox-fixture.js';

/** Each limit, hit on purpose, ends the run with the matching limitHit and leaves nothing behind. */
describe('sandbox: limits', () => {
  const runner = makeRunner();

  it('stops an endless loop at the wall clock and leaves no process or cgroup behind', async () => {
    const marker = uniqueMarker('loop');
    const spec = scriptSpec('endless_loop.py', [marker], { limits: { wallTimeMs: 1000 }, label: 'test-wall-loop' });
    const result = await runner.run(spec);

    expect(result.limitHit).toBe('wall_time');
    expect(result.signal).toBe('SIGKILL');
    expect(result.wallMs).toBeGreaterThanOrEqual(1000);
    expect(result.wallMs).toBeLessThan(2500);
    expect(result.cpuMs).toBeGreaterThan(100); // it did burn CPU (core 0 may be shared with other work)
    await expect(processesWithMarker(marker)).resolves.toEqual([]);
    await expect(leftoverCgroups('test-wall-loop')).resolves.toEqual([]);
  });

  it('stops a sleeper at the wall clock', async () => {
    const result = await runner.run(scriptSpec('sleep_forever.py', [], { limits: { wallTimeMs: 800 } }));
    expect(result.limitHit).toBe('wall_time');
    expect(result.cpuMs).toBeLessThan(500);
  });

  it('kills a memory hog at the memory limit (2 GB wanted, 256 MB allowed)', async () => {
    const result = await runner.run(scriptSpec('memory_hog.py', [], { limits: { memoryBytes: 256 << 20 } }));

    expect(result.limitHit).toBe('memory');
    expect(result.stdout).not.toContain('allocated');
    expect(result.memoryPeakBytes).toBeGreaterThan(200 << 20);
    expect(result.memoryPeakBytes).toBeLessThanOrEqual(256 << 20);
  });

  it('kills an output flood at once and keeps only the first bytes', async () => {
    const result = await runner.run(scriptSpec('output_flood.py', [], { limits: { outputBytes: 10_000 } }));

    expect(result.limitHit).toBe('output');
    expect(result.stdout.length + result.stderr.length).toBe(10_000);
    expect(result.stdout.startsWith('flood flood')).toBe(true);
    expect(result.wallMs).toBeLessThan(2000);
  });

  it('stops a file from growing past the file size limit', async () => {
    const result = await runner.run(scriptSpec('big_file.py', [], { limits: { fileSizeBytes: 1 << 20 } }));

    expect(result.limitHit).toBe('file_size');
    expect(result.stdout).not.toContain('wrote');
    expect(result.stderr).toContain('File too large');
  });

  it('caps the private /tmp at tmpBytes', async () => {
    const result = await runner.run(scriptSpec('fill_tmp.py', [], { limits: { tmpBytes: 8 << 20 } }));
    expect(JSON.parse(result.stdout)).toEqual({ megabytes: expect.any(Number), error: 'ENOSPC' });
    expect(JSON.parse(result.stdout).megabytes).toBeLessThanOrEqual(8);
  });

  it('stops a CPU burner at the CPU time limit, before the wall clock', async () => {
    const result = await runner.run(scriptSpec('cpu_burn.py', [], { limits: { cpuTimeS: 1, wallTimeMs: 10_000 } }));

    expect(result.limitHit).toBe('cpu_time');
    expect(result.signal).toBe('SIGXCPU');
    expect(result.wallMs).toBeLessThan(3000);
  });
});
