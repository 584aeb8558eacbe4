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
  /** Size of the private /tmp tmpfs (bytes); /dev/shm gets an eighth of it (at most 16 MiB). All a run can write. */
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
  /**
   * Serve calls through the trusted broker (sandbox/broker.py): the box gets one call's inputs at a time and
   * answers through a pipe; the broker's clock and the cgroup's counters measure each window. Harness runs only.
   */
  calls?: BrokeredCalls;
}

/** One measurement window: the calls whose inputs appear together and whose answers close it. */
export interface CallWindow {
  ids: string[];
  /** run: plain calls; trace: under tracemalloc (shown, never trusted); profile: under line_profiler. */
  mode: 'run' | 'trace' | 'profile';
  /** The window's own wall clock and CPU budget, enforced by the broker. */
  wallTimeMs: number;
  cpuTimeMs?: number;
}

export interface BrokeredCalls {
  windows: CallWindow[];
  /** How long the module may take to import before the first call (its top-level code). */
  readyTimeoutMs: number;
  /** Host folder of every input, <inputs>/<id>/args.json: never mounted in the box. */
  inputsDir: string;
  /** Host folder mounted read-only at `boxPath`: empty, except for the inputs of the running window. */
  stageDir: string;
  /** Host scratch folder beside stageDir (same filesystem), where a window's inputs are assembled. */
  stageScratchDir: string;
  /** Box path of stageDir (the harness reads <boxPath>/<id>/args.json). */
  boxPath: string;
  /** Host folder the broker stores answers in, <answers>/<id>/value.json (+ <k>.npy): never in this box. */
  answersDir: string;
  /** The most bytes one answer may have; more is an output limit. */
  maxAnswerBytes: number;
  /** Called when a window opens (index into windows), for progress. */
  onWindow?: (index: number) => void;
}

/** A window as the broker measured it. Trusted: the box cannot touch the broker's clock or the cgroup files. */
export interface WindowRecord {
  index: number;
  ids: string[];
  /** From the moment the inputs appeared to the moment the last answer byte arrived. */
  ns: number;
  /** CPU time of the whole box (every process) during the window; null without a CPU counter. */
  cpuNs: number | null;
  /** Peak of the box's memory during the window minus its usage when the window opened; null when not measurable. */
  memoryBytes: number | null;
  /** Bytes of each answer, in the order of ids. */
  answerBytes: number[];
}

export interface CallsReport {
  /** The module was imported and the harness asked for its first call. */
  ready: boolean;
  readyMs: number | null;
  windows: WindowRecord[];
  /** Index of the window that was open when the run ended early, if any. */
  openWindow: number | null;
  /** done: every window served; closed: the box ended early; protocol: it broke the call protocol;
   *  limit: the broker stopped it (see `limit`); aborted: the grader stopped it; broker_error: our bug. */
  end: 'done' | 'closed' | 'protocol' | 'limit' | 'aborted' | 'broker_error';
  limit: 'wall_time' | 'cpu_time' | 'answer_size' | null;
  detail: string;
  /** A writable tmpfs of the box was full when a window closed or the run ended. */
  diskFull: boolean;
}

/** One JSON line written by the harness on fd 3, stamped with the supervisor's own clock on arrival. */
export interface ProtocolEvent {
  /** process.hrtime.bigint() when the line arrived, in ns. The student cannot touch this clock. */
  hostNs: bigint;
  data: Record<string, unknown>;
}

export type LimitHit = 'wall_time' | 'cpu_time' | 'memory' | 'output' | 'file_size' | 'processes' | 'answer_size' | 'disk';

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
  /** Brokered runs: what the broker measured and how the calls ended. */
  calls?: CallsReport;
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
