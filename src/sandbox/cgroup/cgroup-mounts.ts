import { readFile } from 'node:fs/promises';

export interface CgroupMounts {
  /** Mount point of the cgroup2 hierarchy, if any (/sys/fs/cgroup on v2 hosts, /sys/fs/cgroup/unified on hybrid ones). */
  v2: string | null;
  /** v1 controller name → mount point (co-mounted controllers such as cpu,cpuacct share one). */
  v1: Map<string, string>;
}

/** Reads where the cgroup hierarchies are mounted from /proc/self/mountinfo rather than assuming paths. */
export async function findCgroupMounts(mountinfoFile = '/proc/self/mountinfo'): Promise<CgroupMounts> {
  return parseMountinfo(await readFile(mountinfoFile, 'utf8'));
}

export function parseMountinfo(text: string): CgroupMounts {
  const mounts: CgroupMounts = { v2: null, v1: new Map() };
  for (const line of text.split('\n')) {
    // "<id> <parent> <dev> <root> <mount point> <options> [optional fields] - <fstype> <source> <super options>"
    const [before, after] = line.split(' - ');
    if (!before || !after) continue;
    const mountPoint = unescapeMountPath(before.split(' ')[4] ?? '');
    const [fsType, , superOptions = ''] = after.split(' ');
    if (fsType === 'cgroup2' && mounts.v2 === null) mounts.v2 = mountPoint;
    if (fsType === 'cgroup') {
      for (const option of superOptions.split(',')) {
        if (CONTROLLER_NAME.test(option) && !mounts.v1.has(option)) mounts.v1.set(option, mountPoint);
      }
    }
  }
  return mounts;
}

/** Mount options that name a controller (not rw, relatime, name=systemd, …). */
const CONTROLLER_NAME = /^(memory|pids|cpuset|cpu|cpuacct|freezer|blkio|devices|hugetlb|net_cls|net_prio|perf_event|rdma|misc)$/;

/** mountinfo escapes spaces and a few other characters as octal. */
function unescapeMountPath(raw: string): string {
  return raw.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}
