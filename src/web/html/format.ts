import type { Verdict } from '../../grading/report.types.js';
import type { SubmissionStatus } from '../../submissions/submission-status.js';

/** Three significant digits at most, without trailing zeros: 0.0421, 4.21, 42.1, 421. */
export function significant(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  return Number(value.toFixed(Math.min(decimals, 6))).toString();
}

export function formatMs(ms: number): string {
  if (ms >= 1000) return `${significant(ms / 1000)} s`;
  if (ms >= 1) return `${significant(ms)} ms`;
  return `${significant(ms * 1000)} µs`;
}

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB'];

/** 1, 1024, 1024², … : the unit `bytes` is best written in. */
export function byteUnit(bytes: number): number {
  let unit = 1;
  while (bytes >= unit * 1024 && unit < 1024 ** (BYTE_UNITS.length - 1)) unit *= 1024;
  return unit;
}

export function formatBytes(bytes: number): string {
  const unit = byteUnit(bytes);
  return `${unit === 1 ? Math.round(bytes) : significant(bytes / unit)} ${BYTE_UNITS[Math.round(Math.log(unit) / Math.log(1024))]}`;
}

export function formatSpeedup(speedup: number): string {
  return `${speedup >= 100 ? Math.round(speedup) : significant(speedup)}×`;
}

export function formatScore(score: number | null, maxScore: number | null): string {
  if (score === null) return '—';
  const shown = Math.round(score * 10) / 10;
  return maxScore ? `${shown} / ${maxScore}` : String(shown);
}

export function formatPercent(fraction: number): string {
  return `${significant(fraction * 100, 2)} %`;
}

/** A fixed, unambiguous form (the page cannot know the reader's time zone; the script shows local time). */
export function formatDateTime(date: Date | string): string {
  const d = new Date(date);
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "3 days 4 h left", "5 h 20 min left", "closed 2 days ago". */
export function timeLeft(deadline: Date | string, now: Date): string {
  const ms = new Date(deadline).getTime() - now.getTime();
  const text = duration(Math.abs(ms));
  return ms >= 0 ? `${text} left` : `deadline passed ${text} ago`;
}

function duration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  if (days >= 2) return `${days} days${hours % 24 ? ` ${hours % 24} h` : ''}`;
  if (hours >= 1) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  return `${Math.max(1, minutes)} min`;
}

const VERDICTS: Record<Verdict, string> = {
  accepted: 'Accepted',
  wrong_answer: 'Wrong answer',
  runtime_error: 'Runtime error',
  time_limit_exceeded: 'Time limit exceeded',
  memory_limit_exceeded: 'Memory limit exceeded',
  output_limit_exceeded: 'Output limit exceeded',
  rejected: 'Not graded: fix your file',
  error: 'Grader error (not your fault)',
};

export function verdictLabel(verdict: Verdict): string {
  return VERDICTS[verdict] ?? verdict;
}

/** For a submission without a report yet, or whose report is not final. */
export function statusLabel(status: SubmissionStatus, verdict?: Verdict | null): string {
  if (verdict && (status === 'graded' || status === 'rejected')) return verdictLabel(verdict);
  return { queued: 'Waiting in the queue', running: 'Being graded', graded: 'Graded', rejected: 'Not graded', error: 'Grader error (not your fault)' }[status];
}

/** good, bad or neutral, for the colour of a verdict badge (always with its text beside it). */
export function verdictTone(verdict: Verdict | null | undefined, status?: SubmissionStatus): 'good' | 'bad' | 'neutral' {
  if (verdict === 'accepted') return 'good';
  if (verdict === 'error' || status === 'error' || status === 'queued' || status === 'running' || !verdict) return 'neutral';
  return 'bad';
}
