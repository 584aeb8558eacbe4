import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Assignment } from '../assignments/assignment.types.js';

export type Side = 'submission' | 'baseline' | 'reference';

/**
 * The scratch folder of one grading job. The host writes only into folders it has just created itself
 * (sources, plans, fresh output folders it hands to the sandbox user); it never reads, writes or chowns
 * anything inside an output folder after a sandbox has had it.
 *
 * Everything a box sees is copied into the job folder first, so the sandbox user (which cannot read
 * a checkout under /root, say) needs no access to anything else on the host.
 *
 *   <job>/sandbox/            the Python harness scripts                   read-only at /sandbox
 *   <job>/assignment/         the assignment's files (trusted runs only)   read-only at /assignment
 *   <job>/cache/              this version's cached expected answers       read-only at /cache (trusted)
 *   <job>/src/<side>/solution.py (+ support modules)   read-only in the box at /job/src
 *   <job>/inputs/<callId>/args.json                       written by the trusted generator, read-only later
 *   <job>/plans/<run>.json                                one plan per sandbox run
 *   <job>/out/<run>/                                      the only writable folder of that run
 */
export class JobWorkspace {
  private constructor(readonly dir: string, private readonly sandboxUid: number, private readonly sandboxGid: number) {}

  static async create(root: string, sandboxUid: number, sandboxGid: number, harnessDir: string, assignment: Assignment): Promise<JobWorkspace> {
    await fs.mkdir(root, { recursive: true, mode: 0o711 });
    // The sandbox user must traverse (not list) the root to reach the job's folders it is given.
    await fs.chmod(root, 0o711);
    const dir = path.join(root, randomUUID());
    await fs.mkdir(dir, { mode: 0o755 });
    const workspace = new JobWorkspace(dir, sandboxUid, sandboxGid);
    for (const sub of ['src', 'plans', 'out', 'cache']) await fs.mkdir(path.join(dir, sub), { mode: 0o755 });
    await workspace.freshOutDir('inputs', path.join(dir, 'inputs'));
    await copyReadable(harnessDir, path.join(dir, 'sandbox'), (name) => name.endsWith('.py'));
    await copyReadable(assignment.dir, path.join(dir, 'assignment'));
    return workspace;
  }

  get harnessDir(): string {
    return path.join(this.dir, 'sandbox');
  }

  get assignmentDir(): string {
    return path.join(this.dir, 'assignment');
  }

  get cacheDir(): string {
    return path.join(this.dir, 'cache');
  }

  /** Copies a version-cache folder in, for trusted runs to read at /cache. */
  async importCache(from: string): Promise<void> {
    await copyReadable(from, this.cacheDir);
  }

  get inputsDir(): string {
    return path.join(this.dir, 'inputs');
  }

  get outRoot(): string {
    return path.join(this.dir, 'out');
  }

  srcDir(side: Side): string {
    return path.join(this.dir, 'src', side);
  }

  /** Writes the module under test as solution.py beside the assignment's support modules. */
  async writeSource(side: Side, assignment: Assignment, source: string): Promise<void> {
    const dir = this.srcDir(side);
    await fs.mkdir(dir, { mode: 0o755 });
    await fs.writeFile(path.join(dir, 'solution.py'), source, { mode: 0o644 });
    for (const file of assignment.files.support) {
      await fs.copyFile(path.join(assignment.dir, file), path.join(dir, path.basename(file)));
      await fs.chmod(path.join(dir, path.basename(file)), 0o644);
    }
  }

  async writePlan(run: string, plan: unknown): Promise<string> {
    const file = path.join(this.dir, 'plans', `${run}.json`);
    await fs.writeFile(file, JSON.stringify(plan), { mode: 0o644 });
    return file;
  }

  /** A new, empty output folder owned by the sandbox user. Fails if it exists: runs never share one. */
  async outDir(run: string): Promise<string> {
    return this.freshOutDir(run, path.join(this.outRoot, run));
  }

  private async freshOutDir(run: string, dir: string): Promise<string> {
    if (!/^[A-Za-z0-9_.-]+$/.test(run)) throw new Error(`bad run name ${run}`);
    await fs.mkdir(dir, { mode: 0o755 });
    await fs.chown(dir, this.sandboxUid, this.sandboxGid);
    return dir;
  }

  async remove(): Promise<void> {
    await fs.rm(this.dir, { recursive: true, force: true });
  }
}

/** Copies regular files (not symlinks) of a folder tree, readable by everyone, writable by no one else. */
async function copyReadable(from: string, to: string, keep: (name: string) => boolean = () => true): Promise<void> {
  await fs.mkdir(to, { recursive: true, mode: 0o755 });
  for (const entry of await fs.readdir(from, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === '__pycache__') continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) await copyReadable(source, target, keep);
    else if (entry.isFile() && keep(entry.name)) {
      await fs.copyFile(source, target);
      await fs.chmod(target, 0o644);
    }
  }
}
