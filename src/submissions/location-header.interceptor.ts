import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';

/** Answers a created submission with `Location: /api/submissions/<id>`, where its status can be polled. */
@Injectable()
export class SubmissionLocation implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler<{ id: string }>): Observable<{ id: string }> {
    return next.handle().pipe(
      map((body) => {
        context.switchToHttp().getResponse<Response>().location(`/api/submissions/${body.id}`);
        return body;
      }),
    );
  }
}
