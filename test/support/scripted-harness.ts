import type { Assignment } from '../../src/assignments/assignment.types.js';
import type { Difference } from '../../src/grading/difference.js';
import { CallSites } from '../../src/grading/grade-plan.js';
import type { GradingJob } from '../../src/grading/grading-job.js';
import { studentLimits, type CheckPair, type GenerateCall, type Harness, type JobContext, type ModuleRun } from '../../src/grading/harness-client.js';
import type { Side } from '../../src/grading/job-workspace.js';
import { parseCheck, parseRun, type CheckOutcome, type GenerateOutcome, type RunOutcome } from '../../src/grading/run-outcome.js';
import type { LimitHit, SandboxResult, WindowRecord } from '../../src/sandbox/sandbox.types.js';

/** How one side's process behaves on one call, as a test scripts it. */
export type CallScript =
  | { ns: number; memoryBytes?: number; traced?: number }
  | { raise: { type: string; message: string; line?: number } }
  | { limit: LimitHit };

export interface Script {
  /** What `side` does on call `id` in run `run` (the n-th run of that side). */
  call(side: Side, id: string, run: string): CallScript;
  /** Whether the answer of `pair.actual` is right; a Difference when it is not. */
  verdict?(pair: CheckPair): true | Difference;
}

/**
 * A Harness that runs nothing: each call does what the script says, and the outcome is built by the same parser
 * the real harness client uses (from a SandboxResult shaped like the broker's), so the phases above it are
 * exercised as in production, in milliseconds.
 */
export class ScriptedHarness implements Harness {
  readonly runs: ModuleRun[] = [];
  readonly generated: GenerateCall[][] = [];
  readonly checked: CheckPair[][] = [];

  constructor(private readonly script: Script) {}

  async generate(_job: JobContext, run: string, calls: GenerateCall[]): Promise<GenerateOutcome> {
    this.generated.push(calls);
    return { run, result: result([], null), generated: new Set(calls.map((c) => c.id)) };
  }

  async runModule(_job: JobContext, request: ModuleRun): Promise<RunOutcome> {
    this.runs.push(request);
    const windows: WindowRecord[] = [];
    const events: Record<string, unknown>[] = [];
    let open: number | null = null;
    let limit: LimitHit | null = null;
    for (const [index, window] of request.windows.entries()) {
      let ns = 0;
      let memoryBytes = 0;
      let failed = false;
      for (const id of window.ids) {
        const call = this.script.call(request.side, id, request.run);
        if ('raise' in call) {
          events.push({ ev: 'error', id, ...call.raise, traceback: `Traceback: ${call.raise.type}` });
          failed = true;
          break;
        }
        if ('limit' in call) {
          limit = call.limit;
          failed = true;
          break;
        }
        ns += call.ns;
        memoryBytes = Math.max(memoryBytes, call.memoryBytes ?? 0);
        if (window.mode === 'trace') events.push({ ev: 'memory', id, peak_bytes: call.traced ?? call.memoryBytes ?? 0, before_bytes: 0, tracing: true });
      }
      if (failed) {
        open = index;
        break;
      }
      windows.push({ index, ids: window.ids, ns, cpuNs: ns, memoryBytes, answerBytes: window.ids.map(() => 10) });
    }
    const end = open === null ? 'done' : limit ? 'limit' : 'closed';
    const brokerLimit = limit === 'wall_time' || limit === 'cpu_time' || limit === 'answer_size' ? limit : null;
    const calls = { ready: true, readyMs: 1, windows, openWindow: open, end, limit: brokerLimit, detail: '', diskFull: false } as const;
    return parseRun(request, { ...result(events, limit), calls }, request.side !== 'submission');
  }

  async check(_job: JobContext, run: string, pairs: CheckPair[]): Promise<CheckOutcome> {
    this.checked.push(pairs);
    const events = pairs.map((pair) => {
      const verdict = this.script.verdict?.(pair) ?? true;
      return verdict === true ? { ev: 'verdict', id: pair.id, ok: true } : { ev: 'verdict', id: pair.id, ok: false, difference: verdict };
    });
    return parseCheck(run, result(events, null));
  }
}

function result(events: Record<string, unknown>[], limitHit: LimitHit | null): SandboxResult {
  return {
    exitCode: limitHit ? null : 0,
    signal: limitHit ? 'SIGKILL' : null,
    wallMs: 1,
    cpuMs: 1,
    memoryPeakBytes: 0,
    limitHit,
    stdout: '',
    stderr: '',
    events: events.map((data) => ({ hostNs: 0n, data })),
    protocolErrors: [],
  };
}

/** A small assignment: three cases (the last hidden), numba-like warm-up, benchmark rounds as given. */
export function testAssignment(overrides: Partial<Assignment['benchmark']> = {}): Assignment {
  return {
    slug: 'test-pi',
    title: 'Test',
    topic: 'jit',
    function: 'estimate_pi',
    dir: '/nowhere',
    contentHash: 'a'.repeat(64),
    files: { baseline: 'baseline.py', reference: 'reference.py', generator: 'cases.py', support: [], readme: 'README.md' },
    cases: [
      { name: 'small', size: { n: 10 }, seed: 1, hidden: false },
      { name: 'medium', size: { n: 1000 }, seed: 2, hidden: false },
      { name: 'hidden-large', size: { n: 100000 }, seed: 3, hidden: true },
    ],
    benchmark: { size: { n: 1e6 }, memorySize: { n: 1e5 }, rounds: 3, warmup: 1, repeats: 3, maxCv: 0.05, maxRounds: 7, ...overrides },
    checker: { kind: 'exact' },
    limits: { wallTimeS: 10, cpuTimeS: 10, memoryMb: 512, processes: 16, outputKb: 64, fileSizeMb: 16, diskMb: 64, cores: 1 },
    timing: 'wall',
    scoring: { weights: { correctness: 40, speed: 50, memory: 10 }, speed: { curve: 'log', target: 20 }, memory: { targetRatio: 1, zeroRatio: 4, floorBytes: 1 << 20 } },
    policy: { latePenalty: { perDay: 0, max: 0 }, cooldownS: 0, counts: 'best', leaderboard: false },
  } as unknown as Assignment;
}

export function scriptedJob(assignment: Assignment, harness: ScriptedHarness): GradingJob {
  let seed = 100;
  return {
    assignment,
    workspace: {} as GradingJob['workspace'],
    cores: [0],
    harness,
    limits: studentLimits(assignment.limits),
    sites: new CallSites(assignment),
    progress: () => undefined,
    warnings: [],
    seed: () => seed++,
  };
}
