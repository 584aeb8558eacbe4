/**
 * The contract between the grading service and the sandbox runner.
 * Only the sandbox module spawns processes; everything else describes a run with a SandboxSpec.
 */

/** Hard limits for one sandboxed run. Enforced by cgroups (memory, pids, cpuset), rlimits and the wall clock. */
export interface SandboxLimits {
  /** Wall clock for the whole run; the supervisor kills the process tree when it passes. */
  wallTimeMs: number;
  /** RLIMIT_CPU for each process (seconds). */
  cpuTimeS: number;
  /** cgroup memory limit for the whole tree (bytes, includes tmpfs in /tmp). */
  memoryBytes: number;
  /** cgroup pids limit for the whole tree. */
  processes: number;
  /** Bytes of stdout + stderr kept; going past it kills the run with limitHit 'output'. */
  outputBytes: number;
  /** RLIMIT_FSIZE: the largest file any process may write (bytes). */
  fileSizeBytes: number;
  /** Size of the private /tmp tmpfs (bytes). */
  tmpBytes: number;
}

/** A host path made visible inside the box. Read-only unless `writable`. */
export interface SandboxMount {
  host: string;
  box: string;
  writable?: boolean;
}

export interface SandboxSpec {
  /** Command line inside the box, e.g. ['/usr/bin/python3', '-I', '/sandbox/harness.py', '/job/plan.json']. */
  argv: string[];
  mounts: SandboxMount[];
  limits: SandboxLimits;
  /** CPU cores the run is pinned to (cpuset); thread-count variables are set to their number. */
  cores: number[];
  /** Extra environment inside the box (the environment is otherwise cleared). */
  env?: Record<string, string>;
  /** Called for every protocol line the harness writes on fd 3, as it arrives. */
  onEvent?: (event: ProtocolEvent) => void;
  /** Label used in cgroup names and logs. */
  label?: string;
}

/** One JSON line written by the harness on fd 3, stamped with the supervisor's own clock on arrival. */
export interface ProtocolEvent {
  /** process.hrtime.bigint() when the line arrived, in ns. The student cannot touch this clock. */
  hostNs: bigint;
  data: Record<string, unknown>;
}

export type LimitHit = 'wall_time' | 'cpu_time' | 'memory' | 'output' | 'file_size' | 'processes';

export interface SandboxResult {
  exitCode: number | null;
  signal: string | null;
  /** Wall time of the whole run measured by the supervisor. */
  wallMs: number;
  /** CPU time of the whole tree from the cgroup (ms), when available. */
  cpuMs: number | null;
  /** Peak memory of the whole tree from the cgroup (bytes), when available. */
  memoryPeakBytes: number | null;
  /** Which limit ended the run, if any. */
  limitHit: LimitHit | null;
  /** Captured output, capped at limits.outputBytes, NUL bytes stripped, decoded as UTF-8 with replacement. */
  stdout: string;
  stderr: string;
  events: ProtocolEvent[];
  /** Lines on fd 3 that were not valid JSON objects, or overflowed: signs of tampering. */
  protocolErrors: string[];
}

/** What isolation is active on this host (for `doctor` and `/api/ready`). */
export interface IsolationReport {
  bwrap: { path: string; version: string } | null;
  cgroup: 'v1' | 'v2' | 'none';
  controllers: string[];
  unprivilegedUser: boolean;
  seccomp: boolean;
  python: { path: string; version: string } | null;
  problems: string[];
}
