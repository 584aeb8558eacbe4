import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ConfigService } from '../config/config.service.js';
import { AssignmentInvalid, AssignmentNotFound } from './assignment.errors.js';
import type { Assignment } from './assignment.types.js';
import { loadAllAssignments, type LoadResult } from './assignment-loader.js';

/**
 * The assignments in config.assignmentsDir, as of the last loadAll() (run at start-up). Instructors edit
 * assignment folders while the server runs; loadAll() again picks the changes up (new content hashes).
 */
@Injectable()
export class AssignmentsService implements OnModuleInit {
  private readonly logger = new Logger(AssignmentsService.name);
  private loaded: LoadResult = { assignments: [], invalid: [] };

  constructor(private readonly config: ConfigService) {}

  async onModuleInit(): Promise<void> {
    await this.loadAll();
  }

  /** Reloads every assignment from disk. Broken ones are logged and listed in `invalid`; the rest still load. */
  async loadAll(): Promise<LoadResult> {
    this.loaded = await loadAllAssignments(this.config.assignmentsDir);
    for (const invalid of this.loaded.invalid) this.logger.warn(invalid.message);
    return this.loaded;
  }

  list(): Assignment[] {
    return this.loaded.assignments;
  }

  invalid(): AssignmentInvalid[] {
    return this.loaded.invalid;
  }

  /** Throws the assignment's own AssignmentInvalid when it exists but is broken, so the caller learns why. */
  get(slug: string): Assignment {
    const assignment = this.loaded.assignments.find((candidate) => candidate.slug === slug);
    if (assignment) return assignment;
    const invalid = this.loaded.invalid.find((candidate) => candidate.slug === slug);
    if (invalid) throw invalid;
    throw new AssignmentNotFound(slug, this.loaded.assignments.map((known) => known.slug));
  }
}
