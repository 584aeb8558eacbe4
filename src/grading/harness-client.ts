import path from 'node:path';
import type { Assignment, AssignmentLimits } from '../assignments/assignment.types.js';
import { ConfigService } from '../config/config.service.js';
import type { ProtocolEvent, SandboxLimits, SandboxMount, SandboxResult } from '../sandbox/sandbox.types.js';
import { SandboxRunner } from '../sandbox/sandbox-runner.service.js';
import type { ProfileLine } from './report.types.js';
import type { JobWorkspace, Side } from './job-workspace.js';

/** One call of the function under test; its input is <job>/inputs/<id>. */
export interface HarnessCall {
  id: string;
  timed: boolean;
}

export interface CallTiming {
  id: string;
  /** Measured inside the box with a clock captured before the student's import. */
  ns: number;
  cpuNs: number;
  /** The same call as seen by the supervisor's clock (arrival of call_start to arrival of call_end). */
  hostNs: number;
}

export interface StudentFailure {
  id?: string;
  type: string;
  message: string;
  line?: number;
  traceback?: string;
}

export interface RunOutcome {
  run: string;
  /** Our own code ran (generator, checker, baseline, reference) rather than a student's. */
  trusted: boolean;
  result: SandboxResult;
  /** Calls that returned, in order. */
  timings: CallTiming[];
  /** The call that was running when the run ended, if it never returned. */
  unfinishedCall?: string;
  rejected?: { kind: string; message: string; line?: number; traceback?: string };
  error?: StudentFailure;
  memory?: { peakBytes: number; beforeBytes: number; tracing: boolean };
  profile?: { lines: ProfileLine[]; totalMs: number; skipped: string[] };
  verdicts: Map<string, { ok: boolean; message: string }>;
  /** The script itself failed (an unreadable input, a checker that would not load): our fault, not the student's. */
  fatal?: string;
  /** The script reported `done`: it ran to its normal end. */
  completed: boolean;
  outDir: string;
}

/** Generous limits for trusted runs (generator, reference, checker): they must not be what fails. */
export const TRUSTED_LIMITS: SandboxLimits = {
  wallTimeMs: 180_000,
  cpuTimeS: 600,
  memoryBytes: 4 * 2 ** 30,
  processes: 256,
  outputBytes: 1 << 20,
  fileSizeBytes: 2 ** 30,
  tmpBytes: 2 ** 30,
};

export function studentLimits(limits: AssignmentLimits): SandboxLimits {
  return {
    wallTimeMs: limits.wallTimeS * 1000,
    cpuTimeS: limits.cpuTimeS,
    memoryBytes: limits.memoryMb * 2 ** 20,
    processes: limits.processes,
    outputBytes: limits.outputKb * 1024,
    fileSizeBytes: limits.fileSizeMb * 2 ** 20,
    tmpBytes: limits.memoryMb * 2 ** 20,
  };
}

export interface JobContext {
  assignment: Assignment;
  workspace: JobWorkspace;
  cores: number[];
  /** Host path of the course_io socket, when the assignment has an io_service. */
  ioSocket?: string;
}

interface RunOptions {
  limits: SandboxLimits;
  onEvent?: (event: ProtocolEvent) => void;
  /** Write into this folder (the generator's inputs) instead of a fresh output folder of the run. */
  writableDir?: string;
  /** Our own code runs (see RunOutcome.trusted). */
  trusted?: boolean;
}

/** Builds sandbox runs of the Python scripts in sandbox/ and turns their event streams into outcomes. */
export class HarnessClient {
  constructor(private readonly runner: SandboxRunner, private readonly config: ConfigService) {}

  /** Runs the module under test (`side`) on the given calls. */
  async runModule(
    job: JobContext,
    run: string,
    side: Side,
    mode: 'run' | 'memory' | 'profile',
    calls: HarnessCall[],
    limits: SandboxLimits,
    onEvent?: (event: ProtocolEvent) => void,
  ): Promise<RunOutcome> {
    const plan = {
      role: side,
      mode,
      module: '/job/src/solution.py',
      function: job.assignment.function,
      timing: job.assignment.timing,
      calls: calls.map((call) => ({ id: call.id, input: `/job/inputs/${call.id}`, timed: call.timed })),
      save_outputs: true,
    };
    const mounts: SandboxMount[] = [{ host: job.workspace.srcDir(side), box: '/job/src' }];
    return this.execute(job, run, 'harness.py', plan, mounts, { limits, onEvent, trusted: side !== 'submission' });
  }

  /** Trusted: writes generated inputs into <job>/inputs (its only writable folder). */
  async generate(job: JobContext, run: string, calls: { id: string; size: object; seed: number }[]): Promise<RunOutcome> {
    const plan = { generator: `/assignment/${job.assignment.files.generator}`, calls, out_dir: '/out' };
    const mounts: SandboxMount[] = [{ host: job.workspace.assignmentDir, box: '/assignment' }];
    return this.execute(job, run, 'prepare.py', plan, mounts, { limits: TRUSTED_LIMITS, writableDir: job.workspace.inputsDir });
  }

  /**
   * Trusted: compares outputs with the assignment's checker. Paths are given as [run, callId] pairs under
   * <job>/out (mounted at /outs) or as absolute box paths under /cache.
   */
  async check(job: JobContext, run: string, pairs: { id: string; actual: string; expected: string; input: string }[]): Promise<RunOutcome> {
    const checker = job.assignment.checker;
    const plan = {
      checker: checker.kind === 'custom' ? { kind: 'custom', file: `/assignment/${checker.file}` } : checker,
      pairs,
    };
    const mounts: SandboxMount[] = [
      { host: job.workspace.assignmentDir, box: '/assignment' },
      { host: job.workspace.outRoot, box: '/outs' },
      { host: job.workspace.cacheDir, box: '/cache' },
    ];
    return this.execute(job, run, 'check.py', plan, mounts, { limits: TRUSTED_LIMITS });
  }

  private async execute(
    job: JobContext,
    run: string,
    script: string,
    plan: object,
    mounts: SandboxMount[],
    { limits, onEvent, writableDir, trusted = true }: RunOptions,
  ): Promise<RunOutcome> {
    const planFile = await job.workspace.writePlan(run, plan);
    const outDir = writableDir ?? (await job.workspace.outDir(run));
    const allMounts: SandboxMount[] = [
      { host: job.workspace.harnessDir, box: '/sandbox' },
      { host: job.workspace.inputsDir, box: '/job/inputs', writable: false },
      ...mounts,
      { host: planFile, box: '/job/plan.json' },
      { host: outDir, box: '/out', writable: true },
    ];
    // The generator writes the inputs folder itself, so it must not also see it read-only.
    const finalMounts = writableDir ? allMounts.filter((m) => m.box !== '/job/inputs') : allMounts;
    const env: Record<string, string> = {};
    if (job.ioSocket) {
      finalMounts.push({ host: job.ioSocket, box: '/run/course_io.sock', writable: true });
      env.COURSE_IO_SOCKET = '/run/course_io.sock';
    }
    const result = await this.runner.run({
      argv: [this.config.pythonPath, '-I', path.posix.join('/sandbox', script), '/job/plan.json'],
      mounts: finalMounts,
      limits,
      cores: job.cores,
      env,
      onEvent,
      label: run,
    });
    return parseOutcome(run, result, outDir, trusted);
  }
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value.slice(0, 20_000) : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** Reads the event stream defensively: every field is checked, since a student's process wrote it. */
export function parseOutcome(run: string, result: SandboxResult, outDir: string, trusted: boolean): RunOutcome {
  const outcome: RunOutcome = { run, trusted, result, timings: [], verdicts: new Map(), completed: false, outDir };
  let open: { id: string; hostNs: bigint } | undefined;
  for (const { data, hostNs } of result.events) {
    switch (data.ev) {
      case 'call_start':
        open = { id: str(data.id) ?? '?', hostNs };
        break;
      case 'call_end':
        if (open && open.id === data.id) {
          outcome.timings.push({ id: open.id, ns: num(data.ns) ?? 0, cpuNs: num(data.cpu_ns) ?? 0, hostNs: Number(hostNs - open.hostNs) });
        } else {
          result.protocolErrors.push(`call_end without call_start for ${String(data.id)}`);
        }
        open = undefined;
        break;
      case 'rejected':
        outcome.rejected = { kind: str(data.kind) ?? 'import_error', message: str(data.message) ?? '', line: num(data.line), traceback: str(data.traceback) };
        break;
      case 'error':
        outcome.error = { id: str(data.id), type: str(data.type) ?? 'Error', message: str(data.message) ?? '', line: num(data.line), traceback: str(data.traceback) };
        break;
      case 'memory':
        outcome.memory = { peakBytes: num(data.peak_bytes) ?? 0, beforeBytes: num(data.before_bytes) ?? 0, tracing: data.tracing === true };
        break;
      case 'profile':
        outcome.profile = parseProfile(data);
        break;
      case 'verdict':
        if (str(data.id)) outcome.verdicts.set(str(data.id)!, { ok: data.ok === true, message: str(data.message) ?? '' });
        break;
      case 'fatal':
        outcome.fatal = str(data.message) ?? 'the harness failed';
        break;
      case 'done':
        outcome.completed = true;
        break;
    }
  }
  if (open) outcome.unfinishedCall = open.id;
  return outcome;
}

function parseProfile(data: Record<string, unknown>): RunOutcome['profile'] {
  const lines = Array.isArray(data.lines) ? data.lines.slice(0, 50) : [];
  const totalMs = num(data.total_ms) ?? 0;
  return {
    totalMs,
    skipped: Array.isArray(data.skipped) ? data.skipped.map((s) => String(s).slice(0, 200)).slice(0, 50) : [],
    lines: lines.map((raw: any) => {
      const timeMs = num(raw?.time_ms) ?? 0;
      return {
        function: str(raw?.function)?.slice(0, 200) ?? '?',
        line: num(raw?.line) ?? 0,
        hits: num(raw?.hits) ?? 0,
        timeMs,
        timePercent: totalMs > 0 ? Math.round((timeMs / totalMs) * 1000) / 10 : 0,
        source: str(raw?.source)?.slice(0, 300) ?? '',
      };
    }),
  };
}
