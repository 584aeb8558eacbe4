import type { CallsReport, CallWindow, WindowRecord } from './sandbox.types.js';

/** The box's exit as the broker saw it (the broker, not the box, is the process the grader started). */
export interface BrokerExit {
  exitCode: number | null;
  signal: string | null;
}

const END_REASONS = ['done', 'closed', 'protocol', 'limit', 'aborted', 'broker_error'] as const;
const LIMITS = ['wall_time', 'cpu_time', 'answer_size'] as const;

const count = (value: unknown): number | null => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null);

/**
 * Reads the broker's JSON lines (sandbox/broker.py, stdout). The broker is our own code, but its lines are still
 * checked field by field: a broken broker must surface as an infrastructure error, never as a figure.
 */
export class BrokerReader {
  private pending = '';
  private readonly windows: WindowRecord[] = [];
  private ready = false;
  private readyMs: number | null = null;
  private open: number | null = null;
  private end: { reason: CallsReport['end']; limit: CallsReport['limit']; detail: string; diskFull: boolean } | null = null;
  private diskFull = false;
  exit: BrokerExit | null = null;
  /** Lines that were not what the broker writes: a bug on our side. */
  readonly problems: string[] = [];

  constructor(
    private readonly planned: CallWindow[],
    private readonly onWindow: (index: number) => void = () => undefined,
  ) {}

  accept(chunk: Buffer): void {
    this.pending += chunk.toString('utf8');
    let newline: number;
    while ((newline = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, newline);
      this.pending = this.pending.slice(newline + 1);
      if (line.trim()) this.line(line);
    }
  }

  report(): CallsReport {
    const end = this.end ?? { reason: 'broker_error' as const, limit: null, detail: this.problems[0] ?? 'the broker ended without a word', diskFull: false };
    return {
      ready: this.ready,
      readyMs: this.readyMs,
      windows: this.windows,
      openWindow: end.reason === 'done' ? null : this.open,
      end: end.reason,
      limit: end.limit,
      detail: end.detail,
      diskFull: end.diskFull || this.diskFull,
    };
  }

  private line(line: string): void {
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(line) as Record<string, unknown>;
    } catch {
      this.problems.push(`not JSON: ${line.slice(0, 200)}`);
      return;
    }
    switch (data.ev) {
      case 'ready':
        this.ready = true;
        this.readyMs = typeof data.ms === 'number' ? data.ms : null;
        return;
      case 'start': {
        const index = count(data.index);
        if (index === null || index >= this.planned.length) return void this.problems.push(`start of an unknown window: ${line}`);
        this.open = index;
        this.onWindow(index);
        return;
      }
      case 'window':
        return this.window(data, line);
      case 'end': {
        const reason = END_REASONS.find((r) => r === data.reason) ?? 'broker_error';
        const limit = LIMITS.find((l) => l === data.limit) ?? null;
        this.end = { reason, limit, detail: typeof data.detail === 'string' ? data.detail.slice(0, 500) : '', diskFull: data.disk_full === true };
        this.exit = { exitCode: count(data.exit_code), signal: typeof data.signal === 'string' ? data.signal : null };
        return;
      }
      default:
        this.problems.push(`unknown event: ${line.slice(0, 200)}`);
    }
  }

  private window(data: Record<string, unknown>, line: string): void {
    const index = count(data.index);
    const ns = count(data.ns);
    const sizes = Array.isArray(data.bytes) ? data.bytes.map(count) : [];
    const planned = index === null ? undefined : this.planned[index];
    if (!planned || ns === null || sizes.length !== planned.ids.length || sizes.some((s) => s === null)) {
      this.problems.push(`malformed window: ${line.slice(0, 200)}`);
      return;
    }
    this.windows.push({ index: index!, ids: planned.ids, ns, cpuNs: count(data.cpu_ns), memoryBytes: count(data.memory_bytes), answerBytes: sizes as number[] });
    this.open = null;
    if (data.disk_full === true) this.diskFull = true;
  }
}
