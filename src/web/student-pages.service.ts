import { Injectable } from '@nestjs/common';
import { isStaff, type Caller } from '../accounts/caller.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { AssignmentCatalog } from '../catalog/assignment-catalog.service.js';
import type { AssignmentDetailDto } from '../catalog/assignment.dto.js';
import type { SimilarSubmissionDto } from '../similarity/dto/similarity.dto.js';
import { SimilarityService } from '../similarity/similarity.service.js';
import type { SubmissionDto, SubmissionSummaryDto } from '../submissions/submission.dto.js';
import { SubmissionsRepository, type SubmissionOutcome } from '../submissions/submissions.repository.js';
import { SubmissionsService } from '../submissions/submissions.service.js';
import { countedSubmissions } from './counted-submissions.js';

/** Enough submissions to count attempts on every assignment of a course. */
const ALL_MINE = '500';

export interface AttemptsSummary {
  /** Submissions that count against max_attempts (our own errors do not). */
  used: number;
  /** The highest score of a finished submission. */
  best: SubmissionSummaryDto | null;
}

export interface AssignmentsPageModel {
  caller: Caller;
  now: Date;
  assignments: { assignment: AssignmentDetailDto; attempts: AttemptsSummary }[];
}

export interface AssignmentPageModel {
  caller: Caller;
  now: Date;
  assignment: AssignmentDetailDto;
  mine: SubmissionOutcome[];
  leaderboard: boolean;
}

export interface SubmissionPageModel {
  caller: Caller;
  submission: SubmissionDto;
  assignmentTitle: string;
  /** Points available per part (the assignment's current weights); null when the assignment is closed. */
  weights: { correctness: number; speed: number; memory: number } | null;
  source: string;
  /** Staff only: the closest other submissions in the latest similarity analysis (null for students). */
  similar: SimilarSubmissionDto[] | null;
}

export interface HistoryPageModel {
  caller: Caller;
  slug: string;
  title: string;
  counts: 'best' | 'last';
  mine: SubmissionOutcome[];
}

/** What the student pages show, gathered from the submissions and assignments services (which check access). */
@Injectable()
export class StudentPages {
  constructor(
    private readonly catalog: AssignmentCatalog,
    private readonly submissions: SubmissionsService,
    private readonly records: SubmissionsRepository,
    private readonly clock: Clock,
    private readonly similarity: SimilarityService,
  ) {}

  async assignments(caller: Caller): Promise<AssignmentsPageModel> {
    const [summaries, mine] = await Promise.all([this.catalog.list(caller), this.submissions.list(caller, { student: caller.id, limit: ALL_MINE })]);
    const details = await Promise.all(summaries.filter((a) => a.available).map((a) => this.catalog.detail(caller, a.slug)));
    return {
      caller,
      now: this.clock.now(),
      assignments: details.map((assignment) => ({ assignment, attempts: summarise(mine.filter((s) => s.assignment === assignment.slug)) })),
    };
  }

  async assignment(caller: Caller, slug: string): Promise<AssignmentPageModel> {
    const [assignment, current] = await Promise.all([this.catalog.detail(caller, slug), this.catalog.find(caller, slug)]);
    return {
      caller,
      now: this.clock.now(),
      assignment,
      mine: await this.records.outcomes(current.assignment.id, caller.id),
      leaderboard: current.version.definition.policy.leaderboard,
    };
  }

  /** The baseline as a file to download. */
  async baseline(caller: Caller, slug: string): Promise<{ filename: string; text: string }> {
    const assignment = await this.catalog.detail(caller, slug);
    return { filename: `${slug}-baseline.py`, text: assignment.baseline };
  }

  async submission(caller: Caller, id: string): Promise<SubmissionPageModel> {
    const submission = await this.submissions.get(caller, id);
    const { source } = await this.submissions.source(caller, id);
    // A closed assignment is not found for students, but their submissions to it stay readable: shown under its slug.
    const current = await this.catalog.find(caller, submission.assignment).catch((error: unknown) => {
      if (error instanceof DomainError) return null;
      throw error;
    });
    return {
      caller,
      submission,
      assignmentTitle: current?.assignment.title ?? submission.assignment,
      weights: current?.version.definition.scoring.weights ?? null,
      source,
      similar: isStaff(caller) ? await this.similarity.similarTo(caller, id) : null,
    };
  }

  source(caller: Caller, id: string): Promise<{ filename: string; source: string }> {
    return this.submissions.source(caller, id);
  }

  async history(caller: Caller, slug: string): Promise<HistoryPageModel> {
    const current = await this.catalog.find(caller, slug);
    return {
      caller,
      slug,
      title: current.assignment.title,
      counts: current.version.definition.policy.counts,
      mine: await this.records.outcomes(current.assignment.id, caller.id),
    };
  }
}

function summarise(mine: SubmissionSummaryDto[]): AttemptsSummary {
  const oldestFirst = [...mine].reverse().map((s) => ({ ...s, userId: s.user.id, email: s.user.email, name: s.user.name, createdAt: new Date(s.createdAt) }));
  const best = countedSubmissions(oldestFirst, 'best');
  return { used: mine.filter((s) => s.status !== 'error').length, best: mine.find((s) => best.has(s.id)) ?? null };
}
