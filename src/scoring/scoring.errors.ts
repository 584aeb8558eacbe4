/**
 * The score could not be computed: a broken formula or a missing measurement. This is the grader's or the
 * instructor's fault, never the student's, so the grader reports status `error` instead of a score of 0.
 */
export class ScoringFailed extends Error {
  constructor(readonly reason: string) {
    super(`could not compute the score: ${reason}`);
    this.name = 'ScoringFailed';
  }
}
