import path from 'node:path';
import type { Assignment, AssignmentLimits } from '../assignments/assignment.types.js';
import { ConfigService } from '../config/config.service.js';
import { SandboxRunner } from '../sandbox/sandbox-runner.service.js';
import type { CallWindow, SandboxLimits, SandboxMount } from '../sandbox/sandbox.types.js';
import type { JobWorkspace, Side } from './job-workspace.js';
import { parseCheck, parseGenerate, parseRun, type CheckOutcome, type GenerateOutcome, type RunOutcome } from './run-outcome.js';

/** Generous limits for trusted runs (generator, reference, checker): they must not be what fails. */
export const TRUSTED_LIMITS: CallLimits = {
  wallTimeMs: 180_000,
  cpuTimeS: 600,
  memoryBytes: 4 * 2 ** 30,
  processes: 256,
  outputBytes: 1 << 20,
  fileSizeBytes: 2 ** 30,
  tmpBytes: 2 ** 30,
  answerBytes: 2 ** 30,
};

/**
 * Limits of one harness run, per call where a call is what they bound: wallTimeMs and cpuTimeS apply to each
 * call (the broker enforces them per window), the rest to the whole box.
 */
export interface CallLimits extends SandboxLimits {
  /** The most bytes one answer may have. */
  answerBytes: number;
}

export function studentLimits(limits: AssignmentLimits): CallLimits {
  return {
    wallTimeMs: limits.wallTimeS * 1000,
    cpuTimeS: limits.cpuTimeS,
    memoryBytes: limits.memoryMb * 2 ** 20,
    processes: limits.processes,
    outputBytes: limits.outputKb * 1024,
    fileSizeBytes: limits.fileSizeMb * 2 ** 20,
    tmpBytes: limits.diskMb * 2 ** 20,
    answerBytes: limits.fileSizeMb * 2 ** 20,
  };
}

/** Line profiling and tracemalloc slow code down several times; their calls get this much more time. */
export const INSTRUMENTED_FACTOR = 3;

export interface JobContext {
  assignment: Assignment;
  workspace: JobWorkspace;
  cores: number[];
  /** Host path of the course_io socket, when the assignment has an io_service. */
  ioSocket?: string;
}

/** Calls whose inputs appear in the box together and whose answers close one measured window. */
export interface WindowPlan {
  ids: string[];
  mode: CallWindow['mode'];
}

export interface ModuleRun {
  run: string;
  side: Side;
  windows: WindowPlan[];
  limits: CallLimits;
  /**
   * The process measures memory: glibc returns freed memory at once instead of keeping it for reuse, so a
   * window's peak is not hidden by memory an earlier call freed. Left off in timed processes, which keep the
   * allocator's defaults (what students' code meets everywhere else).
   */
  measuresMemory?: boolean;
  onWindow?: (index: number) => void;
}

export interface GenerateCall {
  id: string;
  size: object;
  seed: number;
}

/** One comparison: an answer (run, id) against an expected answer (run, id) for the input `id`. */
export interface CheckPair {
  id: string;
  actual: { run: string; id: string };
  expected: { run: string; id: string };
  input: string;
}

/** The three things grading asks of the sandbox; the fast tests replace it with a scripted fake. */
export interface Harness {
  generate(job: JobContext, run: string, calls: GenerateCall[]): Promise<GenerateOutcome>;
  runModule(job: JobContext, request: ModuleRun): Promise<RunOutcome>;
  check(job: JobContext, run: string, pairs: CheckPair[]): Promise<CheckOutcome>;
}

/** What the box gets on top of the call windows' own budgets: its start, the import, and the end. */
const READY_SLACK_MS = 10_000;

/** Builds sandbox runs of the Python scripts in sandbox/ and turns what they report into outcomes. */
export class HarnessClient implements Harness {
  constructor(
    private readonly runner: SandboxRunner,
    private readonly config: ConfigService,
  ) {}

  /**
   * Runs the module under test (`side`) through the broker: one window's inputs at a time, its clock and the
   * box's counters on the broker's side, each answer stored where the box cannot reach it again.
   */
  async runModule(job: JobContext, request: ModuleRun): Promise<RunOutcome> {
    const { workspace } = job;
    const { limits } = request;
    const plan = {
      role: request.side,
      module: '/job/src/solution.py',
      function: job.assignment.function,
      inputs: '/job/inputs',
      modes: [...new Set(request.windows.map((w) => w.mode))],
    };
    const planFile = await workspace.writePlan(request.run, plan);
    const stage = await workspace.stage(request.run);
    const answersDir = await workspace.answersDir(request.run);
    const windows: CallWindow[] = request.windows.map((w) => {
      const factor = w.ids.length * (w.mode === 'run' ? 1 : INSTRUMENTED_FACTOR);
      return {
        ids: w.ids,
        mode: w.mode,
        wallTimeMs: limits.wallTimeMs * factor,
        cpuTimeMs: limits.cpuTimeS * 1000 * factor * Math.max(1, job.cores.length),
      };
    });
    const windowsWallMs = windows.reduce((sum, w) => sum + w.wallTimeMs, 0);
    const windowsCpuS = windows.reduce((sum, w) => sum + (w.cpuTimeMs ?? 0), 0) / 1000;
    const mounts: SandboxMount[] = [
      { host: workspace.harnessDir, box: '/sandbox' },
      { host: workspace.srcDir(request.side), box: '/job/src' },
      { host: planFile, box: '/job/plan.json' },
      { host: stage.visible, box: '/job/inputs' },
    ];
    const env: Record<string, string> = request.measuresMemory ? { MALLOC_MMAP_THRESHOLD_: '65536', MALLOC_TRIM_THRESHOLD_: '131072' } : {};
    if (job.ioSocket) {
      mounts.push({ host: job.ioSocket, box: '/run/course_io.sock', writable: true });
      env.COURSE_IO_SOCKET = '/run/course_io.sock';
    }
    const result = await this.runner.run({
      argv: [this.config.pythonPath, '-I', '/sandbox/harness.py', '/job/plan.json'],
      mounts,
      // The backstops of the whole run; the broker holds each window to its own budget first.
      limits: { ...limits, wallTimeMs: limits.wallTimeMs + windowsWallMs + READY_SLACK_MS, cpuTimeS: Math.ceil(limits.cpuTimeS + windowsCpuS) },
      cores: job.cores,
      env,
      label: request.run,
      calls: {
        windows,
        readyTimeoutMs: limits.wallTimeMs,
        inputsDir: workspace.inputsDir,
        stageDir: stage.visible,
        stageScratchDir: stage.scratch,
        boxPath: '/job/inputs',
        answersDir,
        maxAnswerBytes: limits.answerBytes,
        onWindow: request.onWindow,
      },
    });
    return parseRun(request, result, request.side !== 'submission');
  }

  /** Trusted: writes generated inputs into <job>/inputs (its only writable folder). */
  async generate(job: JobContext, run: string, calls: GenerateCall[]): Promise<GenerateOutcome> {
    const plan = { generator: `/assignment/${job.assignment.files.generator}`, calls, out_dir: '/out' };
    const planFile = await job.workspace.writePlan(run, plan);
    const result = await this.runner.run({
      argv: [this.config.pythonPath, '-I', '/sandbox/prepare.py', '/job/plan.json'],
      mounts: [
        { host: job.workspace.harnessDir, box: '/sandbox' },
        { host: job.workspace.assignmentDir, box: '/assignment' },
        { host: planFile, box: '/job/plan.json' },
        { host: job.workspace.inputsDir, box: '/out', writable: true },
      ],
      limits: TRUSTED_LIMITS,
      cores: job.cores,
      label: run,
    });
    return parseGenerate(run, result, calls);
  }

  /** Trusted: compares stored answers with the assignment's checker (answers and inputs mounted read-only). */
  async check(job: JobContext, run: string, pairs: CheckPair[]): Promise<CheckOutcome> {
    const checker = job.assignment.checker;
    const answer = (ref: { run: string; id: string }) => path.posix.join('/answers', ref.run, ref.id);
    const plan = {
      checker: checker.kind === 'custom' ? { kind: 'custom', file: `/assignment/${checker.file}` } : checker,
      max_answer_bytes: TRUSTED_LIMITS.answerBytes,
      pairs: pairs.map((pair) => ({ id: pair.id, actual: answer(pair.actual), expected: answer(pair.expected), input: `/inputs/${pair.input}` })),
    };
    const planFile = await job.workspace.writePlan(run, plan);
    const result = await this.runner.run({
      argv: [this.config.pythonPath, '-I', '/sandbox/check.py', '/job/plan.json'],
      mounts: [
        { host: job.workspace.harnessDir, box: '/sandbox' },
        { host: job.workspace.assignmentDir, box: '/assignment' },
        { host: planFile, box: '/job/plan.json' },
        { host: job.workspace.answersRoot, box: '/answers' },
        { host: job.workspace.inputsDir, box: '/inputs' },
      ],
      limits: TRUSTED_LIMITS,
      cores: job.cores,
      label: run,
    });
    return parseCheck(run, result);
  }
}
