import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { map, type Observable } from 'rxjs';
import { Html } from './html/html.js';
import { setPageHeaders } from './html/respond.js';

/** A handler that returns `Html` answers with a page (and its headers); anything else passes unchanged. */
@Injectable()
export class HtmlPages implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((body: unknown) => {
        if (!(body instanceof Html)) return body;
        setPageHeaders(context.switchToHttp().getResponse<Response>());
        return body.value;
      }),
    );
  }
}
