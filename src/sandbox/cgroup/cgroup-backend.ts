/**
 * One interface over cgroup v1 and v2, so the runner never cares which hierarchy the host has.
 * A backend creates one cgroup per run under a shared parent named `perfgrade`.
 */

export interface CgroupLimits {
  memoryBytes: number;
  /** Processes (pids.max), including the two bubblewrap processes that supervise the box. */
  processes: number;
  cores: number[];
}

/** Which limits a backend can actually enforce; the runner falls back to rlimits for the others. */
export interface CgroupEnforcement {
  memory: boolean;
  processes: boolean;
  cores: boolean;
}

export interface CgroupUsage {
  /** CPU time of every process that ran in the cgroup. */
  cpuMs: number | null;
  memoryPeakBytes: number | null;
  /** Processes the kernel killed because the memory limit was reached. */
  oomKills: number;
  /** Times a fork failed because pids.max was reached. */
  pidsLimitHits: number;
}

/**
 * The files the broker reads around each call window (sandbox/broker.py). Absent ones are measured as unknown,
 * never as zero.
 */
export interface CounterFiles {
  cpu?: string;
  /** cpuacct.usage holds nanoseconds; cpu.stat holds "usage_usec N". */
  cpuFormat: 'ns' | 'cpu.stat';
  memoryCurrent?: string;
  memoryPeak?: string;
  /** How the peak is reset when a window opens: v1 writes 0 to max_usage_in_bytes, v2 (Linux 6.12+) writes to
   *  the broker's own descriptor of memory.peak. null: it cannot be reset, so no per-window peak. */
  peakReset: 'v1' | 'v2' | null;
}

export interface RunCgroup {
  /** The cgroup.procs files a starting process writes its pid into, so it is confined before it executes anything. */
  readonly procsFiles: string[];
  /** Kernel counters of this cgroup, for the broker's per-window CPU and memory figures. */
  readonly counters: CounterFiles;
  usage(): Promise<CgroupUsage>;
  /** Kill every process still in the cgroup and wait until it is empty. */
  killAll(): Promise<void>;
  /** Remove the cgroup directories (after killAll). */
  remove(): Promise<void>;
}

export interface CgroupBackend {
  readonly version: 'v1' | 'v2';
  /** Controllers this backend can use for runs, e.g. memory, pids, cpuset, cpuacct, freezer. */
  readonly controllers: string[];
  readonly enforces: CgroupEnforcement;
  /** Creates the cgroup of one run with its limits applied; throws if the kernel refuses. */
  create(name: string, limits: CgroupLimits): Promise<RunCgroup>;
}

/** Name of the parent cgroup every run cgroup lives under (one per hierarchy on v1). */
export const CGROUP_PARENT = 'perfgrade';

/** What a run loses when a controller is missing, for the problems list of `doctor`. */
export const MISSING_CONTROLLER_EFFECT: Record<string, string> = {
  memory: 'memory is limited per process (RLIMIT_DATA) instead of per run, and an overrun is not reported as a memory limit',
  pids: 'processes are limited by RLIMIT_NPROC inside the box, and a fork failing is not reported as a process limit',
  cpuset: 'runs are pinned to their cores with taskset, which the student could undo',
  cpuacct: 'the CPU time of a run is not measured',
  freezer: 'leftover processes are killed one by one, racing with fork',
};
