import type { RunOutcome } from './run-outcome.js';

/**
 * Peak memory of one call, from two passes over fresh inputs of the same size. The figure that counts is the
 * box's cgroup peak during the measured call's window minus what the box held when it opened: every process,
 * every allocator, mmap included, and the broker reads it. tracemalloc's peak of the traced call is measured
 * inside the student's process, so it may only raise the figure, never lower it.
 */
export interface MemoryFigure {
  bytes: number;
  /** The box's peak in the measured window (trusted); null without a memory cgroup. */
  windowBytes: number | null;
  /** tracemalloc's peak of the traced call, when tracing was left on. */
  pythonBytes: number | null;
  /** False when only the in-process figure exists (no memory cgroup on this host). */
  trusted: boolean;
}

export function memoryFigure(outcome: RunOutcome, measuredId: string, tracedId: string): MemoryFigure | null {
  const window = outcome.windows.find((w) => w.ids.includes(measuredId));
  const traced = outcome.traced.get(tracedId);
  const pythonBytes = traced?.tracing ? traced.peakBytes : null;
  const windowBytes = window?.memoryBytes ?? null;
  if (windowBytes === null && pythonBytes === null) return null;
  return { bytes: Math.max(windowBytes ?? 0, pythonBytes ?? 0), windowBytes, pythonBytes, trusted: windowBytes !== null };
}
