import { execa } from 'execa';
import { access, constants } from 'node:fs/promises';
import type { ConfigService } from '../config/config.service.js';
import { boxArguments } from './box-arguments.js';
import { openCgroupBackend } from './cgroup/open-cgroup-backend.js';
import { HOST_TOOLS, launchCommand } from './launch-command.js';
import type { IsolationReport, SandboxLimits } from './sandbox.types.js';
import { superviseProcess } from './supervise-process.js';

/** bubblewrap 0.8 brought --disable-userns, which the box relies on. */
const MIN_BWRAP = [0, 8];

const PROBE_LIMITS: SandboxLimits = {
  wallTimeMs: 10_000,
  cpuTimeS: 5,
  memoryBytes: 64 << 20,
  processes: 4,
  outputBytes: 4096,
  fileSizeBytes: 1 << 20,
  tmpBytes: 1 << 20,
};

/**
 * What isolation this host gives sandbox runs, checked by doing rather than by reading configuration:
 * a cgroup is created and removed, the box is started as the sandbox user. For `doctor` and readiness.
 */
export async function detectIsolation(config: ConfigService): Promise<IsolationReport> {
  const problems: string[] = [];
  const bwrap = await bwrapVersion(config.bwrapPath);
  if (!bwrap) problems.push(`bubblewrap not found at ${config.bwrapPath} (apt-get install bubblewrap, or set PERFGRADE_BWRAP)`);
  else if (olderThan(bwrap.version, MIN_BWRAP)) problems.push(`bubblewrap ${bwrap.version} is older than ${MIN_BWRAP.join('.')}`);
  for (const tool of Object.values(HOST_TOOLS)) {
    if (!(await isExecutable(tool))) problems.push(`${tool} is missing (Debian packages bash and util-linux provide the tools)`);
  }

  const cgroups = await probeCgroups(config);
  problems.push(...cgroups.problems);

  const unprivilegedUser = bwrap ? await boxRunsAsSandboxUser(config) : false;
  if (process.getuid?.() !== 0) problems.push("the grader does not run as root, so the box runs as the grader's own user");
  else if (!unprivilegedUser) problems.push(`a box as uid ${config.sandboxUid} did not start (are unprivileged user namespaces enabled?)`);

  const python = await pythonVersion(config.pythonPath);
  if (!python) problems.push(`python not runnable at ${config.pythonPath} (set PERFGRADE_PYTHON)`);
  const seccomp = python ? await canImport(config.pythonPath, 'seccomp') : false;
  if (python && !seccomp) problems.push('python3-seccomp is not importable: no syscall filter in the box (apt-get install python3-seccomp)');

  return { bwrap, cgroup: cgroups.version, controllers: cgroups.controllers, unprivilegedUser, seccomp, python, problems };
}

/** Opens the cgroup backend the runner would use and creates and removes one run cgroup with it. */
async function probeCgroups(config: ConfigService): Promise<{ version: IsolationReport['cgroup']; controllers: string[]; problems: string[] }> {
  const { backend, problems } = await openCgroupBackend(config.sandboxCgroup);
  if (!backend) return { version: 'none', controllers: [], problems };
  const limits = { memoryBytes: PROBE_LIMITS.memoryBytes, processes: PROBE_LIMITS.processes, cores: [config.graderCores[0]] };
  try {
    const probe = await backend.create(`doctor-${process.pid}`, limits);
    await probe.remove();
  } catch (error) {
    return { version: 'none', controllers: [], problems: [...problems, `creating a run cgroup failed: ${(error as Error).message}`] };
  }
  return { version: backend.version, controllers: backend.controllers, problems };
}

async function bwrapVersion(bwrapPath: string): Promise<{ path: string; version: string } | null> {
  const result = await execa(bwrapPath, ['--version'], { reject: false, extendEnv: false });
  const version = /(\d+\.\d+(?:\.\d+)?)/.exec(String(result.stdout ?? ''))?.[1];
  return result.exitCode === 0 && version ? { path: bwrapPath, version } : null;
}

/** Starts a real box (no cgroup) and asks who it runs as: proves the uid switch and unprivileged bwrap together. */
async function boxRunsAsSandboxUser(config: ConfigService): Promise<boolean> {
  if (process.getuid?.() !== 0) return false;
  const spec = { argv: ['/usr/bin/id', '-u'], mounts: [], limits: PROBE_LIMITS, cores: [config.graderCores[0]] };
  const run = await superviseProcess(
    launchCommand({
      bwrapPath: config.bwrapPath,
      boxArgs: boxArguments(spec, { limitProcessesInBox: false, seccomp: false, brokered: false }),
      limits: PROBE_LIMITS,
      cores: spec.cores,
      procsFiles: [],
      enforced: { memory: false, processes: false, cores: false },
      user: { uid: config.sandboxUid, gid: config.sandboxGid },
      keepFds: 3,
      seccompFile: null,
    }),
    { wallTimeMs: PROBE_LIMITS.wallTimeMs, outputBytes: PROBE_LIMITS.outputBytes, onEvent: () => undefined, killRest: async () => undefined },
  );
  return run.boxStarted && run.exitCode === 0 && run.stdout.trim() === String(config.sandboxUid);
}

async function pythonVersion(pythonPath: string): Promise<{ path: string; version: string } | null> {
  const result = await execa(pythonPath, ['-I', '-c', 'import sys; print(sys.version.split()[0])'], { reject: false, extendEnv: false });
  return result.exitCode === 0 ? { path: pythonPath, version: String(result.stdout).trim() } : null;
}

async function canImport(pythonPath: string, module: string): Promise<boolean> {
  const result = await execa(pythonPath, ['-I', '-c', `import ${module}`], { reject: false, extendEnv: false });
  return result.exitCode === 0;
}

async function isExecutable(file: string): Promise<boolean> {
  return access(file, constants.X_OK).then(
    () => true,
    () => false,
  );
}

function olderThan(version: string, minimum: number[]): boolean {
  const parts = version.split('.').map(Number);
  for (let i = 0; i < minimum.length; i++) {
    if ((parts[i] ?? 0) !== minimum[i]) return (parts[i] ?? 0) < minimum[i];
  }
  return false;
}
