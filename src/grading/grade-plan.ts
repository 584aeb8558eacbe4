import type { Assignment } from '../assignments/assignment.types.js';
import type { GenerateCall, WindowPlan } from './harness-client.js';
import type { FailureSite } from './run-failure.js';

/** Ids of the calls every grade makes besides the cases (inputs at <job>/inputs/<id>). */
export const CALLS = {
  /** A benchmark-sized input, timed once in the checking process: how many calls one timed value needs. */
  calibration: 'cal-0',
  /** The memory pass: the box's peak in this call's window is the figure... */
  memory: 'mem-0',
  /** ...and tracemalloc's peak of this one (same size, fresh input) can only raise it. */
  memoryTrace: 'mem-1',
  /** The line profile of the student's code, on a benchmark-sized input. */
  profile: 'prof-0',
  /** The version's own memory inputs (fixed seeds), for the baseline's figure measured once per version. */
  versionMemory: 'vmem-0',
  versionMemoryTrace: 'vmem-1',
} as const;

export interface CaseCall {
  id: string;
  index: number;
}

export function caseCalls(assignment: Assignment): CaseCall[] {
  return assignment.cases.map((_, index) => ({ id: `case-${index}`, index }));
}

/** Where each call of a grade belongs, for failures: built from the plan, never parsed out of an id. */
export class CallSites {
  private readonly sites = new Map<string, FailureSite>();

  constructor(assignment: Assignment) {
    for (const { id, index } of caseCalls(assignment)) {
      const spec = assignment.cases[index];
      this.sites.set(id, { kind: 'case', index, name: spec.name, hidden: spec.hidden });
    }
    this.sites.set(CALLS.calibration, { kind: 'benchmark' });
    this.sites.set(CALLS.memory, { kind: 'memory' });
    this.sites.set(CALLS.memoryTrace, { kind: 'memory' });
  }

  add(id: string, site: FailureSite): void {
    this.sites.set(id, site);
  }

  /** The site of a call; before any call (undefined), the import. */
  of = (callId?: string): FailureSite => (callId === undefined ? { kind: 'import' } : (this.sites.get(callId) ?? { kind: 'benchmark' }));

  /** Public cases show their inputs to students; everything else is fresh or hidden. */
  revealed(id: string): boolean {
    const site = this.sites.get(id);
    return site?.kind === 'case' && !site.hidden;
  }
}

/** Inputs generated once per grade, before anything runs. */
export function gradeInputs(assignment: Assignment, seed: () => number, withVersionMemory: boolean, versionSeed: number): GenerateCall[] {
  const { benchmark } = assignment;
  const calls: GenerateCall[] = caseCalls(assignment).map(({ id, index }) => ({ id, size: assignment.cases[index].size, seed: assignment.cases[index].seed }));
  calls.push({ id: CALLS.calibration, size: benchmark.size, seed: seed() });
  calls.push({ id: CALLS.memory, size: benchmark.memorySize, seed: seed() });
  calls.push({ id: CALLS.memoryTrace, size: benchmark.memorySize, seed: seed() });
  calls.push({ id: CALLS.profile, size: benchmark.size, seed: seed() });
  if (withVersionMemory) {
    calls.push({ id: CALLS.versionMemory, size: benchmark.memorySize, seed: versionSeed });
    calls.push({ id: CALLS.versionMemoryTrace, size: benchmark.memorySize, seed: versionSeed + 1 });
  }
  return calls;
}

/**
 * The checking process: every case one at a time, then the calibration call, the memory pass and the profile,
 * each in its own window. Every side runs the same layout, so memory figures are taken in the same state.
 */
export function checkingWindows(
  assignment: Assignment,
  parts: { calibration: boolean; memory: boolean; profile: boolean },
  memoryIds: [string, string] = [CALLS.memory, CALLS.memoryTrace],
): WindowPlan[] {
  const windows: WindowPlan[] = caseCalls(assignment).map(({ id }) => ({ ids: [id], mode: 'run' }));
  if (parts.calibration) windows.push({ ids: [CALLS.calibration], mode: 'run' });
  if (parts.memory) windows.push({ ids: [memoryIds[0]], mode: 'run' }, { ids: [memoryIds[1]], mode: 'trace' });
  if (parts.profile) windows.push({ ids: [CALLS.profile], mode: 'profile' });
  return windows;
}

/** One round of side-by-side timing: the same fresh inputs for every side, each side taking what it needs. */
export interface RoundInputs {
  round: number;
  warmups: string[];
  /** values[v][k]: the k-th input of timed value v. */
  values: string[][];
}

export function roundInputs(assignment: Assignment, round: number, callsPerValue: number): RoundInputs {
  const { warmup, repeats } = assignment.benchmark;
  return {
    round,
    warmups: Array.from({ length: warmup }, (_, j) => `r${round}-w${j}`),
    values: Array.from({ length: repeats }, (_, v) => Array.from({ length: callsPerValue }, (_, k) => `r${round}-v${v}-${k}`)),
  };
}

/** A side's windows in a round: its warm-ups one by one, then each timed value as one window of k calls. */
export function roundWindows(inputs: RoundInputs, calls: number, warm: boolean): WindowPlan[] {
  return [
    ...(warm ? inputs.warmups.map((id) => ({ ids: [id], mode: 'run' as const })) : []),
    ...inputs.values.map((ids) => ({ ids: ids.slice(0, calls), mode: 'run' as const })),
  ];
}
