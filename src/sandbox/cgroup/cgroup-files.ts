import { readdir, readFile, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Small helpers for cgroupfs files: missing files are normal (older kernels, absent controllers). */

export async function readCgroupFile(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (isMissing(error)) return null;
    throw error;
  }
}

export async function writeCgroupFile(file: string, value: string): Promise<void> {
  await writeFile(file, value);
}

/** Writes only if the file exists; returns whether it did. */
export async function writeIfPresent(file: string, value: string): Promise<boolean> {
  try {
    await writeFile(file, value, { flag: 'r+' });
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

/** "key value" lines (memory.events, pids.events, cpu.stat, memory.oom_control) as a map. */
export function parseKeyedFile(text: string | null): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of (text ?? '').split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key && value !== undefined && /^\d+$/.test(value)) values.set(key, Number(value));
  }
  return values;
}

export async function readNumber(file: string): Promise<number | null> {
  const text = await readCgroupFile(file);
  if (text === null || !/^\d+\s*$/.test(text)) return null;
  return Number(text);
}

export async function readPids(procsFile: string): Promise<number[]> {
  const text = await readCgroupFile(procsFile);
  return (text ?? '').split('\n').filter((line) => /^\d+$/.test(line)).map(Number);
}

/** Kill every pid listed, ignoring processes that are already gone. */
export function killPids(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }
}

/** rmdir a cgroup; the kernel answers EBUSY for a moment while the last processes are reaped. */
export async function removeCgroupDir(dir: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await rmdir(dir);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return;
      if (code !== 'EBUSY' || Date.now() > deadline) throw error;
      await sleep(10);
    }
  }
}

/** Polls `done` until it is true; throws `message` after the timeout. */
export async function waitUntil(done: () => Promise<boolean>, timeoutMs: number, message: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(message);
    await sleep(5);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

/**
 * Removes run cgroups left behind by a grader that crashed. Only old ones: a young empty cgroup may belong to
 * another grader on this host that is about to start a run in it; non-empty ones refuse rmdir anyway.
 */
export async function removeEmptyLeftovers(parent: string, olderThanMs = 10 * 60_000): Promise<void> {
  for (const entry of await readdir(parent, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = path.join(parent, entry.name);
    try {
      if (Date.now() - (await stat(dir)).ctimeMs < olderThanMs) continue;
      await removeCgroupDir(dir, 0);
    } catch {
      // Busy or already gone: not ours to force.
    }
  }
}
