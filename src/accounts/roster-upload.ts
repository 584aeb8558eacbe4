import type { MulterOptions } from '@nestjs/platform-express/multer/interfaces/multer-options.interface.js';
import { DomainError } from '../common/domain-error.js';
import type { UploadedFileLike } from '../common/uploaded-file.js';

const MAX_ROSTER_BYTES = 2 * 1024 * 1024;

/** One file of at most 2 MiB, kept in memory; nothing else in the form. */
export const ROSTER_UPLOAD: MulterOptions = { limits: { files: 1, fileSize: MAX_ROSTER_BYTES, fields: 0, parts: 1, headerPairs: 20 } };

/** The roster from a multipart upload or a text/csv body, as strict UTF-8. */
export function rosterText(file: UploadedFileLike | undefined, body: unknown): string {
  const bytes = file?.buffer ?? (typeof body === 'string' ? Buffer.from(body, 'utf8') : undefined);
  if (!bytes) throw new DomainError('invalid', 'Send the roster as a CSV file in the form field "file", or as a text/csv request body.');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DomainError('invalid', 'The roster is not UTF-8 text. Export it from your spreadsheet as "CSV UTF-8".');
  }
}
