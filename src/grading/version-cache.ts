import fs from 'node:fs/promises';
import path from 'node:path';
import type { Assignment } from '../assignments/assignment.types.js';

/**
 * What is measured once per assignment version and reused by every grade of it: the reference's speedup
 * over the baseline, both sides' peak memory, and the reference's output on the fixed memory input
 * (the expected answer for every submission's memory pass).
 */
export interface VersionFacts {
  version: string;
  referenceSpeedup: number;
  referenceCv: number;
  referenceMs: number;
  baselineMs: number;
  rounds: number;
  baselinePeakBytes: number;
  referencePeakBytes: number;
  /** Seed of the memory-pass input (fixed per version so the expected output can be cached). */
  memorySeed: number;
  measuredAt: string;
}

/** Bump when what is cached, or how it is measured, changes: older entries are then ignored. */
const CACHE_FORMAT = 2;

export class VersionCache {
  constructor(private readonly root: string) {}

  dir(assignment: Assignment): string {
    return path.join(this.root, assignment.slug, `${assignment.contentHash.slice(0, 16)}-f${CACHE_FORMAT}`);
  }

  async read(assignment: Assignment): Promise<VersionFacts | null> {
    try {
      const facts = JSON.parse(await fs.readFile(path.join(this.dir(assignment), 'facts.json'), 'utf8')) as VersionFacts;
      return facts.version === assignment.contentHash ? facts : null;
    } catch {
      return null;
    }
  }

  /**
   * Publishes facts plus the expected memory output atomically (write beside, then rename), so two workers
   * measuring the same new version at once both end with a complete entry.
   */
  async write(assignment: Assignment, facts: VersionFacts, memoryOutDir: string): Promise<void> {
    const target = this.dir(assignment);
    const staging = `${target}.tmp-${process.pid}-${Date.now()}`;
    await fs.mkdir(path.join(staging, 'memory'), { recursive: true, mode: 0o755 });
    for (const name of await fs.readdir(memoryOutDir)) {
      const from = path.join(memoryOutDir, name);
      const stat = await fs.lstat(from);
      if (stat.isFile()) await fs.copyFile(from, path.join(staging, 'memory', name));
    }
    await fs.writeFile(path.join(staging, 'facts.json'), JSON.stringify(facts, null, 2));
    await fs.chmod(staging, 0o755);
    await fs.rm(target, { recursive: true, force: true });
    await fs.rename(staging, target).catch(async (error) => {
      // Another worker published first: theirs is as good as ours.
      await fs.rm(staging, { recursive: true, force: true });
      if ((await this.read(assignment)) === null) throw error;
    });
  }
}
