/**
 * Keeps the first `limitBytes` of stdout + stderr together. Student output is hostile: it is capped, never
 * parsed, stripped of NUL bytes and decoded leniently.
 */
export class OutputCapture {
  private readonly chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
  private keptBytes = 0;
  private overflowed = false;

  /** @param onOverflow called once, on the first byte past the limit (the runner kills the run then) */
  constructor(
    private readonly limitBytes: number,
    private readonly onOverflow: () => void,
  ) {}

  accept(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    const room = this.limitBytes - this.keptBytes;
    if (chunk.length > room) {
      this.keep(stream, chunk.subarray(0, room));
      if (!this.overflowed) {
        this.overflowed = true;
        this.onOverflow();
      }
      return;
    }
    this.keep(stream, chunk);
  }

  text(stream: 'stdout' | 'stderr'): string {
    // A multi-byte character cut at the cap decodes as U+FFFD, which is what a reader should see there.
    return Buffer.concat(this.chunks[stream]).toString('utf8').replaceAll('\0', '');
  }

  private keep(stream: 'stdout' | 'stderr', chunk: Buffer): void {
    if (chunk.length === 0) return;
    // Copy: the stream may reuse its buffer.
    this.chunks[stream].push(Buffer.from(chunk));
    this.keptBytes += chunk.length;
  }
}
