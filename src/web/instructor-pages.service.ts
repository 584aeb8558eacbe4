import { Injectable } from '@nestjs/common';
import type { AssignmentInvalid } from '../assignments/assignment.errors.js';
import { AssignmentsService } from '../assignments/assignments.service.js';
import type { Caller } from '../accounts/caller.js';
import { AssignmentCatalog } from '../catalog/assignment-catalog.service.js';
import type { AssignmentSummaryDto } from '../catalog/assignment.dto.js';
import { SubmissionsRepository, type SubmissionOutcome } from '../submissions/submissions.repository.js';
import { UsersRepository } from '../accounts/users.repository.js';
import { countedSubmissions } from './counted-submissions.js';

export interface InstructorHomeModel {
  caller: Caller;
  assignments: { summary: AssignmentSummaryDto; submissions: number; pending: number }[];
  /** Assignments that failed validation when the server started, with every problem. */
  invalid: AssignmentInvalid[];
}

export interface StudentProgress {
  name: string;
  email: string;
  /** Oldest first. */
  submissions: SubmissionOutcome[];
  /** The submission that is the grade (per the policy), the best-scoring one and the latest finished one. */
  counted?: SubmissionOutcome;
  best?: SubmissionOutcome;
  last?: SubmissionOutcome;
}

export interface DashboardModel {
  caller: Caller;
  slug: string;
  title: string;
  topic: string;
  available: boolean;
  counts: 'best' | 'last';
  maxScore: number;
  /** Every submission by a student (instructors' own test submissions left out). */
  submissions: SubmissionOutcome[];
  students: StudentProgress[];
}

/** The instructor's view of the course: every assignment, every student, every submission. StaffOnly routes only. */
@Injectable()
export class InstructorPages {
  constructor(
    private readonly catalog: AssignmentCatalog,
    private readonly assignments: AssignmentsService,
    private readonly records: SubmissionsRepository,
    private readonly users: UsersRepository,
  ) {}

  async home(caller: Caller): Promise<InstructorHomeModel> {
    const summaries = await this.catalog.list(caller);
    const rows = await Promise.all(
      summaries.map(async (summary) => {
        const { assignment } = await this.catalog.find(caller, summary.slug);
        const byStatus = await this.records.countByStatus(assignment.id);
        const total = Object.values(byStatus).reduce((sum, n) => sum + n, 0);
        return { summary, submissions: total, pending: (byStatus.queued ?? 0) + (byStatus.running ?? 0) };
      }),
    );
    return { caller, assignments: rows, invalid: this.assignments.invalid() };
  }

  async dashboard(caller: Caller, slug: string): Promise<DashboardModel> {
    const { assignment, version } = await this.catalog.find(caller, slug);
    const [outcomes, students] = await Promise.all([this.records.outcomes(assignment.id), this.users.listByRole('student')]);
    const submissions = outcomes.filter((s) => s.role === 'student');
    const { counts } = version.definition.policy;
    const counted = countedSubmissions(submissions, counts);
    const best = countedSubmissions(submissions, 'best');
    const weights = version.definition.scoring.weights;
    return {
      caller,
      slug,
      title: assignment.title,
      topic: version.definition.topic,
      available: assignment.available,
      counts,
      // A scoring formula may have its own maximum; the reports say which. Rejected files score out of 0.
      maxScore: Math.max(0, ...submissions.map((s) => s.maxScore ?? 0)) || weights.correctness + weights.speed + weights.memory,
      submissions,
      students: students.map((student) => {
        const theirs = submissions.filter((s) => s.userId === student.id);
        const finished = theirs.filter((s) => s.status === 'graded' || s.status === 'rejected');
        return {
          name: student.name,
          email: student.email,
          submissions: theirs,
          counted: theirs.find((s) => counted.has(s.id)),
          best: theirs.find((s) => best.has(s.id)),
          last: finished.at(-1),
        };
      }),
    };
  }
}
