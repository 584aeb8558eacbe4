import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { CgroupUsage } from '../../src/sandbox/cgroup/cgroup-backend.js';
import { parseMountinfo } from '../../src/sandbox/cgroup/cgroup-mounts.js';
import { limitHit, type RunFacts } from '../../src/sandbox/limit-verdict.js';
import type { CallsReport } from '../../src/sandbox/sandbox.types.js';

/**
 * The judgement calls that the live tests on this (cgroup v1) host cannot all reach: hierarchies of other hosts,
 * and verdicts from kernel counters a real run only produces on v2 or in rare timings.
 */
describe('sandbox: finding the cgroup hierarchies', () => {
  const mountinfo = (name: string) => readFile(fileURLToPath(new URL(`../fixtures/sandbox/${name}`, import.meta.url)), 'utf8');

  it('finds a pure cgroup v2 host', async () => {
    const mounts = parseMountinfo(await mountinfo('mountinfo-v2.txt'));
    expect(mounts.v2).toBe('/sys/fs/cgroup');
    expect(mounts.v1.size).toBe(0);
  });

  it('finds v1 controllers on this hybrid host, and its empty cgroup2 beside them', async () => {
    const mounts = parseMountinfo(await mountinfo('mountinfo-hybrid-v1.txt'));
    expect(mounts.v2).toBe('/sys/fs/cgroup/unified');
    expect(mounts.v1.get('memory')).toBe('/sys/fs/cgroup/memory');
    expect(mounts.v1.has('systemd')).toBe(false);
  });

  it('maps co-mounted v1 controllers (cpu,cpuacct) to their shared mount point', async () => {
    const mounts = parseMountinfo(await mountinfo('mountinfo-v1-comounted.txt'));
    expect(mounts.v1.get('cpuacct')).toBe('/sys/fs/cgroup/cpu,cpuacct');
    expect(mounts.v1.get('cpu')).toBe('/sys/fs/cgroup/cpu,cpuacct');
  });
});

describe('sandbox: which limit ended a run', () => {
  const usage = (overrides: Partial<CgroupUsage> = {}): CgroupUsage => ({ cpuMs: 100, memoryPeakBytes: 1 << 20, oomKills: 0, pidsLimitHits: 0, ...overrides });
  const facts = (overrides: Partial<RunFacts> = {}): RunFacts => ({
    killedFor: null,
    exitCode: 0,
    signal: null,
    usage: usage(),
    cpuTimeS: 2,
    stderr: '',
    events: [],
    ...overrides,
  });
  const event = (data: Record<string, unknown>) => ({ hostNs: 0n, data });

  it('names the limit the supervisor enforced first, whatever else happened', () => {
    expect(limitHit(facts({ killedFor: 'wall_time', signal: 'SIGKILL', usage: usage({ oomKills: 1 }) }))).toBe('wall_time');
  });

  it('reports an OOM kill anywhere in the tree as memory (v2 kills the whole group)', () => {
    expect(limitHit(facts({ signal: 'SIGKILL', exitCode: null, usage: usage({ oomKills: 3 }) }))).toBe('memory');
  });

  it('reports the hard CPU limit (SIGKILL after an ignored SIGXCPU) as cpu_time', () => {
    expect(limitHit(facts({ signal: 'SIGKILL', exitCode: null, usage: usage({ cpuMs: 2100 }) }))).toBe('cpu_time');
    expect(limitHit(facts({ signal: 'SIGKILL', exitCode: null, usage: usage({ cpuMs: 300 }) }))).toBeNull();
  });

  it('reports a hit process limit only when the run then failed', () => {
    expect(limitHit(facts({ usage: usage({ pidsLimitHits: 5 }) }))).toBeNull();
    expect(limitHit(facts({ exitCode: 1, usage: usage({ pidsLimitHits: 5 }) }))).toBe('processes');
    expect(limitHit(facts({ usage: usage({ pidsLimitHits: 5 }), events: [event({ ev: 'error', type: 'BlockingIOError' })] }))).toBe(
      'processes',
    );
  });

  it('reports a write past RLIMIT_FSIZE that the harness caught as file_size', () => {
    const caught = event({ ev: 'error', type: 'OSError', message: '[Errno 27] File too large' });
    expect(limitHit(facts({ events: [caught] }))).toBe('file_size');
  });

  it('takes the broker’s limits (a window’s clock, the answer cap) and a full tmpfs only when the run then failed', () => {
    const calls = (overrides: Partial<CallsReport> = {}): CallsReport => ({
      ready: true, readyMs: 1, windows: [], openWindow: 0, end: 'limit', limit: 'wall_time', detail: '', diskFull: false, ...overrides,
    });
    expect(limitHit(facts({ calls: calls() }))).toBe('wall_time');
    expect(limitHit(facts({ calls: calls({ limit: 'answer_size' }) }))).toBe('answer_size');
    expect(limitHit(facts({ calls: calls({ end: 'closed', limit: null, diskFull: true }) }))).toBe('disk');
    expect(limitHit(facts({ calls: calls({ end: 'done', limit: null, openWindow: null, diskFull: true }) }))).toBeNull();
  });

  it('reports a clean run as no limit', () => {
    expect(limitHit(facts())).toBeNull();
    expect(limitHit(facts({ usage: null }))).toBeNull();
  });
});
