import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { UploadedFileLike } from '../common/uploaded-file.js';
import { uploadOf, type Upload } from './submission-upload.js';

/** The solution of this request, from the multipart field "file" (parsed by FileInterceptor) or the JSON body. */
export const SubmittedUpload = createParamDecorator((_: unknown, context: ExecutionContext): Upload => {
  const request = context.switchToHttp().getRequest<{ file?: UploadedFileLike; body?: unknown }>();
  return uploadOf(request.file, request.body);
});
