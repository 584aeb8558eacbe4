import { BOX_STARTED_MARKER } from './box-arguments.js';
import type { ProtocolEvent } from './sandbox.types.js';

/** Bounds on what the box may make the grader hold in memory through fd 3. */
export const PROTOCOL_CAPS = {
  lineBytes: 1 << 20,
  events: 10_000,
  totalBytes: 64 << 20,
  errorsKept: 50,
  excerptChars: 200,
};

/**
 * Splits fd 3 into lines, stamps each with the grader's clock the moment its last chunk arrives, and keeps the
 * ones that are JSON objects. Anything else is recorded as a protocol error: a sign of tampering or a crash
 * mid-line, never a reason to stop reading.
 */
export class ProtocolReader {
  readonly events: ProtocolEvent[] = [];
  readonly errors: string[] = [];
  /** The box's start marker arrived: bubblewrap set the box up and the program was about to run. */
  boxStarted = false;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private lineTooLong = false;
  private totalBytes = 0;
  private droppedErrors = 0;

  constructor(private readonly onEvent: (event: ProtocolEvent) => void = () => undefined) {}

  accept(chunk: Buffer): void {
    const hostNs = process.hrtime.bigint();
    if (this.totalBytes > PROTOCOL_CAPS.totalBytes) return;
    this.totalBytes += chunk.length;
    if (this.totalBytes > PROTOCOL_CAPS.totalBytes) {
      this.addError(`fd 3 carried more than ${PROTOCOL_CAPS.totalBytes} bytes; the rest was ignored`);
      return;
    }
    let start = 0;
    for (let newline = chunk.indexOf(0x0a); newline !== -1; newline = chunk.indexOf(0x0a, start)) {
      this.append(chunk.subarray(start, newline));
      this.finishLine(hostNs);
      start = newline + 1;
    }
    this.append(chunk.subarray(start));
  }

  /** The stream closed: a last line without a newline still counts. */
  end(): void {
    if (this.pendingBytes > 0 || this.lineTooLong) this.finishLine(process.hrtime.bigint());
    if (this.droppedErrors > 0) this.errors.push(`… and ${this.droppedErrors} more protocol errors`);
    this.droppedErrors = 0;
  }

  private append(part: Buffer): void {
    if (part.length === 0 || this.lineTooLong) return;
    if (this.pendingBytes + part.length > PROTOCOL_CAPS.lineBytes) {
      this.lineTooLong = true;
      this.pending = [];
      this.pendingBytes = 0;
      return;
    }
    this.pending.push(Buffer.from(part));
    this.pendingBytes += part.length;
  }

  private finishLine(hostNs: bigint): void {
    const line = Buffer.concat(this.pending).toString('utf8');
    const tooLong = this.lineTooLong;
    this.pending = [];
    this.pendingBytes = 0;
    this.lineTooLong = false;
    if (tooLong) return this.addError(`line longer than ${PROTOCOL_CAPS.lineBytes} bytes`);
    if (!this.boxStarted) {
      // The start shim writes first; a box that says anything else first did not start the way we built it.
      if (line === BOX_STARTED_MARKER) this.boxStarted = true;
      else this.addError(`expected the box start marker, got ${this.excerpt(line)}`);
      return;
    }
    if (line.trim() === '') return;
    if (this.events.length >= PROTOCOL_CAPS.events) return this.addError(`more than ${PROTOCOL_CAPS.events} events`);
    const data = parseObject(line);
    if (data === null) return this.addError(`not a JSON object: ${this.excerpt(line)}`);
    const event: ProtocolEvent = { hostNs, data };
    this.events.push(event);
    this.onEvent(event);
  }

  private addError(message: string): void {
    if (this.errors.length < PROTOCOL_CAPS.errorsKept) this.errors.push(message);
    else this.droppedErrors++;
  }

  private excerpt(line: string): string {
    const cut = line.length > PROTOCOL_CAPS.excerptChars ? `${line.slice(0, PROTOCOL_CAPS.excerptChars)}…` : line;
    return JSON.stringify(cut.replaceAll('\0', ''));
  }
}

function parseObject(line: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
