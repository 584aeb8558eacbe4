import type { MulterOptions } from '@nestjs/platform-express/multer/interfaces/multer-options.interface.js';
import path from 'node:path';
import { DomainError } from '../common/domain-error.js';
import type { UploadedFileLike } from '../common/uploaded-file.js';
import { MAX_SOURCE_BYTES } from '../grading/source-check.js';

/** An uploaded solution before it is checked: the bytes as sent and the name the student gave it. */
export interface Upload {
  bytes: Uint8Array;
  filename: string;
}

/**
 * multer's limits for a submission: one file no larger than the grader accepts, kept in memory (never on
 * disk, so a refused upload leaves nothing behind), and hardly anything else in the form.
 */
export const SOURCE_UPLOAD: MulterOptions = {
  limits: { files: 1, fileSize: MAX_SOURCE_BYTES, fields: 2, fieldSize: 1024, fieldNameSize: 64, parts: 3, headerPairs: 20 },
};

const DEFAULT_FILENAME = 'solution.py';

/** The solution from a multipart upload (field "file") or a JSON body `{ "source", "filename"? }`. */
export function uploadOf(file: UploadedFileLike | undefined, body: unknown): Upload {
  if (file) return { bytes: file.buffer, filename: cleanFilename(file.originalname) };
  const json = body as { source?: unknown; filename?: unknown } | undefined;
  if (json && typeof json === 'object' && 'source' in json) {
    if (typeof json.source !== 'string') throw new DomainError('invalid', 'source: must be the text of your .py file, as a JSON string.');
    if (json.filename !== undefined && typeof json.filename !== 'string') throw new DomainError('invalid', 'filename: must be a string such as "solution.py".');
    const unknown = Object.keys(json).filter((key) => key !== 'source' && key !== 'filename');
    if (unknown.length > 0) throw new DomainError('invalid', `unexpected field "${unknown[0]}": send only "source" and, optionally, "filename".`);
    // JSON can carry lone surrogates ("\ud800"), which are not text: the file could not be saved as UTF-8.
    if (!(json.source as string & { isWellFormed(): boolean }).isWellFormed()) {
      throw new DomainError('unprocessable', 'source contains characters that are not valid Unicode. Save your file as UTF-8 and submit again.');
    }
    return { bytes: Buffer.from(json.source, 'utf8'), filename: cleanFilename((json.filename as string | undefined) ?? DEFAULT_FILENAME) };
  }
  throw new DomainError(
    'invalid',
    'Send your solution as a .py file in the multipart form field "file", or as JSON {"source": "<your code>"}.',
  );
}

/** Only the last path segment, without control characters: it is shown back to people and used in messages. */
function cleanFilename(name: string): string {
  const base = path.posix.basename(name.replaceAll('\\', '/')).replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (base || DEFAULT_FILENAME).slice(0, 200);
}
