/** The submission cannot be graded as written; the message tells the student what to fix. */
export class SubmissionRejected extends Error {
  constructor(message: string, readonly line?: number) {
    super(message);
    this.name = 'SubmissionRejected';
  }
}

/** Our fault: the grader could not grade. Never turned into a score; the student is told so. */
export class GradingInfrastructureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GradingInfrastructureError';
  }
}
