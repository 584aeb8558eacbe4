import type { CgroupUsage } from './cgroup/cgroup-backend.js';
import type { CallsReport, LimitHit, ProtocolEvent } from './sandbox.types.js';

export interface RunFacts {
  /** A limit the supervisor itself enforced by killing the run (first one wins). */
  killedFor: 'wall_time' | 'output' | null;
  exitCode: number | null;
  signal: string | null;
  usage: CgroupUsage | null;
  cpuTimeS: number;
  stderr: string;
  events: ProtocolEvent[];
  /** Brokered runs: the broker enforces each window's clock and the answer cap, and sees the box's tmpfs fill. */
  calls?: CallsReport;
}

/** strerror(EFBIG) as Python prints it: Python ignores SIGXFSZ, so an oversized write raises instead of dying. */
const FILE_TOO_LARGE = '[Errno 27] File too large';

/**
 * Which limit ended the run, judged from what the kernel and the supervisor saw. A student can only fake a
 * limit into a worse verdict for themselves, never out of one.
 */
export function limitHit(facts: RunFacts): LimitHit | null {
  if (facts.killedFor) return facts.killedFor;
  const usage = facts.usage;
  if (usage && usage.oomKills > 0) return 'memory';
  if (facts.calls?.end === 'limit' && facts.calls.limit) return facts.calls.limit;
  if (facts.signal === 'SIGXCPU') return 'cpu_time';
  // The hard CPU limit (one second past the soft one) kills a process that ignored SIGXCPU.
  if (facts.signal === 'SIGKILL' && usage?.cpuMs != null && usage.cpuMs >= facts.cpuTimeS * 1000) return 'cpu_time';
  const failed = runFailed(facts);
  if (facts.signal === 'SIGXFSZ' || (failed && mentionsFileTooLarge(facts))) return 'file_size';
  // A failed fork is often survivable (a pool shrinks); it is the verdict only when the run then failed.
  if (failed && usage && usage.pidsLimitHits > 0) return 'processes';
  // Writing past the box's tmpfs is survivable too (the write fails); it is the verdict when the run then failed.
  if ((failed || (facts.calls && facts.calls.end !== 'done')) && facts.calls?.diskFull) return 'disk';
  return null;
}

/** Non-zero exit, a signal, or the harness reporting an error/rejection (it exits 0 after those, see PROTOCOL.md). */
export function runFailed(facts: Pick<RunFacts, 'exitCode' | 'signal' | 'events'>): boolean {
  if (facts.exitCode !== 0 || facts.signal !== null) return true;
  return facts.events.some((event) => event.data.ev === 'error' || event.data.ev === 'rejected');
}

function mentionsFileTooLarge(facts: RunFacts): boolean {
  if (facts.stderr.includes(FILE_TOO_LARGE)) return true;
  return facts.events.some((event) => event.data.ev === 'error' && String(event.data.message).includes('File too large'));
}
