import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Assignment } from '../assignments/assignment.types.js';
import { AssignmentsService } from '../assignments/assignments.service.js';
import { AssignmentRecordsRepository } from './assignment-records.repository.js';
import type { StoredDefinition, VersionFiles } from './assignment-record.js';

/** Texts larger than this are not copied into the database (the pages would not show them sensibly anyway). */
const MAX_STORED_FILE = 512 * 1024;

/**
 * Records every assignment this process loaded (AssignmentsService reads and validates the folder) as a
 * version in the database, keyed by content hash. Broken assignments are reported with file, field and
 * reason, and skipped; they never stop the process.
 */
@Injectable()
export class CatalogSync implements OnModuleInit {
  private readonly logger = new Logger('Assignments');
  private readonly versionIds = new Map<string, Promise<string>>();

  constructor(
    private readonly assignments: AssignmentsService,
    private readonly records: AssignmentRecordsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    const loaded = this.assignments.list();
    for (const assignment of loaded) await this.versionIdFor(assignment);
    for (const invalid of this.assignments.invalid()) {
      const where = invalid.problems.map((p) => `${p.file}${p.line ? `:${p.line}` : ''}${p.field ? ` ${p.field}` : ''}: ${p.message}`).join('; ');
      this.logger.error(`skipped assignment '${invalid.slug}': ${where}`);
    }
    this.logger.log(`${loaded.length} assignment(s) ready: ${loaded.map((a) => a.slug).join(', ') || 'none'}`);
  }

  /** The database id of this exact content (registered on first use). */
  versionIdFor(assignment: Assignment): Promise<string> {
    const key = `${assignment.slug}\u0000${assignment.contentHash}`;
    let id = this.versionIds.get(key);
    if (!id) {
      id = this.register(assignment);
      id.catch(() => this.versionIds.delete(key));
      this.versionIds.set(key, id);
    }
    return id;
  }

  private async register(assignment: Assignment): Promise<string> {
    const { dir: _dir, ...definition } = assignment;
    return this.records.register(assignment.slug, assignment.title, assignment.contentHash, definition as StoredDefinition, await readFiles(assignment));
  }
}

async function readFiles(assignment: Assignment): Promise<VersionFiles> {
  const read = async (name: string) => {
    const text = await fs.readFile(path.join(assignment.dir, name), 'utf8').catch(() => '');
    return text.length > MAX_STORED_FILE ? `(${name} is too large to show here)` : text;
  };
  const { readme, baseline, reference, generator } = assignment.files;
  return { readme: await read(readme), baseline: await read(baseline), reference: await read(reference), generator: await read(generator) };
}
