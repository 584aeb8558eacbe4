import type { CgroupEnforcement } from './cgroup/cgroup-backend.js';
import type { SandboxLimits } from './sandbox.types.js';

/** Tools from Debian's essential packages (bash, util-linux) that set up the process before bubblewrap. */
export const HOST_TOOLS = {
  bash: '/bin/bash',
  prlimit: '/usr/bin/prlimit',
  setpriv: '/usr/bin/setpriv',
  taskset: '/usr/bin/taskset',
};

export interface LaunchCommand {
  file: string;
  args: string[];
}

export interface LaunchOptions {
  bwrapPath: string;
  boxArgs: string[];
  limits: SandboxLimits;
  cores: number[];
  /** cgroup.procs files to join before anything else runs; empty without cgroups. */
  procsFiles: string[];
  /** What the cgroup enforces; per-process rlimits and taskset stand in for the rest. */
  enforced: CgroupEnforcement;
  /** The unprivileged identity to switch to; null when the grader is not root (it cannot switch). */
  user: { uid: number; gid: number } | null;
  /** Descriptors the box keeps: 3 (events) always; up to 6 when the broker serves calls (commands, answers, info). */
  keepFds: number;
  /** Compiled syscall filter to open on fd 9 for bubblewrap, or null to run without one. */
  seccompFile: string | null;
}

/**
 * The first step, still as the grader: close every fd above the ones the box keeps (Node sets close-on-exec only
 * on its own fds; one inherited from whatever started the grader would otherwise reach the box), open the syscall
 * filter for bubblewrap, then join each cgroup.procs given before `--`. `$$` is this shell's pid, which exec
 * keeps; exit 125, before the box exists, reports a refused cgroup or filter. bash, not sh: dash cannot name a
 * file descriptor above 9. Arguments: <keep> <filter or ""> <procs files…> -- <chain…>.
 */
const PREPARE = [
  'keep=$1; filter=$2; shift 2',
  'for f in /proc/$$/fd/*; do fd=${f##*/}; if ((fd > keep)); then exec {fd}>&-; fi; done',
  'if [ -n "$filter" ]; then exec 9<"$filter" || exit 125; fi',
  'while [ "$1" != -- ]; do echo $$ > "$1" || exit 125; shift; done',
  'shift; exec "$@"',
].join('; ');

/**
 * The chain of exec's from the grader to the box, each step doing one thing: bash (root) closes stray fds and
 * joins the cgroups → [taskset pins cores] → setpriv drops to the sandbox user → prlimit sets rlimits → bwrap
 * builds the box. Each step exec's the next, so the pid that joined the cgroup becomes bubblewrap and nothing
 * runs outside the cgroup. (The process-count fallback is set inside the box instead, see boxArguments.)
 */
export function launchCommand(options: LaunchOptions): LaunchCommand {
  const chain = [
    ...(options.enforced.cores ? [] : [HOST_TOOLS.taskset, '--cpu-list', options.cores.join(',')]),
    ...(options.user
      ? [HOST_TOOLS.setpriv, `--reuid=${options.user.uid}`, `--regid=${options.user.gid}`, '--clear-groups', '--no-new-privs', '--']
      : []),
    ...rlimits(options),
    options.bwrapPath,
    ...options.boxArgs,
  ];
  const head = [String(options.keepFds), options.seccompFile ?? ''];
  return { file: HOST_TOOLS.bash, args: ['-c', PREPARE, 'bash', ...head, ...options.procsFiles, '--', ...chain] };
}

function rlimits({ limits, enforced }: LaunchOptions): string[] {
  return [
    HOST_TOOLS.prlimit,
    // Soft limit sends SIGXCPU (reported as cpu_time); the hard limit one second later kills a process that ignores it.
    `--cpu=${limits.cpuTimeS}:${limits.cpuTimeS + 1}`,
    `--fsize=${limits.fileSizeBytes}`,
    '--nofile=256',
    '--core=0',
    // Without a memory cgroup, a per-process limit is the best there is.
    ...(enforced.memory ? [] : [`--data=${limits.memoryBytes}`]),
    '--',
  ];
}
