import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Assignment } from '../assignments/assignment.types.js';

export type Side = 'submission' | 'baseline' | 'reference';

/** A run's view of the inputs: the folder mounted at /job/inputs, and its scratch twin out of the box's sight. */
export interface RunStage {
  visible: string;
  scratch: string;
}

/**
 * The scratch folder of one grading job. The host writes only into folders it has just created itself; a
 * student's box gets read-only views of its source, its plan and an input folder that is empty except while a
 * call runs. Nothing a student's box can write lives on the host's disk: answers arrive through the broker's
 * pipe and are stored by it, in a folder no student box ever sees.
 *
 * Everything a box sees is copied into the job folder first, so the sandbox user (which cannot read
 * a checkout under /root, say) needs no access to anything else on the host.
 *
 *   <job>/sandbox/                 the Python scripts that run in boxes             read-only at /sandbox
 *   <job>/assignment/              the assignment's files (trusted runs only)       read-only at /assignment
 *   <job>/src/<side>/solution.py   (+ support modules)                              read-only at /job/src
 *   <job>/inputs/<id>/args.json    written by the trusted generator; never in a student's box
 *   <job>/stage/<run>/             read-only at /job/inputs: the broker links the running call's inputs in
 *   <job>/stage-scratch/           where the broker assembles them first (never in a box)
 *   <job>/answers/<run>/<id>/      answers as the broker received them          read-only at /answers (checker)
 *   <job>/plans/<run>.json         one plan per sandbox run                         read-only at /job/plan.json
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
    for (const sub of ['src', 'plans', 'stage', 'answers']) await fs.mkdir(path.join(dir, sub), { mode: 0o755 });
    await fs.mkdir(path.join(dir, 'stage-scratch'), { mode: 0o700 });
    // The generator runs as the sandbox user and writes here; no student's box ever mounts it.
    await fs.mkdir(workspace.inputsDir, { mode: 0o755 });
    await fs.chown(workspace.inputsDir, sandboxUid, sandboxGid);
    await copyReadable(harnessDir, path.join(dir, 'sandbox'), (name) => BOX_SCRIPTS.includes(name));
    await copyReadable(assignment.dir, path.join(dir, 'assignment'));
    return workspace;
  }

  get harnessDir(): string {
    return path.join(this.dir, 'sandbox');
  }

  get assignmentDir(): string {
    return path.join(this.dir, 'assignment');
  }

  get inputsDir(): string {
    return path.join(this.dir, 'inputs');
  }

  get answersRoot(): string {
    return path.join(this.dir, 'answers');
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
    const file = path.join(this.dir, 'plans', `${safeRun(run)}.json`);
    await fs.writeFile(file, JSON.stringify(plan), { mode: 0o644, flag: 'wx' });
    return file;
  }

  /** A fresh, empty input view for one run. Fails if it exists: runs never share one. */
  async stage(run: string): Promise<RunStage> {
    const visible = path.join(this.dir, 'stage', safeRun(run));
    await fs.mkdir(visible, { mode: 0o755 });
    return { visible, scratch: path.join(this.dir, 'stage-scratch') };
  }

  /** A fresh folder for the answers of one run, written by the broker only. */
  async answersDir(run: string): Promise<string> {
    const dir = path.join(this.answersRoot, safeRun(run));
    await fs.mkdir(dir, { mode: 0o755 });
    return dir;
  }

  async remove(): Promise<void> {
    await fs.rm(this.dir, { recursive: true, force: true });
  }
}

/** The scripts that run inside boxes; the broker and the filter builder run on the host from the checkout. */
const BOX_SCRIPTS = ['harness.py', 'prepare.py', 'check.py', 'pgcodec.py'];

function safeRun(run: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(run)) throw new Error(`bad run name ${run}`);
  return run;
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
