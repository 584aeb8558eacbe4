import type { SandboxSpec } from './sandbox.types.js';

/**
 * First line the box writes on fd 3, from a shell that runs before the student's program. It proves the
 * box was set up; the student cannot forge its absence, and any later copy is just an ordinary event.
 */
export const BOX_STARTED_MARKER = '{"sandbox":"started"}';

/**
 * Runs inside the box before argv: a missing program is the grader's fault (no marker → SandboxFailed),
 * anything after the marker is the student's.
 */
function startShim(processLimit: number | null): string {
  // RLIMIT_NPROC counts per user *and user namespace*: set inside the box it counts only this box's tasks;
  // set outside, it would count every process the sandbox user has on the host, other runs included.
  const limitProcesses = processLimit === null ? '' : `ulimit -p ${processLimit} || exit 125; `;
  return `${limitProcesses}[ -x "$1" ] || { echo "sandbox: cannot execute $1" >&2; exit 127; }; echo '${BOX_STARTED_MARKER}' >&3; exec "$@"`;
}

/** Without a pids cgroup, the box's init process counts against RLIMIT_NPROC too. */
const BOX_INIT_PROCESSES = 1;

/** File descriptors the launch chain hands to bubblewrap (see launch-command.ts and sandbox/broker.py). */
export const BOX_FDS = {
  /** bubblewrap writes {"child-pid": …} here (brokered runs: the broker checks the box's tmpfs through it). */
  info: 6,
  /** The compiled syscall filter, read and closed by bubblewrap. */
  seccomp: 9,
};

export interface BoxOptions {
  /** Set RLIMIT_NPROC inside the box (when no pids cgroup does the job). */
  limitProcessesInBox: boolean;
  /** A syscall filter is handed over on BOX_FDS.seccomp. */
  seccomp: boolean;
  /** The broker serves the calls: it holds the info pipe. */
  brokered: boolean;
}

/** The bubblewrap arguments for a spec: what the box sees, its namespaces and its environment. */
export function boxArguments(spec: SandboxSpec, options: BoxOptions): string[] {
  const processLimit = options.limitProcessesInBox ? spec.limits.processes + BOX_INIT_PROCESSES : null;
  return [
    ...systemMounts(spec.limits.tmpBytes),
    ...specMounts(spec),
    // Last, after every mount point exists: the root and /dev are bubblewrap's own tmpfs and would be writable.
    '--remount-ro', '/dev',
    '--remount-ro', '/',
    // bubblewrap loads the filter into the box's init (pid 1) and into the command, so no process of the box is
    // unfiltered; init's /proc entry is hidden too, so its memory and descriptors are out of the student's reach.
    ...(options.seccomp ? ['--seccomp', String(BOX_FDS.seccomp)] : []),
    ...(options.brokered ? ['--info-fd', String(BOX_FDS.info)] : []),
    // --unshare-user spelled out: --disable-userns (no nested namespaces for the student) requires it.
    '--unshare-all', '--unshare-user', '--disable-userns',
    '--die-with-parent', '--new-session', '--hostname', 'sandbox',
    '--chdir', spec.mounts.some((mount) => mount.box === '/job' || mount.box.startsWith('/job/')) ? '/job' : '/tmp',
    '--clearenv',
    ...Object.entries(boxEnvironment(spec)).flatMap(([name, value]) => ['--setenv', name, value]),
    '--', '/bin/sh', '-c', startShim(processLimit), 'sh', ...spec.argv,
  ];
}

/** /dev/shm gets an eighth of the run's file space (at most 16 MiB): multiprocessing's semaphores live there. */
export function shmBytes(tmpBytes: number): number {
  return Math.max(1 << 20, Math.min(16 << 20, Math.floor(tmpBytes / 8)));
}

function systemMounts(tmpBytes: number): string[] {
  return [
    '--ro-bind', '/usr', '/usr',
    '--symlink', 'usr/lib', '/lib',
    '--symlink', 'usr/lib64', '/lib64',
    '--symlink', 'usr/bin', '/bin',
    // numpy finds its BLAS through /etc/alternatives; the loader cache makes library lookups fast.
    '--ro-bind-try', '/etc/alternatives', '/etc/alternatives',
    '--ro-bind-try', '/etc/ld.so.cache', '/etc/ld.so.cache',
    '--proc', '/proc',
    '--tmpfs', '/proc/1',
    '--remount-ro', '/proc/1',
    '--dev', '/dev',
    // Everything a run can write is these two tmpfs, charged to its memory cgroup too: /tmp gets the disk
    // limit, /dev/shm (multiprocessing's semaphores; joblib uses it only when it holds 2 GB) an eighth of it.
    '--size', String(shmBytes(tmpBytes)), '--tmpfs', '/dev/shm',
    '--size', String(tmpBytes), '--tmpfs', '/tmp',
  ];
}

/** Parents before children, so /job/src can sit on top of /job. */
function specMounts(spec: SandboxSpec): string[] {
  const depth = (box: string) => box.split('/').length;
  return [...spec.mounts]
    .sort((a, b) => depth(a.box) - depth(b.box))
    .flatMap((mount) => [mount.writable ? '--bind' : '--ro-bind', mount.host, mount.box]);
}

/** Thread pools (BLAS, OpenMP, numba) sized to the cores granted, so they do not fight over one core. */
function boxEnvironment(spec: SandboxSpec): Record<string, string> {
  const threads = String(spec.cores.length);
  return {
    PATH: '/usr/bin',
    HOME: '/tmp',
    NUMBA_CACHE_DIR: '/tmp',
    MPLCONFIGDIR: '/tmp',
    PYTHONDONTWRITEBYTECODE: '1',
    OMP_NUM_THREADS: threads,
    OPENBLAS_NUM_THREADS: threads,
    MKL_NUM_THREADS: threads,
    NUMBA_NUM_THREADS: threads,
    ...spec.env,
  };
}
