import { formatBytes } from '../grading/report-builder.js';
import type { Report } from '../grading/report.types.js';
import { visibleText } from '../grading/visible-text.js';

const MARK: Record<string, string> = { accepted: '✓', wrong_answer: '✗' };

/** The report as a person reads it in a terminal. */
export function formatReport(report: Report): string {
  const out: string[] = [];
  const score = report.score === null ? 'no score' : `score ${report.score} / ${report.maxScore}`;
  out.push(`${report.assignment} — ${report.verdict.replace(/_/g, ' ')} — ${score}`);
  out.push(`  ${report.message}`);
  if (report.status === 'graded') {
    const { performance: perf, memory, points } = report;
    out.push('');
    const pts = (value: number) => `${value.toFixed(1)} pts`.padStart(9);
    out.push(`  correctness ${pts(points.correctness)}  ${report.correctness.passed}/${report.correctness.total} cases`);
    if (perf.speedup !== null) {
      const ref = perf.referenceSpeedup ? `, reference ${perf.referenceSpeedup}×` : '';
      out.push(`  speed       ${pts(points.speed)}  ${perf.speedup}× vs baseline (target ${perf.targetSpeedup}×${ref}, spread ${((perf.cv ?? 0) * 100).toFixed(1)} %)`);
      out.push(`                         baseline ${perf.baselineMs} ms, yours ${perf.submissionMs} ms per call (${perf.timing} time, median of ${perf.rounds} rounds)`);
    }
    if (memory.peakBytes !== null) {
      const of = (bytes: number | null) => (bytes === null ? '?' : formatBytes(bytes));
      out.push(`  memory      ${pts(points.memory)}  peak ${of(memory.peakBytes)} (baseline ${of(memory.baselinePeakBytes)}, reference ${of(memory.referencePeakBytes)})`);
    }
  }
  if (report.correctness.cases.length > 0) {
    out.push('', '  cases');
    for (const c of report.correctness.cases) {
      const name = `${c.name}${c.hidden ? ' (hidden)' : ''}`;
      out.push(`    ${MARK[c.verdict] ?? '!'} ${name.padEnd(28)} ${c.message}`);
    }
  }
  if (report.error?.traceback) {
    out.push('', '  traceback (your code)', ...report.error.traceback.trimEnd().split('\n').map((l) => `    ${l}`));
  }
  if (report.profile.length > 0) {
    out.push('', '  line profile of your code (one benchmark-sized call)', '    line        hits      time   % time  source');
    for (const p of report.profile.slice(0, 10)) {
      out.push(`    ${String(p.line).padStart(4)} ${String(p.hits).padStart(11)} ${`${p.timeMs.toFixed(1)} ms`.padStart(10)} ${`${p.timePercent.toFixed(1)} %`.padStart(8)}  ${p.source}`);
    }
  }
  for (const warning of report.warnings) out.push(`  note: ${warning}`);
  // Reports are made safe when built; a stored one from an older grader may not be: a terminal gets no controls.
  return visibleText(out.join('\n'));
}
