import { Injectable, Logger } from '@nestjs/common';
import { createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Assignment } from '../assignments/assignment.types.js';
import { ConfigService } from '../config/config.service.js';
import { SandboxFailed } from '../sandbox/sandbox.errors.js';
import { SandboxRunner } from '../sandbox/sandbox-runner.service.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { checkCases, computeExpected } from './correctness-phase.js';
import { CourseIoServer } from './course-io-server.js';
import { GradingInfrastructureError, SubmissionRejected } from './grading.errors.js';
import { caseCalls, instrumentedLimits, type GradingJob } from './grading-job.js';
import { HarnessClient, studentLimits } from './harness-client.js';
import { JobWorkspace } from './job-workspace.js';
import { checkMemoryOutput, generateMemoryInputs, measureMemory } from './memory-phase.js';
import { runFailure, type RunFailure } from './run-failure.js';
import { buildReport, type Findings } from './report-builder.js';
import type { GradingProgress, Report } from './report.types.js';
import { decodeSource } from './source-check.js';
import { measureAgainstBaseline } from './timing-phase.js';
import { VersionCache } from './version-cache.js';
import { ensureVersionFacts } from './version-facts.js';

export interface GradeRequest {
  assignment: Assignment;
  /** The uploaded file as bytes (checked for size and UTF-8 here) or as text. */
  source: Uint8Array | string;
  filename?: string;
  /** Cores of the worker slot running this grade; defaults to the configured grader cores. */
  cores?: number[];
  onProgress?: (progress: GradingProgress) => void;
}

/**
 * The grading core, shared by the CLI, the HTTP service and the workers: one submission in, one report
 * out. Student failures become verdicts; anything that is our fault becomes status "error", never a 0.
 */
@Injectable()
export class GradingService {
  private readonly logger = new Logger(GradingService.name);
  private readonly harness: HarnessClient;
  readonly versionCache: VersionCache;

  constructor(private readonly config: ConfigService, runner: SandboxRunner, private readonly scoring: ScoringService) {
    this.harness = new HarnessClient(runner, config);
    this.versionCache = new VersionCache(path.join(config.dataDir, 'cache'));
  }

  async grade(request: GradeRequest): Promise<Report> {
    const started = Date.now();
    const { assignment } = request;
    const progress = request.onProgress ?? (() => undefined);
    const findings: Findings = { warnings: [] };
    let workspace: JobWorkspace | undefined;
    let ioServer: CourseIoServer | undefined;
    try {
      const source = typeof request.source === 'string' ? request.source : decodeSource(request.source, request.filename);
      progress({ phase: 'preparing', message: 'preparing the sandbox' });
      const { workDir, sandboxUid, sandboxGid, harnessDir } = this.config;
      workspace = await JobWorkspace.create(workDir, sandboxUid, sandboxGid, harnessDir, assignment);
      if (assignment.ioService) {
        const secret = createHmac('sha256', await this.graderSecret()).update(assignment.contentHash).digest();
        ioServer = new CourseIoServer(path.join(workspace.dir, 'course_io.sock'), assignment.ioService.latencyMs, secret);
        await ioServer.start();
      }
      const job: GradingJob = {
        assignment,
        workspace,
        cores: this.coresFor(assignment, request.cores),
        ioSocket: ioServer?.socketPath,
        harness: this.harness,
        limits: studentLimits(assignment.limits),
        progress,
        warnings: findings.warnings,
      };
      await workspace.writeSource('submission', assignment, source);
      await workspace.writeSource('baseline', assignment, await fs.readFile(path.join(assignment.dir, assignment.files.baseline), 'utf8'));
      await workspace.writeSource('reference', assignment, await fs.readFile(path.join(assignment.dir, assignment.files.reference), 'utf8'));
      await this.runPhases(job, findings);
    } catch (error) {
      if (error instanceof SubmissionRejected) {
        findings.failure = { verdict: 'rejected', message: error.message, error: { type: 'rejected', message: error.message, line: error.line } };
      } else {
        const known = error instanceof GradingInfrastructureError || error instanceof SandboxFailed;
        const reason = known ? (error as Error).message : 'an internal error';
        this.logger.error(`grading ${assignment.slug} failed: ${(error as Error).stack ?? error}`);
        findings.infrastructure = `The grader could not grade this submission (${reason}). This is our fault, not yours: it will be retried or an instructor will look at it.`;
      }
    } finally {
      await ioServer?.stop().catch(() => undefined);
      if (workspace && !this.config.keepJobs) await workspace.remove().catch(() => undefined);
    }
    progress({ phase: 'scoring', message: 'scoring' });
    const report = await buildReport(assignment, findings, this.scoring, started);
    progress({ phase: 'done', message: report.message });
    return report;
  }

  private async runPhases(job: GradingJob, findings: Findings): Promise<void> {
    const { assignment } = job;
    // Cached facts (the reference's speedup) decorate every report; measuring them waits until a
    // submission is correct, so a broken file never pays for it.
    findings.facts = (await this.versionCache.read(assignment)) ?? undefined;

    job.progress({ phase: 'preparing', message: 'generating the test cases' });
    const generated = await this.harness.generate(job, 'gen-cases', assignment.cases.map((c, i) => ({ id: `case-${i}`, size: c.size, seed: c.seed })));
    const generatorFailure = runFailure(generated, job.limits, () => 'generating the cases');
    if (generatorFailure) throw new GradingInfrastructureError(`the case generator failed: ${generatorFailure.message}`);
    await computeExpected(job);

    const correctness = await checkCases(job);
    if (correctness.rejected) {
      findings.failure = correctness.rejected;
      return;
    }
    findings.cases = correctness.cases;
    findings.failure = correctness.failure;
    if (!findings.failure) {
      const facts = (findings.facts = await ensureVersionFacts(job, this.versionCache));
      await job.workspace.importCache(this.versionCache.dir(assignment));
      const timing = await measureAgainstBaseline(job, 'submission', 's', 'measuring speed against the baseline');
      findings.speed = timing.speed;
      findings.failure = timing.failure;
      if (!findings.failure) {
        job.progress({ phase: 'memory', message: 'measuring peak memory' });
        if (!job.memoryInputsReady) await generateMemoryInputs(job, facts.memorySeed);
        const memory = await measureMemory(job, 'submission', 'submission-memory');
        findings.failure = memory.failure ?? (await checkMemoryOutput(job, 'submission-memory'));
        findings.peakBytes = memory.peakBytes;
      }
    }
    // After a limit was hit the profile would hit it again (and profiling is slower still).
    const limitHit = ['time_limit_exceeded', 'memory_limit_exceeded', 'output_limit_exceeded'].includes(findings.failure?.verdict ?? '');
    if (!limitHit) await this.profile(job, findings);
  }

  /** The line profile of the student's own code on the largest public case: feedback, never part of the score. */
  private async profile(job: GradingJob, findings: Findings): Promise<void> {
    const calls = caseCalls(job.assignment).filter((_, i) => !job.assignment.cases[i].hidden);
    if (calls.length === 0) return;
    job.progress({ phase: 'profiling', message: 'profiling your code line by line' });
    const limits = instrumentedLimits(job);
    // Warm-up calls first (on the smallest public case), so a JIT compile does not fill the profile.
    const warmups = Array.from({ length: job.assignment.benchmark.warmup }, () => calls[0]);
    const profiled = [...warmups, calls[calls.length - 1]];
    const outcome = await this.harness.runModule(job, 'profile', 'submission', 'profile', profiled, limits);
    const failure: RunFailure | null = runFailure(outcome, limits, () => 'profiling');
    if (failure) {
      findings.warnings.push(`No line profile: ${failure.message}`);
      return;
    }
    findings.profile = outcome.profile;
  }

  /** A random key kept in DATA_DIR (mode 0600), created on first use; sandboxes never see it. */
  private async graderSecret(): Promise<Buffer> {
    const file = path.join(this.config.dataDir, 'grader.key');
    try {
      return await fs.readFile(file);
    } catch {
      await fs.mkdir(this.config.dataDir, { recursive: true });
      await fs.writeFile(file, randomBytes(32), { mode: 0o600, flag: 'wx' }).catch(() => undefined);
      return fs.readFile(file);
    }
  }

  /** Cores for one grade: the slot's own, topped up from the host's when the assignment grants more. */
  private coresFor(assignment: Assignment, slotCores?: number[]): number[] {
    const cores = [...(slotCores ?? this.config.graderCores)];
    for (let core = 0; cores.length < assignment.limits.cores && core < 1024; core++) {
      if (!cores.includes(core) && core < this.config.hostCores) cores.push(core);
    }
    return cores.slice(0, Math.max(assignment.limits.cores, 1)).sort((a, b) => a - b);
  }
}
