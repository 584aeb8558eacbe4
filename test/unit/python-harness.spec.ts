/**
 * The Python side (codec, harness, checkers, generator runner) has its own self-test, run with Debian's
 * Python exactly as the sandbox runs it: checker messages, traceback trimming, clock capture, tracemalloc
 * tampering, rejection kinds.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { REPO } from '../support/grading-app.js';

it('sandbox/selftest.py passes', async () => {
  const { stdout } = await promisify(execFile)('/usr/bin/python3', ['-B', 'sandbox/selftest.py'], { cwd: REPO, timeout: 120_000 });
  expect(stdout).toMatch(/\d+ passed, 0 failed/);
}, 150_000);
