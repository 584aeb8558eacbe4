import { execa } from 'execa';
import os from 'node:os';
import type { Readable } from 'node:stream';
import type { LaunchCommand } from './launch-command.js';
import { OutputCapture } from './output-capture.js';
import { ProtocolReader } from './protocol-reader.js';
import type { ProtocolEvent } from './sandbox.types.js';

export interface SuperviseOptions {
  wallTimeMs: number;
  outputBytes: number;
  onEvent: (event: ProtocolEvent) => void;
  /** Kills whatever the main process left behind (the run's cgroup); called on a limit and when it exits. */
  killRest: () => Promise<void>;
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
}

/** The launch chain needs no environment of the grader's (bubblewrap clears the box's anyway). */
const LAUNCH_ENV = { PATH: '/usr/bin:/bin' };

/** Once the main process is gone, anything still holding a pipe open gets this long before we stop listening. */
const STREAM_GRACE_MS = 2000;

/**
 * Runs the launch command with the wall clock and the output cap enforced by killing, and reads fd 3 as it
 * arrives. Kills go to the whole tree: the process we started, and through `killRest` everything in its cgroup.
 */
export async function superviseProcess(command: LaunchCommand, options: SuperviseOptions): Promise<SupervisedRun> {
  let killedFor: SupervisedRun['killedFor'] = null;
  const child = execa(command.file, command.args, {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    buffer: false,
    reject: false,
    extendEnv: false,
    env: LAUNCH_ENV,
  });
  const startNs = process.hrtime.bigint();
  let exitNs: bigint | null = null;

  const kill = (reason: 'wall_time' | 'output') => {
    killedFor ??= reason;
    child.kill('SIGKILL');
    void options.killRest().catch(() => undefined);
  };
  const output = new OutputCapture(options.outputBytes, () => kill('output'));
  const protocol = new ProtocolReader(options.onEvent);
  const wallClock = setTimeout(() => kill('wall_time'), options.wallTimeMs);
  const fd3 = child.stdio[3] as Readable;
  child.stdout?.on('data', (chunk: Buffer) => output.accept('stdout', chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.accept('stderr', chunk));
  fd3.on('data', (chunk: Buffer) => protocol.accept(chunk));

  let graceTimer: NodeJS.Timeout | undefined;
  child.once('exit', () => {
    exitNs = process.hrtime.bigint();
    clearTimeout(wallClock);
    // Grandchildren die with the box's PID namespace; the cgroup kill also catches anything mid-exit.
    void options.killRest().catch(() => undefined);
    graceTimer = setTimeout(() => [child.stdout, child.stderr, fd3].forEach((stream) => stream?.destroy()), STREAM_GRACE_MS);
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
