import { Injectable } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import type { Caller } from '../../accounts/caller.js';
import { DomainError } from '../../common/domain-error.js';
import { AssignmentCatalog } from '../../catalog/assignment-catalog.service.js';
import { SubmissionsRepository, type SubmissionOutcome } from '../../submissions/submissions.repository.js';
import { LeaderboardNamesRepository } from './leaderboard-names.repository.js';
import { pseudonym } from './pseudonym.js';
import { rankWithTies, type Ranked } from './ranking.js';

export interface LeaderboardEntry {
  pseudonym: string;
  speedup: number;
  cv: number | null;
  mine: boolean;
}

export interface LeaderboardPageModel {
  caller: Caller;
  slug: string;
  title: string;
  /** The caller's pseudonym, when they opted in. */
  myName: string | null;
  rows: Ranked<LeaderboardEntry>[];
}

/** Tries before giving up on finding a free pseudonym (34 × 34 × 90 names: a clash is rare). */
const NAME_TRIES = 20;

/**
 * Per assignment (when its YAML turns it on): each opted-in student's fastest correct submission, under a
 * pseudonym, with speedups inside the measurement noise shown as ties.
 */
@Injectable()
export class LeaderboardService {
  constructor(
    private readonly catalog: AssignmentCatalog,
    private readonly submissions: SubmissionsRepository,
    private readonly names: LeaderboardNamesRepository,
  ) {}

  async page(caller: Caller, slug: string): Promise<LeaderboardPageModel> {
    const { assignment, version } = await this.catalog.find(caller, slug);
    if (!version.definition.policy.leaderboard) {
      throw new DomainError('not_found', `"${assignment.title}" has no leaderboard: the instructor has not turned one on for it.`);
    }
    const [outcomes, names] = await Promise.all([this.submissions.outcomes(assignment.id), this.names.all()]);
    const entries = [...fastestAccepted(outcomes)].flatMap(([userId, best]) => {
      const name = names.get(userId);
      return name ? [{ pseudonym: name, speedup: best.speedup!, cv: best.cv, mine: userId === caller.id }] : [];
    });
    return { caller, slug, title: assignment.title, myName: names.get(caller.id) ?? null, rows: rankWithTies(entries) };
  }

  async join(caller: Caller): Promise<void> {
    if (await this.names.find(caller.id)) return;
    for (let i = 0; i < NAME_TRIES; i++) if (await this.names.insert(caller.id, pseudonym(randomInt))) return;
    if (await this.names.find(caller.id)) return;
    throw new DomainError('unavailable', 'No free pseudonym was found just now. Please try again.');
  }

  async leave(caller: Caller): Promise<void> {
    await this.names.delete(caller.id);
  }
}

/** Per student, the accepted submission with the highest speedup. */
function fastestAccepted(outcomes: SubmissionOutcome[]): Map<string, SubmissionOutcome> {
  const best = new Map<string, SubmissionOutcome>();
  for (const outcome of outcomes) {
    if (outcome.role !== 'student' || outcome.verdict !== 'accepted' || outcome.speedup === null) continue;
    const current = best.get(outcome.userId);
    if (!current || outcome.speedup > current.speedup!) best.set(outcome.userId, outcome);
  }
  return best;
}
