import type { GradingProgress } from '../grading/report.types.js';

/**
 * Shows grading progress on stderr: one rewritten line on a terminal, one line per change otherwise
 * (CI logs, pipes).
 */
export function progressPrinter(stream: NodeJS.WriteStream = process.stderr): (progress: GradingProgress) => void {
  const started = Date.now();
  let last = '';
  return (progress) => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(5);
    const line = `[${seconds} s] ${progress.phase.padEnd(9)} ${progress.message}`;
    if (progress.message === last) return;
    last = progress.message;
    if (stream.isTTY) {
      stream.write(`\r\x1b[K${line.slice(0, (stream.columns ?? 100) - 1)}`);
      if (progress.phase === 'done') stream.write('\n');
    } else {
      stream.write(`${line}\n`);
    }
  };
}
