import path from 'node:path';
import type { CgroupBackend } from './cgroup-backend.js';
import { findCgroupMounts } from './cgroup-mounts.js';
import { readCgroupFile } from './cgroup-files.js';
import { CgroupV1Backend } from './cgroup-v1.js';
import { CgroupV2Backend } from './cgroup-v2.js';

export type CgroupMode = 'auto' | 'v1' | 'v2' | 'none';

export interface CgroupSetup {
  /** null: runs are confined by rlimits, the PID namespace and the wall clock only. */
  backend: CgroupBackend | null;
  /** What is missing and what that costs, in words for `doctor`. */
  problems: string[];
}

const WITHOUT_CGROUPS =
  'runs have no cgroup: memory and processes are limited per process (rlimits), cores with taskset, ' +
  'CPU time and peak memory of the run are not measured';

/**
 * Picks the hierarchy that holds the memory controller: v2 on current hosts, v1 on older ones
 * (a hybrid host has an empty cgroup2 at /sys/fs/cgroup/unified besides its v1 controllers).
 */
export async function openCgroupBackend(mode: CgroupMode): Promise<CgroupSetup> {
  if (mode === 'none') return { backend: null, problems: [`SANDBOX_CGROUP=none: ${WITHOUT_CGROUPS}`] };
  if (process.getuid?.() !== 0) {
    return { backend: null, problems: [`the grader does not run as root, so it cannot create cgroups: ${WITHOUT_CGROUPS}`] };
  }
  const mounts = await findCgroupMounts();
  const v2HasMemory = mounts.v2 !== null && (await readCgroupFile(path.join(mounts.v2, 'cgroup.controllers')))?.includes('memory');
  const version = mode !== 'auto' ? mode : v2HasMemory ? 'v2' : mounts.v1.has('memory') ? 'v1' : mounts.v2 ? 'v2' : null;

  const opened =
    version === 'v2' && mounts.v2
      ? await CgroupV2Backend.open(mounts.v2)
      : version === 'v1' && mounts.v1.size > 0
        ? await CgroupV1Backend.open(mounts.v1)
        : { backend: null, problems: [version ? `no cgroup ${version} hierarchy is mounted` : 'no cgroup hierarchy is mounted'] };
  if (!opened.backend) opened.problems.push(WITHOUT_CGROUPS);
  return opened;
}
