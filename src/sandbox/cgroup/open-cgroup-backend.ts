import path from 'node:path';
import type { CgroupBackend } from './cgroup-backend.js';
import { findCgroupMounts, type CgroupMounts } from './cgroup-mounts.js';
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
  'runs have no cgroup: memory is limited per process and processes per box (rlimits), cores with taskset, ' +
  'and the CPU time and peak memory of a run are not measured';

export async function openCgroupBackend(mode: CgroupMode): Promise<CgroupSetup> {
  if (mode === 'none') return { backend: null, problems: [`SANDBOX_CGROUP=none: ${WITHOUT_CGROUPS}`] };
  if (process.getuid?.() !== 0) {
    return { backend: null, problems: [`the grader does not run as root, so it cannot create cgroups: ${WITHOUT_CGROUPS}`] };
  }
  const mounts = await findCgroupMounts();
  const version = mode === 'auto' ? await activeVersion(mounts) : mode;
  let opened: CgroupSetup;
  if (version === 'v2' && mounts.v2) opened = await CgroupV2Backend.open(mounts.v2);
  else if (version === 'v1' && mounts.v1.size > 0) opened = await CgroupV1Backend.open(mounts.v1);
  else opened = { backend: null, problems: [version ? `no cgroup ${version} hierarchy is mounted` : 'no cgroup hierarchy is mounted'] };
  if (!opened.backend) opened.problems.push(WITHOUT_CGROUPS);
  return opened;
}

/**
 * The hierarchy that holds the memory controller: v2 on current hosts, v1 on older ones (a hybrid host has an
 * empty cgroup2 at /sys/fs/cgroup/unified beside its v1 controllers).
 */
async function activeVersion(mounts: CgroupMounts): Promise<'v1' | 'v2' | null> {
  const v2Controllers = mounts.v2 ? await readCgroupFile(path.join(mounts.v2, 'cgroup.controllers')) : null;
  if (v2Controllers?.split(/\s+/).includes('memory')) return 'v2';
  if (mounts.v1.has('memory')) return 'v1';
  return mounts.v2 ? 'v2' : null;
}
