import { access, mkdir } from 'node:fs/promises';
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
  readPids,
  removeCgroupDir,
  removeEmptyLeftovers,
  waitUntil,
  writeCgroupFile,
  writeIfPresent,
} from './cgroup-files.js';

/** Controllers a run needs; CPU time (cpu.stat usage_usec) and cgroup.kill come with every v2 cgroup. */
const V2_CONTROLLERS = ['memory', 'pids', 'cpuset'];

/** cgroup v2: one directory per run, e.g. /sys/fs/cgroup/perfgrade/<run>. */
export class CgroupV2Backend implements CgroupBackend {
  readonly version = 'v2';
  readonly enforces: CgroupEnforcement;

  private constructor(
    private readonly parent: string,
    readonly controllers: string[],
  ) {
    this.enforces = {
      memory: controllers.includes('memory'),
      processes: controllers.includes('pids'),
      cores: controllers.includes('cpuset'),
    };
  }

  static async open(root: string): Promise<{ backend: CgroupV2Backend | null; problems: string[] }> {
    const problems: string[] = [];
    const parent = path.join(root, CGROUP_PARENT);
    try {
      await mkdir(parent, { recursive: true });
      await removeEmptyLeftovers(parent);
    } catch (error) {
      return { backend: null, problems: [`cannot create ${parent}: ${(error as Error).message}`] };
    }
    const available = words(await readCgroupFile(path.join(root, 'cgroup.controllers')));
    for (const controller of V2_CONTROLLERS) {
      if (!available.includes(controller)) {
        problems.push(`cgroup v2 at ${root} has no ${controller} controller: ${MISSING_CONTROLLER_EFFECT[controller]}`);
        continue;
      }
      // A controller reaches a run's cgroup only if every ancestor below the root delegates it.
      try {
        await writeCgroupFile(path.join(root, 'cgroup.subtree_control'), `+${controller}`);
        await writeCgroupFile(path.join(parent, 'cgroup.subtree_control'), `+${controller}`);
      } catch (error) {
        problems.push(`cannot enable ${controller} for ${parent}: ${(error as Error).message}; ${MISSING_CONTROLLER_EFFECT[controller]}`);
      }
    }
    const enabled = words(await readCgroupFile(path.join(parent, 'cgroup.subtree_control')));
    return { backend: new CgroupV2Backend(parent, V2_CONTROLLERS.filter((c) => enabled.includes(c))), problems };
  }

  async create(name: string, limits: CgroupLimits): Promise<RunCgroup> {
    const dir = path.join(this.parent, name);
    await mkdir(dir);
    try {
      if (this.enforces.memory) {
        await writeCgroupFile(path.join(dir, 'memory.max'), String(limits.memoryBytes));
        // No swap: a hog is killed at the limit instead of crawling through swap until the wall clock ends it.
        await writeIfPresent(path.join(dir, 'memory.swap.max'), '0');
        // One OOM ends the whole run, so a pool of workers cannot limp on with one of them missing.
        await writeIfPresent(path.join(dir, 'memory.oom.group'), '1');
      }
      if (this.enforces.processes) await writeCgroupFile(path.join(dir, 'pids.max'), String(limits.processes));
      if (this.enforces.cores) await writeCgroupFile(path.join(dir, 'cpuset.cpus'), limits.cores.join(','));
      return new RunCgroupV2(dir, this.enforces.memory);
    } catch (error) {
      await removeCgroupDir(dir).catch(() => undefined);
      throw error;
    }
  }
}

class RunCgroupV2 implements RunCgroup {
  readonly procsFiles: string[];
  readonly counters: CounterFiles;

  constructor(private readonly dir: string, memory: boolean) {
    this.procsFiles = [path.join(dir, 'cgroup.procs')];
    this.counters = {
      cpu: path.join(dir, 'cpu.stat'),
      cpuFormat: 'cpu.stat',
      memoryCurrent: memory ? path.join(dir, 'memory.current') : undefined,
      memoryPeak: memory ? path.join(dir, 'memory.peak') : undefined,
      // The broker tries; a kernel older than 6.12 refuses the write and the window peak is then unknown.
      peakReset: memory ? 'v2' : null,
    };
  }

  async usage(): Promise<CgroupUsage> {
    const read = (name: string) => readCgroupFile(path.join(this.dir, name));
    const usageUsec = parseKeyedFile(await read('cpu.stat')).get('usage_usec');
    const peak = (await read('memory.peak'))?.trim();
    return {
      cpuMs: usageUsec === undefined ? null : usageUsec / 1000,
      memoryPeakBytes: peak && /^\d+$/.test(peak) ? Number(peak) : null,
      oomKills: parseKeyedFile(await read('memory.events')).get('oom_kill') ?? 0,
      pidsLimitHits: parseKeyedFile(await read('pids.events')).get('max') ?? 0,
    };
  }

  async killAll(): Promise<void> {
    // cgroup.kill (Linux 5.14+) kills every task atomically, forks in flight included.
    if (await exists(path.join(this.dir, 'cgroup.kill'))) {
      await writeCgroupFile(path.join(this.dir, 'cgroup.kill'), '1');
    } else {
      await this.freezeAndKill();
    }
    await waitUntil(
      async () => {
        const events = await readCgroupFile(path.join(this.dir, 'cgroup.events'));
        return events === null || parseKeyedFile(events).get('populated') === 0; // null: already removed
      },
      5000,
      `processes in cgroup ${this.dir} survived SIGKILL for 5 s`,
    );
  }

  async remove(): Promise<void> {
    await removeCgroupDir(this.dir);
  }

  /** Older kernels: frozen tasks cannot fork or exit, so the pids we read stay theirs until we thaw. */
  private async freezeAndKill(): Promise<void> {
    const freeze = path.join(this.dir, 'cgroup.freeze');
    await writeCgroupFile(freeze, '1');
    await waitUntil(
      async () => parseKeyedFile(await readCgroupFile(path.join(this.dir, 'cgroup.events'))).get('frozen') === 1,
      1000,
      `cgroup ${this.dir} did not freeze`,
    ).catch(() => undefined);
    killPids(await readPids(this.procsFiles[0]));
    await writeCgroupFile(freeze, '0');
  }
}

function words(text: string | null): string[] {
  return (text ?? '').split(/\s+/).filter(Boolean);
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
