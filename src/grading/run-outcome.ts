import type { CallsReport, SandboxResult, WindowRecord } from '../sandbox/sandbox.types.js';
import { parseDifference, type Difference } from './difference.js';
import type { GenerateCall, ModuleRun } from './harness-client.js';
import type { Side } from './job-workspace.js';
import type { ProfileLine } from './report.types.js';

/** What the student's process said about a failure: shown to them, never trusted for a figure. */
export interface StudentError {
  id?: string;
  type: string;
  message: string;
  line?: number;
  traceback?: string;
  /** OSError's errno, e.g. 28 (ENOSPC) when a write hit the box's tmpfs cap. */
  errno?: number;
}

export interface Rejection {
  /** upload: refused before anything ran (not a .py file, too big, not UTF-8, NUL bytes); the message says why. */
  kind: 'syntax' | 'missing_function' | 'not_callable' | 'import_error' | 'upload';
  message: string;
  line?: number;
  traceback?: string;
}

export interface ProfileData {
  lines: ProfileLine[];
  totalMs: number;
  skipped: string[];
}

export interface RunOutcome {
  run: string;
  side: Side;
  /** Our own code ran (baseline, reference) rather than a student's. */
  trusted: boolean;
  result: SandboxResult;
  /** The broker's windows, in order: the only figures that count. */
  windows: WindowRecord[];
  /** Ids whose answers the broker stored (answers at <job>/answers/<run>/<id>). */
  answered: string[];
  /** The first call that was asked for but not answered, when the run ended early. */
  failedCall?: string;
  /** The module was imported and asked for its first call. */
  ready: boolean;
  /** Every window was served. */
  completed: boolean;
  calls: CallsReport;
  rejected?: Rejection;
  error?: StudentError;
  /** The harness reported a fault of its own (from a student's box this may be forged, so it counts against it). */
  fatal?: string;
  /** tracemalloc figures of `trace` windows, as the box reported them (shown, and can only raise a figure). */
  traced: Map<string, { peakBytes: number; tracing: boolean }>;
  profile?: ProfileData;
}

export interface GenerateOutcome {
  run: string;
  result: SandboxResult;
  generated: Set<string>;
  /** Why the generator failed, when it did: always our fault (the generator is the assignment's code). */
  failure?: string;
}

export interface CheckVerdict {
  ok: boolean;
  difference?: Difference;
  /** The assignment's custom checker raised: its traceback, for staff. */
  checkerError?: string;
}

export interface CheckOutcome {
  run: string;
  result: SandboxResult;
  verdicts: Map<string, CheckVerdict>;
  /** An expected answer or an input could not be read, or the checker would not load: our fault. */
  fatal?: string;
}

const str = (value: unknown, max = 20_000): string | undefined => (typeof value === 'string' ? value.slice(0, max) : undefined);
const num = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const REJECTION_KINDS = new Set(['syntax', 'missing_function', 'not_callable', 'import_error']);
const NO_CALLS: CallsReport = { ready: false, readyMs: null, windows: [], openWindow: null, end: 'broker_error', limit: null, detail: 'not brokered', diskFull: false };

/**
 * A harness run as the broker measured it, plus what the box said. The box's events are read field by field
 * (a student's process wrote them) and decide nothing but the wording of a failure.
 */
export function parseRun(request: ModuleRun, result: SandboxResult, trusted: boolean): RunOutcome {
  const calls = result.calls ?? NO_CALLS;
  const answered = calls.windows.flatMap((w) => w.ids);
  const open = calls.openWindow !== null ? request.windows[calls.openWindow] : undefined;
  const outcome: RunOutcome = {
    run: request.run,
    side: request.side,
    trusted,
    result,
    windows: calls.windows,
    answered,
    failedCall: open?.ids.find((id) => !answered.includes(id)),
    ready: calls.ready,
    completed: calls.end === 'done',
    calls,
    traced: new Map(),
  };
  for (const { data } of result.events) {
    switch (data.ev) {
      case 'rejected':
        // Only before the first call: afterwards "cannot be graded as written" is no longer true.
        if (!calls.ready && REJECTION_KINDS.has(String(data.kind))) {
          outcome.rejected = { kind: data.kind as Rejection['kind'], message: str(data.message, 2000) ?? '', line: num(data.line), traceback: str(data.traceback) };
        }
        break;
      case 'error':
        outcome.error ??= {
          id: str(data.id, 200),
          type: str(data.type, 200) ?? 'Error',
          message: str(data.message, 2000) ?? '',
          line: num(data.line),
          traceback: str(data.traceback),
          errno: num(data.errno),
        };
        break;
      case 'memory': {
        const id = str(data.id, 200);
        const peak = num(data.peak_bytes);
        if (id && peak !== undefined && peak >= 0) outcome.traced.set(id, { peakBytes: peak, tracing: data.tracing === true });
        break;
      }
      case 'profile':
        outcome.profile = parseProfile(data);
        break;
      case 'fatal':
        outcome.fatal = str(data.message, 2000) ?? 'the harness failed';
        break;
    }
  }
  return outcome;
}

export function parseGenerate(run: string, result: SandboxResult, calls: GenerateCall[]): GenerateOutcome {
  const generated = new Set<string>();
  let failure: string | undefined;
  for (const { data } of result.events) {
    if (data.ev === 'generated' && typeof data.id === 'string') generated.add(data.id);
    if (data.ev === 'error') failure = `${str(data.type, 200)}: ${str(data.message, 2000)}`;
  }
  if (!failure && result.limitHit) failure = `it hit the ${result.limitHit.replace('_', ' ')} limit`;
  if (!failure && calls.some((c) => !generated.has(c.id))) {
    failure = `it stopped before writing every input (exit ${result.exitCode ?? result.signal}): ${result.stderr.trim().split('\n').pop() ?? ''}`;
  }
  return { run, result, generated, failure };
}

export function parseCheck(run: string, result: SandboxResult): CheckOutcome {
  const verdicts = new Map<string, CheckVerdict>();
  let fatal: string | undefined;
  for (const { data } of result.events) {
    if (data.ev === 'verdict' && typeof data.id === 'string') {
      verdicts.set(data.id, { ok: data.ok === true, difference: parseDifference(data.difference), checkerError: str(data.checker_error) });
    }
    if (data.ev === 'fatal') fatal ??= str(data.message, 2000);
  }
  return { run, result, verdicts, fatal };
}

function parseProfile(data: Record<string, unknown>): ProfileData {
  const lines = Array.isArray(data.lines) ? data.lines.slice(0, 50) : [];
  const totalMs = num(data.total_ms) ?? 0;
  return {
    totalMs,
    skipped: Array.isArray(data.skipped) ? data.skipped.map((s) => String(s).slice(0, 200)).slice(0, 50) : [],
    lines: lines.map((raw: any) => {
      const timeMs = num(raw?.time_ms) ?? 0;
      return {
        function: str(raw?.function, 200) ?? '?',
        line: num(raw?.line) ?? 0,
        hits: num(raw?.hits) ?? 0,
        timeMs,
        timePercent: totalMs > 0 ? Math.round((timeMs / totalMs) * 1000) / 10 : 0,
        source: str(raw?.source, 300) ?? '',
      };
    }),
  };
}
