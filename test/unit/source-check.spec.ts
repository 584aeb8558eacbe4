import { decodeSource, MAX_SOURCE_BYTES } from '../../src/grading/source-check.js';
import { SubmissionRejected } from '../../src/grading/grading.errors.js';

const rejectionOf = (bytes: Uint8Array, name = 'solution.py'): SubmissionRejected => {
  try {
    decodeSource(bytes, name);
  } catch (error) {
    return error as SubmissionRejected;
  }
  throw new Error('expected a rejection');
};

describe('uploaded source checks', () => {
  it('accepts UTF-8 Python and drops a byte-order mark', () => {
    expect(decodeSource(Buffer.from('\uFEFFx = "π"\n'), 'a.py')).toBe('x = "π"\n');
  });

  it('refuses a file that is not .py, empty, too big, not UTF-8 or holding NUL — saying what to fix', () => {
    expect(rejectionOf(Buffer.from('x=1'), 'notes.txt').message).toMatch(/not a Python file/);
    expect(rejectionOf(Buffer.alloc(0)).message).toMatch(/empty/);
    expect(rejectionOf(Buffer.alloc(MAX_SOURCE_BYTES + 1, 0x41)).message).toMatch(/limit is 256 KiB/);
    const latin1 = rejectionOf(Buffer.from('a = 1\nb = "caf\xe9"\n', 'latin1'));
    expect(latin1.message).toMatch(/not valid UTF-8 \(first bad byte on line 2\)/);
    expect(latin1.line).toBe(2);
    expect(rejectionOf(Buffer.from('a = 1\nb = 2\0\n')).message).toMatch(/NUL byte on line 2/);
  });
});
