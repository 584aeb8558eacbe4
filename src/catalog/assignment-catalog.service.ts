import { Injectable } from '@nestjs/common';
import { isStaff, type Caller } from '../accounts/caller.js';
import { DomainError } from '../common/domain-error.js';
import { AssignmentRecordsRepository, type CurrentAssignment } from './assignment-records.repository.js';
import type { AssignmentDetailDto, AssignmentSummaryDto } from './assignment.dto.js';
import { staffView, studentView, summaryView } from './assignment-views.js';

/** Assignments as the API shows them: students the public part, instructors everything. */
@Injectable()
export class AssignmentCatalog {
  constructor(private readonly records: AssignmentRecordsRepository) {}

  async list(caller: Caller): Promise<AssignmentSummaryDto[]> {
    const all = await this.records.listCurrent();
    // Students see what they can submit to; instructors also see closed assignments.
    return all.filter((a) => isStaff(caller) || a.assignment.available).map(summaryView);
  }

  async detail(caller: Caller, slug: string): Promise<AssignmentDetailDto> {
    const current = await this.find(caller, slug);
    return isStaff(caller) ? staffView(current) : studentView(current);
  }

  /** The assignment and version a new submission goes to; refuses closed ones. */
  async forSubmission(caller: Caller, slug: string): Promise<CurrentAssignment> {
    const current = await this.find(caller, slug);
    if (!current.assignment.available) {
      throw new DomainError('gone', `"${current.assignment.title}" is closed: it is not accepting submissions right now. Ask your instructor.`);
    }
    return current;
  }

  /** Any known assignment, open or closed, for reading its submissions and grades. */
  async find(caller: Caller, slug: string): Promise<CurrentAssignment> {
    const current = await this.records.current(slug);
    if (!current || (!current.assignment.available && !isStaff(caller))) throw new DomainError('not_found', `There is no assignment "${slug}".`);
    return current;
  }
}
