/** Why a similarity run failed through our fault, as fields. The words are made last, by describeRunFailure. */
export type RunFailure =
  /** Its workers kept stopping before it finished: it would most likely stop the next one too. */
  | { kind: 'workers_lost'; claims: number }
  /** The analysis threw (the fingerprinting thread died, the database went away): `detail` is the error's message. */
  | { kind: 'analysis_threw'; detail: string };

/** The failure in a few words, for the log and the report page. */
export function describeRunFailure(failure: RunFailure): string {
  switch (failure.kind) {
    case 'workers_lost':
      return `the analysis stopped ${failure.claims} times without finishing`;
    case 'analysis_threw':
      return failure.detail;
  }
}
