import { execa } from 'execa';
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';

export interface SeccompFilter {
  /** The compiled program bubblewrap loads (fd 9); null when it could not be built on this host. */
  file: string | null;
  problem: string | null;
}

/**
 * Compiles the box's syscall filter once (sandbox/seccomp_filter.py, run on the host with Debian's
 * python3-seccomp) into `dir`. Written beside and renamed, so several grader processes may build it at once.
 */
export async function buildSeccompFilter(hostPython: string, harnessDir: string, dir: string): Promise<SeccompFilter> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'box-filter.bpf');
  const staging = `${file}.${process.pid}.${Date.now()}`;
  const result = await execa(hostPython, ['-I', path.join(harnessDir, 'seccomp_filter.py'), staging], { reject: false, extendEnv: false });
  if (result.exitCode !== 0) {
    const why = String(result.stderr || result.shortMessage || 'unknown error').trim().split('\n').pop();
    return { file: null, problem: `the syscall filter could not be built (${why}); boxes run without one (apt-get install python3-seccomp)` };
  }
  await rename(staging, file);
  return { file, problem: null };
}
