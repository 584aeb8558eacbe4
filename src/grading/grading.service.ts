import { Injectable, Logger } from '@nestjs/common';
import { createHmac, randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Assignment } from '../assignments/assignment.types.js';
import { ConfigService } from '../config/config.service.js';
import { SandboxFailed } from '../sandbox/sandbox.errors.js';
import { SandboxRunner } from '../sandbox/sandbox-runner.service.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { computeExpected, generateInputs, runChecks } from './checking-phase.js';
import { CourseIoServer } from './course-io-server.js';
import { CallSites, gradeInputs } from './grade-plan.js';
import { GradingInfrastructureError, SubmissionRejected } from './grading.errors.js';
import type { GradingJob } from './grading-job.js';
import { HarnessClient, studentLimits, type Harness } from './harness-client.js';
import { JobWorkspace } from './job-workspace.js';
import { buildReport, type Findings } from './report-builder.js';
import type { GradingProgress, Report } from './report.types.js';
import { decodeSource } from './source-check.js';
import { measureSpeed } from './timing-phase.js';
import { VersionCache } from './version-cache.js';
import { ensureVersionFacts, versionMemorySeed } from './version-facts.js';

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
  private readonly harness: Harness;
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
        sites: new CallSites(assignment),
        progress,
        warnings: findings.warnings,
        seed: () => randomInt(1, 2 ** 31 - 1),
      };
      await workspace.writeSource('submission', assignment, source);
      await workspace.writeSource('baseline', assignment, await fs.readFile(path.join(assignment.dir, assignment.files.baseline), 'utf8'));
      await workspace.writeSource('reference', assignment, await fs.readFile(path.join(assignment.dir, assignment.files.reference), 'utf8'));
      await this.runPhases(job, findings);
    } catch (error) {
      if (error instanceof SubmissionRejected) {
        findings.failure = {
          verdict: 'rejected',
          site: { kind: 'import' },
          cause: { kind: 'rejected', rejection: { kind: 'upload', message: error.message, line: error.line } },
        };
      } else {
        const known = error instanceof GradingInfrastructureError || error instanceof SandboxFailed;
        const reason = known ? (error as Error).message : 'an internal error';
        this.logger.error(`grading ${assignment.slug} failed: ${(error as Error).stack ?? error}`);
        findings.infrastructure = reason;
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
    const cached = await this.versionCache.read(assignment);
    job.progress({ phase: 'preparing', message: 'generating the test cases' });
    await generateInputs(job, 'gen', gradeInputs(assignment, job.seed, cached === null, versionMemorySeed(assignment.contentHash)));
    job.progress({ phase: 'preparing', message: 'computing the expected answers' });
    const expected = await computeExpected(job);
    findings.referenceMemory = expected.memory;

    const checks = await runChecks(job, expected);
    if (checks.rejected) {
      findings.failure = checks.rejected;
      return;
    }
    findings.cases = checks.cases;
    findings.failure = checks.failure;
    findings.profile = checks.profile;
    if (checks.profileProblem) findings.warnings.push(`No line profile: ${checks.profileProblem}`);
    if (findings.failure) return;

    // The version's facts are measured on its first correct submission, so a broken file never pays for them.
    findings.facts = await ensureVersionFacts(job, this.versionCache);
    findings.memory = checks.memory;
    if (checks.memory && !checks.memory.trusted) {
      findings.warnings.push('This grader has no memory cgroup: the peak memory shown was measured inside your process and is not trusted.');
    }
    const timing = await measureSpeed(job, checks.calibrationNs, findings.facts.baselineCallNs);
    findings.speed = timing.speed;
    findings.reference = timing.reference;
    findings.callsPerValue = timing.callsPerValue;
    findings.failure = timing.failure;
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
