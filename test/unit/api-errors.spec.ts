import { PayloadTooLargeException, BadRequestException } from '@nestjs/common';
import { toApiError } from '../../src/http/api-error.js';
import { DomainError } from '../../src/common/domain-error.js';
import { SubmissionRejected } from '../../src/grading/grading.errors.js';

describe('API errors', () => {
  it('map domain errors to one status each, with Retry-After when there is one', () => {
    expect(toApiError(new DomainError('too_many', 'wait', 12.2))).toEqual({ body: { statusCode: 429, error: 'Too Many Requests', message: 'wait' }, retryAfterS: 13, internal: false });
    expect(toApiError(new DomainError('gone', 'closed')).body.statusCode).toBe(410);
    expect(toApiError(new SubmissionRejected('x.py is empty')).body).toEqual({ statusCode: 422, error: 'Unprocessable Entity', message: 'x.py is empty' });
  });

  it("word multer's and body-parser's refusals for students", () => {
    const tooLarge = new PayloadTooLargeException('File too large', { cause: Object.assign(new Error('File too large'), { code: 'LIMIT_FILE_SIZE' }) });
    expect(toApiError(tooLarge).body.message).toMatch(/larger than 256 KiB/);
    const parse = new BadRequestException('Unexpected token', { cause: Object.assign(new SyntaxError('Unexpected token'), { type: 'entity.parse.failed', status: 400 }) });
    expect(toApiError(parse).body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'The request body is not valid JSON.' });
    expect(toApiError(Object.assign(new Error('x'), { type: 'entity.verify.failed', status: 403 })).body.statusCode).toBe(422);
  });

  it('never show internals of a 500', () => {
    const response = toApiError(new Error('connection to /var/run/secret refused'));
    expect(response).toMatchObject({ internal: true, body: { statusCode: 500 } });
    expect(response.body.message).not.toContain('secret');
  });
});
