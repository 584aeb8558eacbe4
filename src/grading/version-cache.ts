import fs from 'node:fs/promises';
import path from 'node:path';
import type { Assignment } from '../assignments/assignment.types.js';

/**
 * What is measured once per assignment version and reused by every grade of it: the baseline's peak memory
 * (on the version's own memory inputs) and its time for one benchmark-sized call. Everything else — the
 * reference's speed and memory, the submission's — is measured in each grade, on that grade's inputs.
 */
export interface VersionFacts {
  version: string;
  baselinePeakBytes: number;
  baselineCallNs: number | null;
  measuredAt: string;
}

/** Bump when what is cached, or how it is measured, changes: older entries are then ignored. */
const CACHE_FORMAT = 3;

export class VersionCache {
  constructor(private readonly root: string) {}

  private file(assignment: Assignment): string {
    return path.join(this.root, assignment.slug, `${assignment.contentHash.slice(0, 16)}-f${CACHE_FORMAT}.json`);
  }

  async read(assignment: Assignment): Promise<VersionFacts | null> {
    try {
      const facts = JSON.parse(await fs.readFile(this.file(assignment), 'utf8')) as VersionFacts;
      return facts.version === assignment.contentHash && Number.isFinite(facts.baselinePeakBytes) ? facts : null;
    } catch {
      return null;
    }
  }

  /** Written beside and renamed, so two workers measuring the same new version at once both end with a whole file. */
  async write(assignment: Assignment, facts: VersionFacts): Promise<void> {
    const target = this.file(assignment);
    await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o755 });
    const staging = `${target}.tmp-${process.pid}-${Date.now()}`;
    await fs.writeFile(staging, JSON.stringify(facts, null, 2));
    await fs.rename(staging, target);
  }
}
