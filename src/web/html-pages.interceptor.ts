import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import { fillFormTokens } from './csrf/form-token.js';
import { Html } from './html/html.js';
import { setPageHeaders } from './html/respond.js';

/** A handler that returns `Html` answers with a page (its headers, its forms' tokens); anything else passes unchanged. */
@Injectable()
export class HtmlPages implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((body: unknown) => {
        if (!(body instanceof Html)) return body;
        const http = context.switchToHttp();
        setPageHeaders(http.getResponse<Response>());
        return fillFormTokens(body.value, http.getRequest<Request>());
      }),
    );
  }
}
