import type { MulterOptions } from '@nestjs/platform-express/multer/interfaces/multer-options.interface.js';
import { BodySchemaPipe } from '../common/body-schema.pipe.js';
import { DomainError } from '../common/domain-error.js';
import type { UploadedFileLike } from '../common/uploaded-file.js';
import { MAX_SOURCE_BYTES } from '../grading/source-check.js';
import { uploadOf, type Upload } from '../submissions/submission-upload.js';
import { createUserSchema, type CreateUserDto } from '../accounts/users.dto.js';
import { reviewPairSchema, startRunSchema, type ReviewPairDto, type StartRunDto } from '../similarity/dto/similarity.dto.js';

/** The upload form: one file, or the pasted code in the field "source" (as large as a file may be). */
export const WEB_SOURCE_UPLOAD: MulterOptions = {
  limits: { files: 1, fileSize: MAX_SOURCE_BYTES, fields: 1, fieldSize: MAX_SOURCE_BYTES, fieldNameSize: 64, parts: 2, headerPairs: 20 },
};

/** The chosen file when there is one, else the pasted code; then the same checks as the API's upload. */
export function formUpload(file: UploadedFileLike | undefined, form: { source?: unknown } | undefined): Upload {
  if (file && file.buffer.length > 0) return uploadOf(file, undefined);
  // Browsers send a textarea's line breaks as CRLF; the student typed LF.
  const pasted = typeof form?.source === 'string' ? form.source.replace(/\r\n?/g, '\n') : '';
  if (pasted.trim() !== '') return uploadOf(undefined, { source: pasted, filename: 'solution.py' });
  if (file) throw new DomainError('invalid', `${file.originalname} is empty. Choose the .py file with your solution, or paste your code.`);
  throw new DomainError('invalid', 'Nothing was submitted: choose your .py file (or drop it on the form), or paste your code, then press "Submit for grading".');
}

const createUser = new BodySchemaPipe(createUserSchema);

/** The "add a student" form as the accounts service takes it; an empty password means "send an invitation". */
export function studentForm(form: Record<string, unknown> | undefined): CreateUserDto {
  const text = (name: string) => (typeof form?.[name] === 'string' ? (form[name] as string).trim() : undefined);
  const password = typeof form?.password === 'string' && form.password !== '' ? form.password : undefined;
  return createUser.transform({ name: text('name'), email: text('email'), role: 'student', ...(password ? { password } : {}) });
}

const startRun = new BodySchemaPipe(startRunSchema);
const reviewPair = new BodySchemaPipe(reviewPairSchema);

const field = (form: Record<string, unknown> | undefined, name: string) => (typeof form?.[name] === 'string' ? (form[name] as string) : undefined);

/** The "run the similarity analysis" form, checked as the API checks its body. */
export function startRunForm(form: Record<string, unknown> | undefined): StartRunDto {
  const scope = field(form, 'scope');
  return startRun.transform(scope ? { scope } : {});
}

/** The review form of a pair of submissions; browsers send a textarea's line breaks as CRLF. */
export function reviewForm(form: Record<string, unknown> | undefined): ReviewPairDto {
  const note = field(form, 'note')?.replace(/\r\n?/g, '\n');
  return reviewPair.transform({ status: field(form, 'status'), ...(note !== undefined ? { note } : {}) });
}
