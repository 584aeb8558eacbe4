import { HttpException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { AssignmentInvalid, AssignmentNotFound } from '../assignments/assignment.errors.js';
import { DomainError, REFUSAL_STATUS } from '../common/domain-error.js';
import { SubmissionRejected } from '../grading/grading.errors.js';
import { MAX_SOURCE_BYTES } from '../grading/source-check.js';

/** The body of every refusal: `{ statusCode, error, message }`, the message written for the person who sent it. */
export interface ApiError {
  statusCode: number;
  error: string;
  message: string;
}

export interface ApiErrorResponse {
  body: ApiError;
  retryAfterS?: number;
  /** 5xx: ours, to be logged with its stack; the body then says nothing internal. */
  internal: boolean;
}

const KIB = MAX_SOURCE_BYTES / 1024;

/** multer's limits (see submission-upload.ts), by multer's error code, in the student's terms. */
const UPLOAD_MESSAGES: Record<string, string> = {
  LIMIT_FILE_SIZE: `The file is larger than ${KIB} KiB. Submit only your solution's .py file, without data.`,
  LIMIT_FILE_COUNT: 'Upload exactly one file, in the form field "file".',
  LIMIT_UNEXPECTED_FILE: 'Upload your .py file in the form field named "file" (one file only).',
  LIMIT_PART_COUNT: 'The upload has too many parts: send one file in the field "file" and nothing else.',
  LIMIT_FIELD_COUNT: 'The upload has too many form fields: send one file in the field "file".',
  LIMIT_FIELD_VALUE: 'A form field is too long: send your code as the file "file", not as a text field.',
  LIMIT_FIELD_KEY: 'A form field name is too long.',
};

/** body-parser's errors (they carry `type`), for bodies refused before any route runs. */
const BODY_MESSAGES: Record<string, string> = {
  'entity.too.large': `The request body is too large. Submissions are at most ${KIB} KiB of source.`,
  'entity.parse.failed': 'The request body is not valid JSON.',
  'entity.verify.failed': 'The request body is not valid UTF-8. Save your file as UTF-8 and try again.',
  'charset.unsupported': 'Send the request body as UTF-8.',
  'encoding.unsupported': 'Send the request body without content encoding (no gzip).',
};

/**
 * Turns anything thrown while serving a request into the one JSON shape of a refusal. Domain errors carry their
 * kind; the grading core's own errors (which also serve the CLI, where there is no HTTP) are given theirs here,
 * in the words a caller of the API should read: an unknown slug does not list the others, a broken assignment
 * does not show its problems.
 */
export function toApiError(error: unknown): ApiErrorResponse {
  if (error instanceof DomainError) return refusal(error.status, error.message, error.retryAfterS);
  if (error instanceof SubmissionRejected) return refusal(REFUSAL_STATUS.unprocessable, error.message);
  if (error instanceof AssignmentNotFound) return refusal(REFUSAL_STATUS.not_found, `There is no assignment "${error.slug}".`);
  if (error instanceof AssignmentInvalid) {
    return refusal(REFUSAL_STATUS.not_found, `The assignment "${error.slug}" is not available right now; your instructor has been told why.`);
  }
  // body-parser's errors reach us raw or wrapped in an HttpException (Nest maps them); multer's always wrapped.
  const cause = (error instanceof HttpException ? error.cause : error) as { code?: unknown; type?: unknown; status?: unknown } | undefined;
  if (typeof cause?.type === 'string' && typeof cause.status === 'number' && cause.status < 500) {
    // body-parser answers a failed verification with 403; bad UTF-8 is a problem with the content, not a permission.
    const status = cause.type === 'entity.verify.failed' ? 422 : cause.status;
    return refusal(status, BODY_MESSAGES[cause.type] ?? 'The request body could not be read.');
  }
  if (error instanceof HttpException) {
    const upload = typeof cause?.code === 'string' ? UPLOAD_MESSAGES[cause.code] : undefined;
    return refusal(error.getStatus(), upload ?? httpExceptionMessage(error));
  }
  return { body: { statusCode: 500, error: STATUS_CODES[500]!, message: 'Something went wrong on our side. It has been logged; please try again.' }, internal: true };
}

function refusal(statusCode: number, message: string, retryAfterS?: number): ApiErrorResponse {
  return {
    body: { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message },
    ...(retryAfterS === undefined ? {} : { retryAfterS: Math.max(1, Math.ceil(retryAfterS)) }),
    internal: statusCode >= 500,
  };
}

function httpExceptionMessage(error: HttpException): string {
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  if (error.getStatus() === 404 && typeof message === 'string' && message.startsWith('Cannot ')) return 'There is nothing at this address.';
  return typeof message === 'string' ? message : error.message;
}
