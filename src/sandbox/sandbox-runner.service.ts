import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ConfigService } from '../config/config.service.js';
import { boxArguments } from './box-arguments.js';
import type { CgroupBackend, CgroupEnforcement, RunCgroup } from './cgroup/cgroup-backend.js';
import { openCgroupBackend, type CgroupSetup } from './cgroup/open-cgroup-backend.js';
import path from 'node:path';
import { launchCommand, type LaunchCommand } from './launch-command.js';
import { limitHit } from './limit-verdict.js';
import { SandboxFailed } from './sandbox.errors.js';
import type { BrokeredCalls, ProtocolEvent, SandboxResult, SandboxSpec } from './sandbox.types.js';
import { buildSeccompFilter, type SeccompFilter } from './seccomp-filter.js';
import { measureStartOverhead, type StartOverhead } from './start-overhead.js';
import { superviseBroker, superviseProcess, type SupervisedRun } from './supervise-process.js';
import { validateSpec } from './validate-spec.js';

/** bubblewrap's monitor and the box's init process live in the run's cgroup too; they do not count against the student. */
const BOX_OWN_PROCESSES = 2;

const NOTHING_ENFORCED: CgroupEnforcement = { memory: false, processes: false, cores: false };

/** Runs one command in a fresh bubblewrap box inside a fresh cgroup, and leaves nothing behind. */
@Injectable()
export class SandboxRunner {
  private readonly logger = new Logger(SandboxRunner.name);
  private cgroupSetup?: Promise<CgroupSetup>;
  private seccomp?: Promise<SeccompFilter>;

  constructor(private readonly config: ConfigService) {}

  /**
   * Resolves with what the student's code did, limits included; throws SandboxFailed when the box could not
   * run it at all (an infrastructure failure to retry, never a grade) and SandboxSpecInvalid for a bad spec.
   */
  async run(spec: SandboxSpec): Promise<SandboxResult> {
    await validateSpec(spec);
    const { backend } = await this.cgroups();
    const filter = await this.syscallFilter();
    const cgroup = backend ? await this.createCgroup(backend, spec) : null;
    // The wall clock, the output cap, the main process's exit and the cleanup may all ask for a kill; one at a time.
    const killRest = cgroup ? oneAtATime(() => cgroup.killAll()) : async () => undefined;
    try {
      const launch = this.launchCommand(spec, cgroup, backend?.enforces ?? NOTHING_ENFORCED, filter.file);
      const supervise = { wallTimeMs: spec.limits.wallTimeMs, outputBytes: spec.limits.outputBytes, onEvent: (event: ProtocolEvent) => this.deliver(spec, event), killRest };
      const run: SupervisedRun = spec.calls
        ? await superviseBroker(this.brokerLaunch(spec.calls, launch, cgroup), supervise)
        : await superviseProcess(launch, supervise);
      if (run.spawnError) throw new SandboxFailed(`cannot start the launch command: ${run.spawnError}`);
      if (run.brokerProblems?.length) throw new SandboxFailed('the call broker failed', run.brokerProblems.join('; '));
      if (!run.boxStarted) throw new SandboxFailed('the box did not start', run.stderr);
      // Usage is final only once every process in the cgroup is gone.
      await this.killOrFail(killRest);
      const usage = cgroup ? await cgroup.usage() : null;
      return {
        exitCode: run.exitCode,
        signal: run.signal,
        wallMs: run.wallMs,
        cpuMs: usage?.cpuMs ?? null,
        memoryPeakBytes: usage?.memoryPeakBytes ?? null,
        limitHit: limitHit({ ...run, usage, cpuTimeS: spec.limits.cpuTimeS, calls: run.calls }),
        stdout: run.stdout,
        stderr: run.stderr,
        events: run.events,
        protocolErrors: run.protocolErrors,
        calls: run.calls,
      };
    } finally {
      if (cgroup) await this.dispose(cgroup, killRest);
    }
  }

  /** Median start cost of the box against bare Python, for the benchmark. */
  measureStartOverhead(samples = 5): Promise<StartOverhead> {
    return measureStartOverhead((spec) => this.run(spec), this.config, samples);
  }

  /** Detected once: the host's cgroup layout does not change while the grader runs. */
  private cgroups(): Promise<CgroupSetup> {
    this.cgroupSetup ??= openCgroupBackend(this.config.sandboxCgroup).then((setup) => {
      if (!setup.backend) this.logger.warn(`Sandbox runs without cgroups: ${setup.problems.join('; ')}`);
      return setup;
    });
    return this.cgroupSetup;
  }

  private async createCgroup(backend: CgroupBackend, spec: SandboxSpec): Promise<RunCgroup> {
    const label = (spec.label ?? 'run').replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40);
    const name = `${label}-${randomBytes(4).toString('hex')}`;
    const { memoryBytes, processes } = spec.limits;
    try {
      return await backend.create(name, { memoryBytes, processes: processes + BOX_OWN_PROCESSES, cores: spec.cores });
    } catch (error) {
      throw new SandboxFailed(`cannot create cgroup ${name}`, (error as Error).message);
    }
  }

  /** Built once: the filter does not change while the grader runs. */
  syscallFilter(): Promise<SeccompFilter> {
    this.seccomp ??= buildSeccompFilter(this.config.hostPythonPath, this.config.harnessDir, path.join(this.config.workDir, '.filter')).then(
      (filter) => {
        if (filter.problem) this.logger.warn(filter.problem);
        return filter;
      },
    );
    return this.seccomp;
  }

  private launchCommand(spec: SandboxSpec, cgroup: RunCgroup | null, enforced: CgroupEnforcement, seccompFile: string | null): LaunchCommand {
    const brokered = spec.calls !== undefined;
    return launchCommand({
      bwrapPath: this.config.bwrapPath,
      boxArgs: boxArguments(spec, { limitProcessesInBox: !enforced.processes, seccomp: seccompFile !== null, brokered }),
      limits: spec.limits,
      cores: spec.cores,
      procsFiles: cgroup?.procsFiles ?? [],
      enforced,
      // Only root can switch users; a grader running as itself runs the box as itself.
      user: process.getuid?.() === 0 ? { uid: this.config.sandboxUid, gid: this.config.sandboxGid } : null,
      keepFds: brokered ? 6 : 3,
      seccompFile,
    });
  }

  /** The broker runs as the grader, outside the run's cgroup (its own memory and CPU are not the student's). */
  private brokerLaunch(calls: BrokeredCalls, launch: LaunchCommand, cgroup: RunCgroup | null) {
    const counters = cgroup?.counters;
    const plan = {
      argv: [launch.file, ...launch.args],
      inputs: calls.inputsDir,
      stage: calls.stageDir,
      stage_tmp: calls.stageScratchDir,
      answers: calls.answersDir,
      max_answer_bytes: calls.maxAnswerBytes,
      ready_timeout_ms: calls.readyTimeoutMs,
      counters: counters && {
        cpu: counters.cpu,
        cpu_format: counters.cpuFormat,
        memory_current: counters.memoryCurrent,
        memory_peak: counters.memoryPeak,
        peak_reset: counters.peakReset,
      },
      windows: calls.windows.map((w) => ({ ids: w.ids, mode: w.mode, wall_ms: w.wallTimeMs, cpu_ms: w.cpuTimeMs })),
    };
    return {
      broker: [this.config.hostPythonPath, '-I', '-S', path.join(this.config.harnessDir, 'broker.py')],
      plan,
      windows: calls.windows,
      onWindow: calls.onWindow,
    };
  }

  private async dispose(cgroup: RunCgroup, killRest: () => Promise<void>): Promise<void> {
    await this.killOrFail(killRest);
    await this.killOrFail(() => cgroup.remove());
  }

  /** A process surviving its run would break "nothing outlives a run", so that is a failure, not a warning. */
  private async killOrFail(cleanup: () => Promise<void>): Promise<void> {
    try {
      await cleanup();
    } catch (error) {
      this.logger.error(`Cleaning up after a sandbox run failed: ${(error as Error).message}`);
      throw new SandboxFailed('cleanup failed', (error as Error).message);
    }
  }

  /** A throwing listener is the caller's bug; it must not cut the reading of fd 3 short. */
  private deliver(spec: SandboxSpec, event: ProtocolEvent): void {
    try {
      spec.onEvent?.(event);
    } catch (error) {
      this.logger.error(`onEvent listener threw: ${(error as Error).message}`);
    }
  }
}

/** Calls made while one is running share its promise; the next call after it settles starts afresh. */
function oneAtATime(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  return () => {
    running ??= task().finally(() => {
      running = null;
    });
    return running;
  };
}
