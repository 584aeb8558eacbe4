import { Injectable } from '@nestjs/common';
import { isStaff, type Caller } from '../accounts/caller.js';
import { DomainError } from '../common/domain-error.js';
import { AssignmentCatalog } from '../catalog/assignment-catalog.service.js';
import { ClassComparison } from './analysis/class-comparison.js';
import { clustersOf } from './analysis/clusters.js';
import type { FileFingerprints } from './analysis/fingerprints.js';
import { sharedFragments } from './analysis/shared-fragments.js';
import { CLOSEST_PER_SUBMISSION, FLAG_LONGEST_KGRAMS, FLAG_SIMILARITY, isFlagged, MAX_STORED_PAIRS } from './analysis/similarity-rules.js';
import type {
  ClusterDto,
  PairDetailDto,
  ReviewDto,
  ReviewPairDto,
  SimilarityReportDto,
  SimilarityRunDto,
  SimilarSubmissionDto,
  StartRunDto,
} from './dto/similarity.dto.js';
import { FingerprintStore } from './fingerprint-store.service.js';
import { pairKey, SimilarityReviewsRepository } from './similarity-reviews.repository.js';
import { SimilarityRunsRepository, type StoredPair } from './similarity-runs.repository.js';
import { fragmentView, pairView, refView, reviewView, runView } from './similarity-views.js';
import { SimilarityWorker } from './similarity-worker.service.js';
import { SubmissionRefsRepository } from './submission-refs.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ReportQuery {
  /** similarity (default) or longest. */
  sort?: string;
  /** Pairs to list, 1–1000 (default 100). */
  limit?: string;
}

/**
 * Similarity checking for instructors: start an analysis, read its ranked pairs, histogram and clusters,
 * look at two submissions side by side and record a verdict. Staff only, everywhere (the routes say so
 * too): a student learns nothing, not even whether an analysis exists.
 */
@Injectable()
export class SimilarityService {
  constructor(
    private readonly catalog: AssignmentCatalog,
    private readonly runs: SimilarityRunsRepository,
    private readonly submissions: SubmissionRefsRepository,
    private readonly reviews: SimilarityReviewsRepository,
    private readonly store: FingerprintStore,
    private readonly worker: SimilarityWorker,
  ) {}

  /** Queues an analysis (or joins the one already waiting); the worker starts on it at once. */
  async start(caller: Caller, slug: string, dto: StartRunDto): Promise<SimilarityRunDto> {
    const { assignment } = await this.assignment(caller, slug);
    await this.runs.enqueue(assignment.id, dto.scope ?? 'latest', caller.id);
    this.worker.wake();
    const { open, done } = await this.runs.latest(assignment.id);
    // It may already have finished (a small class, a fast worker).
    return runView((open ?? done)!);
  }

  async report(caller: Caller, slug: string, query: ReportQuery = {}): Promise<SimilarityReportDto> {
    const { assignment } = await this.assignment(caller, slug);
    const order = sortOf(query.sort);
    const limit = limitOf(query.limit);
    const { done, open, failed } = await this.runs.latest(assignment.id);
    const base = {
      assignment: assignment.slug,
      title: assignment.title,
      run: done ? runView(done) : null,
      pending: open ? runView(open) : null,
      failed: failed && (!done || failed.createdAt > done.createdAt) ? runView(failed) : null,
      thresholds: { similarity: FLAG_SIMILARITY, longestKgrams: FLAG_LONGEST_KGRAMS },
      fingerprints: this.store.settingsKey,
    };
    if (!done?.summary) return { ...base, histogram: [], pairs: [], clusters: [] };
    const shown = await this.runs.pairs(done.id, order, limit);
    const flagged = (await this.runs.pairs(done.id, 'similarity', MAX_STORED_PAIRS)).filter(isFlagged);
    const clusters = clustersOf(flagged.map((p) => ({ left: p.leftId, right: p.rightId })));
    const refs = await this.submissions.refs([...new Set([...shown.flatMap((p) => [p.leftId, p.rightId]), ...clusters.flat()])]);
    const verdicts = await this.reviews.of(shown);
    return {
      ...base,
      histogram: done.summary.histogram,
      pairs: shown.map((pair) => pairView(pair, refs, verdicts.get(pairKey(pair.leftId, pair.rightId)))),
      clusters: clusters.map((members): ClusterDto => {
        const inside = new Set(members);
        const pairs = flagged.filter((p) => inside.has(p.leftId) && inside.has(p.rightId));
        return {
          submissions: members.map((id) => refView(refs.get(id)!)),
          pairs: pairs.length,
          maxSimilarity: Math.max(...pairs.map((p) => p.similarity)),
        };
      }),
    };
  }

  /** Two submissions of the assignment side by side, with the fragments they share (in either order of ids). */
  async pair(caller: Caller, slug: string, first: string, second: string): Promise<PairDetailDto> {
    const { assignment } = await this.assignment(caller, slug);
    const [leftId, rightId] = ordered(first, second);
    const refs = await this.submissions.refs([leftId, rightId]);
    if (refs.size !== 2 || [...refs.values()].some((ref) => ref.assignmentId !== assignment.id)) {
      throw new DomainError('not_found', `There is no pair of submissions ${first} and ${second} of "${assignment.title}".`);
    }
    const { done } = await this.runs.latest(assignment.id);
    const ignored = new Set(
      done?.summary?.ignoredFingerprints ??
        (await this.store.given(await this.submissions.givenCode([...new Set([...refs.values()].map((r) => r.versionId))]))),
    );
    const { fingerprints } = await this.store.of([leftId, rightId]);
    const left = fingerprints.get(leftId)!;
    const right = fingerprints.get(rightId)!;
    // A pair the run did not keep (not similar enough to list) is scored here, the same way.
    const stored = done ? await this.runs.pair(done.id, leftId, rightId) : null;
    const pair = stored ?? scoreOf(leftId, rightId, left, right, ignored);
    const sources = await this.submissions.sources([leftId, rightId]);
    const verdicts = await this.reviews.of([{ leftId, rightId }]);
    return {
      ...pairView(pair, refs, verdicts.get(pairKey(leftId, rightId))),
      assignment: assignment.slug,
      title: assignment.title,
      runId: done?.id ?? '',
      fragments: sharedFragments(left, right, ignored).map(fragmentView),
      leftSource: sources.get(leftId) ?? '',
      rightSource: sources.get(rightId) ?? '',
    };
  }

  async review(caller: Caller, slug: string, first: string, second: string, dto: ReviewPairDto): Promise<ReviewDto> {
    const detail = await this.pair(caller, slug, first, second);
    await this.reviews.save(detail.left.id, detail.right.id, dto.status, (dto.note ?? '').trim(), caller.id);
    const saved = await this.reviews.of([{ leftId: detail.left.id, rightId: detail.right.id }]);
    return reviewView(saved.get(pairKey(detail.left.id, detail.right.id)))!;
  }

  /** The closest other submissions to this one in the latest analysis that compared it (staff only). */
  async similarTo(caller: Caller, submissionId: string): Promise<SimilarSubmissionDto[]> {
    this.staffOnly(caller);
    if (!UUID.test(submissionId)) throw new DomainError('not_found', `There is no submission ${submissionId}.`);
    const runId = await this.runs.latestRunWith(submissionId);
    if (!runId) return [];
    const pairs = await this.runs.pairsOf(runId, submissionId, CLOSEST_PER_SUBMISSION);
    const others = pairs.map((p) => (p.leftId === submissionId ? p.rightId : p.leftId));
    const refs = await this.submissions.refs([submissionId, ...others]);
    return pairs.map((pair, i) => ({
      submission: refView(refs.get(others[i])!),
      similarity: pair.similarity,
      longestLines: pair.longestLines,
      flagged: isFlagged(pair),
      href: `/instructor/assignments/${encodeURIComponent(refs.get(others[i])!.slug)}/similarity/pairs/${pair.leftId}/${pair.rightId}`,
    }));
  }

  private async assignment(caller: Caller, slug: string) {
    this.staffOnly(caller);
    return this.catalog.find(caller, slug);
  }

  private staffOnly(caller: Caller): void {
    if (!isStaff(caller)) throw new DomainError('forbidden', 'Similarity reports are for instructors only.');
  }
}

function sortOf(raw: string | undefined): 'similarity' | 'longest' {
  if (raw === undefined || raw === '' || raw === 'similarity') return 'similarity';
  if (raw === 'longest') return 'longest';
  throw new DomainError('invalid', 'sort: must be similarity or longest.');
}

function limitOf(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 100;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 1000) throw new DomainError('invalid', 'limit: must be a whole number from 1 to 1000.');
  return value;
}

/** Postgres orders uuids as their lower-case text does; stored pairs have the smaller id on the left. */
function ordered(first: string, second: string): [string, string] {
  if (!UUID.test(first) || !UUID.test(second) || first.toLowerCase() === second.toLowerCase()) {
    throw new DomainError('not_found', `There is no pair of submissions ${first} and ${second}.`);
  }
  const [a, b] = [first.toLowerCase(), second.toLowerCase()];
  return a < b ? [a, b] : [b, a];
}

function scoreOf(leftId: string, rightId: string, left: FileFingerprints, right: FileFingerprints, ignored: ReadonlySet<number>): StoredPair {
  const comparison = new ClassComparison([left, right], ignored);
  const { similarity, longest, longestLines, leftShared, rightShared } = comparison.score(0, 1);
  return {
    leftId,
    rightId,
    similarity,
    longest,
    longestLines,
    leftShared,
    rightShared,
    leftOwn: comparison.ownSize(0),
    rightOwn: comparison.ownSize(1),
  };
}
