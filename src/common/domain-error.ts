/**
 * What kind of refusal an error is. Each kind has one HTTP status (below), so services throw domain errors and
 * never choose status codes, and the HTTP edge needs to know no domain to answer them.
 */
export type RefusalKind =
  | 'invalid' // 400
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409
  | 'gone' // 410
  | 'too_large' // 413
  | 'unprocessable' // 422
  | 'too_many' // 429
  | 'unavailable'; // 503

export const REFUSAL_STATUS: Record<RefusalKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  too_large: 413,
  unprocessable: 422,
  too_many: 429,
  unavailable: 503,
};

/** An error the caller caused or must wait out. Its message is shown as is, so it says what to do next. */
export class DomainError extends Error {
  constructor(
    readonly kind: RefusalKind,
    message: string,
    /** For too_many (and unavailable): seconds until trying again makes sense; sent as Retry-After. */
    readonly retryAfterS?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** The HTTP status of its kind. */
  get status(): number {
    return REFUSAL_STATUS[this.kind];
  }
}
