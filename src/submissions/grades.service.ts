import { Injectable } from '@nestjs/common';
import type { Caller } from '../accounts/caller.js';
import { AssignmentCatalog } from '../catalog/assignment-catalog.service.js';
import { gradeRows, toCsv } from './grades-csv.js';
import { SubmissionsRepository } from './submissions.repository.js';

@Injectable()
export class GradesService {
  constructor(
    private readonly catalog: AssignmentCatalog,
    private readonly submissions: SubmissionsRepository,
  ) {}

  /** grades.csv for the LMS: one row per student, best or last per the assignment's current policy. */
  async csv(caller: Caller, slug: string): Promise<string> {
    const { assignment, version } = await this.catalog.find(caller, slug);
    const candidates = await this.submissions.gradeCandidates(assignment.id);
    return toCsv(gradeRows(candidates, version.definition.policy.counts));
  }
}
