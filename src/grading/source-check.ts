import { SubmissionRejected } from './grading.errors.js';

export const MAX_SOURCE_BYTES = 256 * 1024;

/**
 * Checks an uploaded file before anything runs: size, strict UTF-8, no NUL bytes.
 * Syntax and the function's presence are checked inside the sandbox (Python decides what is valid Python).
 */
export function decodeSource(bytes: Uint8Array, filename = 'solution.py'): string {
  if (!filename.toLowerCase().endsWith('.py')) {
    throw new SubmissionRejected(`"${filename}" is not a Python file: upload a single .py file.`);
  }
  if (bytes.length === 0) throw new SubmissionRejected(`${filename} is empty: upload the file that defines your function.`);
  if (bytes.length > MAX_SOURCE_BYTES) {
    throw new SubmissionRejected(`${filename} is ${Math.ceil(bytes.length / 1024)} KiB; the limit is ${MAX_SOURCE_BYTES / 1024} KiB. Submit only your solution, without data.`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const line = lineAt(bytes, offset);
    throw new SubmissionRejected(`${filename} is not valid UTF-8 (first bad byte on line ${line}). Save it as UTF-8 and submit again.`, line);
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const line = text.slice(0, nul).split('\n').length;
    throw new SubmissionRejected(`${filename} contains a NUL byte on line ${line}; a Python source file cannot. Save it as plain text.`, line);
  }
  return text.replace(/^\uFEFF/, '');
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lo = 0;
  let hi = bytes.length;
  // Binary search for the shortest prefix that fails (a prefix may also fail by cutting a character: fine for a line number).
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    try {
      decoder.decode(bytes.subarray(0, mid + 1));
      lo = mid + 1;
    } catch {
      hi = mid;
    }
  }
  return lo;
}

function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 10) line++;
  return line;
}
