import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AssignmentsService } from '../assignments/assignments.service.js';
import { AssignmentRecordsRepository } from './assignment-records.repository.js';
import { CatalogSync } from './catalog-sync.service.js';

/**
 * The server (not a worker) decides what students see: the versions it loaded become current, and
 * assignments it could not load (removed, or now invalid) close to new submissions while their old
 * submissions stay readable. Workers only register versions, so a worker with an older checkout cannot
 * turn an assignment back.
 */
@Injectable()
export class CatalogPublisher implements OnModuleInit {
  constructor(
    private readonly assignments: AssignmentsService,
    private readonly sync: CatalogSync,
    private readonly records: AssignmentRecordsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    const current = [];
    for (const assignment of this.assignments.list()) {
      current.push({ slug: assignment.slug, title: assignment.title, versionId: await this.sync.versionIdFor(assignment) });
    }
    await this.records.publish(current);
  }
}
