import { execa } from 'execa';
import os from 'node:os';
import type { Readable, Writable } from 'node:stream';
import { BrokerReader } from './broker-reader.js';
import type { LaunchCommand } from './launch-command.js';
import { OutputCapture } from './output-capture.js';
import { ProtocolReader } from './protocol-reader.js';
import type { CallsReport, CallWindow, ProtocolEvent } from './sandbox.types.js';

export interface SuperviseOptions {
  wallTimeMs: number;
  outputBytes: number;
  onEvent: (event: ProtocolEvent) => void;
  /** Kills whatever the main process left behind (the run's cgroup); called on a limit and when it exits. */
  killRest: () => Promise<void>;
}

/** How a limit stops the run: by default the process we started is killed at once. */
type Stopper = (child: Child) => void;

/** A run whose calls the broker serves: the grader starts the broker, and the broker starts the box. */
export interface BrokerLaunch {
  /** argv of the broker itself (host Python running sandbox/broker.py). */
  broker: string[];
  /** The broker's plan: written on its stdin as one line. */
  plan: object;
  windows: CallWindow[];
  onWindow?: (index: number) => void;
}

export interface SupervisedRun {
  exitCode: number | null;
  /** Signal that ended the program in the box (bubblewrap reports it as exit status 128 + n), or the one we sent. */
  signal: string | null;
  wallMs: number;
  killedFor: 'wall_time' | 'output' | null;
  stdout: string;
  stderr: string;
  events: ProtocolEvent[];
  protocolErrors: string[];
  boxStarted: boolean;
  /** Why the launch command itself could not be started, if it could not. */
  spawnError: string | null;
  /** Brokered runs: the broker's figures, and what went wrong with the broker itself (our fault). */
  calls?: CallsReport;
  brokerProblems?: string[];
}

/** The launch chain needs no environment of the grader's (bubblewrap clears the box's anyway). */
const LAUNCH_ENV = { PATH: '/usr/bin:/bin' };

/** Once the main process is gone, anything still holding a pipe open gets this long before we stop listening. */
const STREAM_GRACE_MS = 2000;

/** A broker told to stop (its box killed) reports and exits within this, or is killed. */
const BROKER_GRACE_MS = 8000;

/**
 * Runs the launch command with the wall clock and the output cap enforced by killing, and reads fd 3 as it
 * arrives. Kills go to the whole tree: the process we started, and through `killRest` everything in its cgroup.
 */
export async function superviseProcess(command: LaunchCommand, options: SuperviseOptions): Promise<SupervisedRun> {
  const child = execa(command.file, command.args, {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    buffer: false,
    reject: false,
    extendEnv: false,
    env: LAUNCH_ENV,
  });
  return supervise(child as unknown as Child, { stdout: child.stdout!, stderr: child.stderr!, events: child.stdio[3] as Readable }, options);
}

/**
 * Runs the broker (sandbox/broker.py), which starts the box itself: the box's stdout, stderr and event channel
 * are the broker's fds 3, 4 and 5, passed through untouched; the broker's own stdout carries its measurements.
 * The wall clock here is only a backstop: the broker enforces each window's own.
 */
export async function superviseBroker(launch: BrokerLaunch, options: SuperviseOptions): Promise<SupervisedRun> {
  const child = execa(launch.broker[0], launch.broker.slice(1), {
    stdio: ['pipe', 'pipe', 'pipe', 'pipe', 'pipe', 'pipe'],
    buffer: false,
    reject: false,
    extendEnv: false,
    env: LAUNCH_ENV,
  });
  const reader = new BrokerReader(launch.windows, launch.onWindow);
  const brokerLog: Buffer[] = [];
  child.stdout!.on('data', (chunk: Buffer) => reader.accept(chunk));
  child.stderr!.on('data', (chunk: Buffer) => brokerLog.length < 64 && brokerLog.push(chunk));
  // The plan, then the pipe stays open: its end is how the broker learns that the grader is gone.
  const stdin = child.stdin as Writable;
  stdin.on('error', () => undefined);
  stdin.write(`${JSON.stringify(launch.plan)}\n`);
  const stdio = child.stdio as unknown as Readable[];
  // On a limit the box is killed (its cgroup) and the broker told to stop, so it still reports what it measured
  // and how the box ended; it is killed itself only if it does not finish soon after.
  const stop: Stopper = (running) => {
    stdin.end();
    setTimeout(() => running.kill('SIGKILL'), BROKER_GRACE_MS).unref();
  };
  const run = await supervise(child as unknown as Child, { stdout: stdio[3], stderr: stdio[4], events: stdio[5] }, options, stop);
  stdin.end();
  const calls = reader.report();
  const problems = [...reader.problems];
  const log = Buffer.concat(brokerLog).toString('utf8').trim();
  if (log) problems.push(`broker stderr: ${log.slice(-2000)}`);
  if (calls.end === 'broker_error') problems.push(calls.detail);
  // The broker exits 0 after reporting; what counts is how the box's chain ended.
  const exit = reader.exit ? decodeExit(reader.exit.exitCode, reader.exit.signal) : { exitCode: run.exitCode, signal: run.signal };
  return { ...run, ...exit, calls, brokerProblems: problems };
}

/** What supervising needs of an execa child, whatever its stdio tuple looks like to the type checker. */
type Child = PromiseLike<{ exitCode?: number; signal?: string; shortMessage?: string }> & {
  kill(signal: 'SIGKILL'): unknown;
  once(event: 'exit', listener: () => void): unknown;
};

async function supervise(
  child: Child,
  streams: { stdout: Readable; stderr: Readable; events: Readable },
  options: SuperviseOptions,
  stop: Stopper = (running) => running.kill('SIGKILL'),
): Promise<SupervisedRun> {
  let killedFor: SupervisedRun['killedFor'] = null;
  const startNs = process.hrtime.bigint();
  let exitNs: bigint | null = null;

  const kill = (reason: 'wall_time' | 'output') => {
    killedFor ??= reason;
    stop(child);
    void options.killRest().catch(() => undefined);
  };
  const output = new OutputCapture(options.outputBytes, () => kill('output'));
  const protocol = new ProtocolReader(options.onEvent);
  const wallClock = setTimeout(() => kill('wall_time'), options.wallTimeMs);
  streams.stdout.on('data', (chunk: Buffer) => output.accept('stdout', chunk));
  streams.stderr.on('data', (chunk: Buffer) => output.accept('stderr', chunk));
  streams.events.on('data', (chunk: Buffer) => protocol.accept(chunk));

  let graceTimer: NodeJS.Timeout | undefined;
  child.once('exit', () => {
    exitNs = process.hrtime.bigint();
    clearTimeout(wallClock);
    // Grandchildren die with the box's PID namespace; the cgroup kill also catches anything mid-exit.
    void options.killRest().catch(() => undefined);
    graceTimer = setTimeout(() => [streams.stdout, streams.stderr, streams.events].forEach((stream) => stream.destroy()), STREAM_GRACE_MS);
  });

  // execa settles once the process has exited and every pipe has closed, so all data has been seen.
  const result = await child;
  clearTimeout(wallClock);
  clearTimeout(graceTimer);
  protocol.end();
  const wallMs = Number((exitNs ?? process.hrtime.bigint()) - startNs) / 1e6;
  const ended = decodeExit(result.exitCode ?? null, result.signal ?? null);
  const spawned = result.exitCode !== undefined || result.signal !== undefined;
  return {
    ...ended,
    wallMs,
    killedFor,
    stdout: output.text('stdout'),
    stderr: output.text('stderr'),
    events: protocol.events,
    protocolErrors: protocol.errors,
    boxStarted: protocol.boxStarted,
    spawnError: spawned ? null : (result.shortMessage ?? 'unknown error'),
  };
}

/** bubblewrap cannot die of its child's signal (that would break the namespace), so it exits with 128 + n instead. */
function decodeExit(exitCode: number | null, signal: string | null): { exitCode: number | null; signal: string | null } {
  if (signal !== null || exitCode === null || exitCode <= 128) return { exitCode, signal };
  const name = Object.entries(os.constants.signals).find(([, number]) => number === exitCode - 128)?.[0];
  return name ? { exitCode: null, signal: name } : { exitCode, signal };
}
