import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  CGROUP_PARENT,
  MISSING_CONTROLLER_EFFECT,
  type CgroupBackend,
  type CgroupEnforcement,
  type CgroupLimits,
  type CgroupUsage,
  type CounterFiles,
  type RunCgroup,
} from './cgroup-backend.js';
import {
  killPids,
  parseKeyedFile,
  readCgroupFile,
  readNumber,
  readPids,
  removeCgroupDir,
  removeEmptyLeftovers,
  sleep,
  waitUntil,
  writeCgroupFile,
  writeIfPresent,
} from './cgroup-files.js';

/** memory, pids and cpuset enforce limits; cpuacct measures CPU time; freezer makes the final kill race-free. */
const V1_CONTROLLERS = ['memory', 'pids', 'cpuset', 'cpuacct', 'freezer'];

/** cgroup v1: one directory per controller hierarchy, e.g. /sys/fs/cgroup/memory/perfgrade/<run>. */
export class CgroupV1Backend implements CgroupBackend {
  readonly version = 'v1';
  readonly controllers: string[];
  readonly enforces: CgroupEnforcement;

  /** @param parents controller → its `perfgrade` parent directory */
  private constructor(private readonly parents: Map<string, string>) {
    this.controllers = [...parents.keys()];
    this.enforces = { memory: parents.has('memory'), processes: parents.has('pids'), cores: parents.has('cpuset') };
  }

  static async open(mounts: Map<string, string>): Promise<{ backend: CgroupV1Backend | null; problems: string[] }> {
    const parents = new Map<string, string>();
    const problems: string[] = [];
    for (const controller of V1_CONTROLLERS) {
      const mountPoint = mounts.get(controller);
      if (!mountPoint) {
        problems.push(`cgroup v1 has no ${controller} controller: ${MISSING_CONTROLLER_EFFECT[controller]}`);
        continue;
      }
      const parent = path.join(mountPoint, CGROUP_PARENT);
      try {
        await mkdir(parent, { recursive: true });
        if (controller === 'cpuset') await inheritCpuset(parent, mountPoint);
        await removeEmptyLeftovers(parent);
        parents.set(controller, parent);
      } catch (error) {
        problems.push(`cannot use ${parent}: ${(error as Error).message}; ${MISSING_CONTROLLER_EFFECT[controller]}`);
      }
    }
    return { backend: parents.size > 0 ? new CgroupV1Backend(parents) : null, problems };
  }

  async create(name: string, limits: CgroupLimits): Promise<RunCgroup> {
    const dirs = new Map<string, string>();
    for (const [controller, parent] of this.parents) dirs.set(controller, path.join(parent, name));
    const cgroup = new RunCgroupV1(dirs);
    try {
      for (const dir of new Set(dirs.values())) await mkdir(dir);
      await applyLimits(dirs, this.parents, limits);
      return cgroup;
    } catch (error) {
      await cgroup.remove().catch(() => undefined);
      throw error;
    }
  }
}

async function applyLimits(dirs: Map<string, string>, parents: Map<string, string>, limits: CgroupLimits): Promise<void> {
  const memory = dirs.get('memory');
  if (memory) {
    // limit_in_bytes first: the kernel refuses a memsw limit below the memory limit.
    await writeCgroupFile(path.join(memory, 'memory.limit_in_bytes'), String(limits.memoryBytes));
    // memsw = memory + swap; equal values mean no swap, so a hog is killed instead of swapping slowly.
    await writeIfPresent(path.join(memory, 'memory.memsw.limit_in_bytes'), String(limits.memoryBytes));
  }
  const pids = dirs.get('pids');
  if (pids) await writeCgroupFile(path.join(pids, 'pids.max'), String(limits.processes));
  const cpuset = dirs.get('cpuset');
  if (cpuset) {
    // A v1 cpuset refuses tasks until both mems and cpus are set.
    const mems = (await readCgroupFile(path.join(parents.get('cpuset')!, 'cpuset.mems')))?.trim() ?? '0';
    await writeCgroupFile(path.join(cpuset, 'cpuset.mems'), mems);
    await writeCgroupFile(path.join(cpuset, 'cpuset.cpus'), limits.cores.join(','));
  }
}

class RunCgroupV1 implements RunCgroup {
  readonly procsFiles: string[];
  readonly counters: CounterFiles;

  constructor(private readonly dirs: Map<string, string>) {
    this.procsFiles = [...new Set(dirs.values())].map((dir) => path.join(dir, 'cgroup.procs'));
    const memory = dirs.get('memory');
    const cpuacct = dirs.get('cpuacct');
    this.counters = {
      cpu: cpuacct && path.join(cpuacct, 'cpuacct.usage'),
      cpuFormat: 'ns',
      memoryCurrent: memory && path.join(memory, 'memory.usage_in_bytes'),
      memoryPeak: memory && path.join(memory, 'memory.max_usage_in_bytes'),
      peakReset: memory ? 'v1' : null,
    };
  }

  async usage(): Promise<CgroupUsage> {
    const file = (controller: string, name: string) => {
      const dir = this.dirs.get(controller);
      return dir ? path.join(dir, name) : null;
    };
    const cpuacct = file('cpuacct', 'cpuacct.usage');
    const peak = file('memory', 'memory.max_usage_in_bytes');
    const pidsEvents = file('pids', 'pids.events');
    const cpuNs = cpuacct ? await readNumber(cpuacct) : null;
    return {
      cpuMs: cpuNs === null ? null : cpuNs / 1e6,
      memoryPeakBytes: peak ? await readNumber(peak) : null,
      oomKills: await this.oomKills(),
      pidsLimitHits: pidsEvents ? (parseKeyedFile(await readCgroupFile(pidsEvents)).get('max') ?? 0) : 0,
    };
  }

  private async oomKills(): Promise<number> {
    const memory = this.dirs.get('memory');
    if (!memory) return 0;
    const oomKill = parseKeyedFile(await readCgroupFile(path.join(memory, 'memory.oom_control'))).get('oom_kill');
    if (oomKill !== undefined) return oomKill;
    // Kernels before 4.13 do not count OOM kills; hitting the limit at all is the closest sign left.
    return Math.min(1, (await readNumber(path.join(memory, 'memory.failcnt'))) ?? 0);
  }

  async killAll(): Promise<void> {
    const freezer = this.dirs.get('freezer');
    await waitUntil(
      async () => {
        if ((await this.allPids()).length === 0) return true;
        // Frozen tasks can neither fork nor exit, so the pids we read stay theirs (no pid reuse) until we thaw.
        if (freezer) await setFreezerState(freezer, 'FROZEN');
        killPids(await this.allPids());
        if (freezer) await setFreezerState(freezer, 'THAWED');
        return false;
      },
      5000,
      `processes in cgroup ${[...this.dirs.values()][0]} survived SIGKILL for 5 s`,
    );
  }

  async remove(): Promise<void> {
    for (const dir of new Set(this.dirs.values())) await removeCgroupDir(dir);
  }

  /** A process joins each hierarchy in turn, so look at all of them. */
  private async allPids(): Promise<number[]> {
    const pids = new Set<number>();
    for (const file of this.procsFiles) for (const pid of await readPids(file)) pids.add(pid);
    return [...pids];
  }
}

async function setFreezerState(dir: string, state: 'FROZEN' | 'THAWED'): Promise<void> {
  const file = path.join(dir, 'freezer.state');
  await writeCgroupFile(file, state);
  if (state === 'THAWED') return;
  // FREEZING can linger on tasks in uninterruptible sleep; killing them anyway is still correct, only racier.
  for (let i = 0; i < 100; i++) {
    if ((await readCgroupFile(file))?.trim() === 'FROZEN') return;
    await sleep(2);
  }
}

/** A new v1 cpuset starts with no cpus and mems; the parent takes the whole machine's. */
async function inheritCpuset(parent: string, root: string): Promise<void> {
  for (const name of ['cpuset.cpus', 'cpuset.mems']) {
    if ((await readCgroupFile(path.join(parent, name)))?.trim()) continue;
    const value = (await readCgroupFile(path.join(root, name)))?.trim() ?? '';
    await writeCgroupFile(path.join(parent, name), value);
  }
}
