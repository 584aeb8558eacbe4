/**
 * The sandbox could not run the student's code at all (bubblewrap refused, cgroup unavailable, …).
 * An infrastructure failure: the job is retried and never turned into a grade.
 */
export class SandboxFailed extends Error {
  /** @param detail what the tools said (bubblewrap's stderr), kept whole for the logs */
  constructor(reason: string, readonly detail = '') {
    super(`sandbox failed: ${reason}${detail ? `: ${detail.trim().split('\n')[0].slice(0, 300)}` : ''}`);
    this.name = 'SandboxFailed';
  }
}

/** A SandboxSpec that cannot be run as written: a bug in the caller, named precisely. */
export class SandboxSpecInvalid extends Error {
  constructor(readonly field: string, reason: string) {
    super(`sandbox spec ${field}: ${reason}`);
    this.name = 'SandboxSpecInvalid';
  }
}
