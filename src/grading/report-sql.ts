import type { Report } from './report.types.js';

type Section = 'performance' | 'memory';

/** `alias.report->'section'->>'field'` as a number; the field names are checked against the report's type. */
function figure<S extends Section>(alias: string, section: S, field: keyof NonNullable<Report[S]> & string): string {
  return `(${alias}.report->'${section}'->>'${field}')::double precision`;
}

/**
 * The stored report's fields that SQL reads (submissions.report is the grading core's Report as jsonb),
 * written once: every query that lists figures without loading whole reports uses these.
 */
export function reportSql(alias: string) {
  const text = (field: keyof Report & string) => `${alias}.report->>'${field}'`;
  return {
    verdict: text('verdict'),
    message: text('message'),
    speedup: figure(alias, 'performance', 'speedup'),
    cv: figure(alias, 'performance', 'cv'),
    peakMemoryBytes: figure(alias, 'memory', 'peakBytes'),
  };
}
