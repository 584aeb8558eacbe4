import type { Verdict } from '../grading/report.types.js';
import type { SubmissionStatus } from '../submissions/submission-status.js';
import type { Bin } from './charts/histogram.js';
import { significant } from './html/format.js';

export interface Binned {
  bins: Bin[];
  /** Labels of the boundaries, one more than there are bins. */
  edges: string[];
}

/** Ten equal ranges from 0 to the maximum score; the maximum itself falls in the last. */
export function scoreBins(scores: number[], maxScore: number): Binned {
  const width = maxScore / 10;
  const edges = Array.from({ length: 11 }, (_, i) => significant(i * width));
  const bins = edges.slice(1).map((edge, i) => ({ label: `${edges[i]}–${edge}`, count: 0 }));
  for (const score of scores) bins[Math.min(9, Math.max(0, Math.floor(score / width)))].count++;
  return { bins, edges };
}

const SPEEDUP_EDGES = [1, 2, 5, 10, 20, 50, 100];

/** Ranges that grow by ×2–×2.5, as speedups do: slower than the baseline, then 1–2×, 2–5×, … 100× and more. */
export function speedupBins(speedups: number[]): Binned {
  const labels = ['slower than the baseline', ...SPEEDUP_EDGES.slice(1).map((edge, i) => `${SPEEDUP_EDGES[i]}–${edge}×`), '100× or more'];
  const bins = labels.map((label) => ({ label, count: 0 }));
  for (const speedup of speedups) {
    const index = SPEEDUP_EDGES.findIndex((edge) => speedup < edge);
    bins[index === -1 ? bins.length - 1 : index].count++;
  }
  return { bins, edges: ['', ...SPEEDUP_EDGES.map((edge) => `${edge}×`), ''] };
}

export type Outcome = 'pending' | Verdict;

/** How many submissions ended how: verdicts of finished ones, "error" for ours, "pending" for those not done. */
export function outcomeCounts(submissions: { status: SubmissionStatus; verdict: Verdict | null }[]): Map<Outcome, number> {
  const counts = new Map<Outcome, number>();
  for (const { status, verdict } of submissions) {
    const key: Outcome = status === 'queued' || status === 'running' ? 'pending' : status === 'error' ? 'error' : (verdict ?? 'error');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
