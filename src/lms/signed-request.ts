import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { SignedHeaders } from '../webhooks/standard-webhooks.js';

/** What a signed request's handler needs — its signature headers and the exact bytes of its body — and nothing else of `req`. */
export interface SignedRequest {
  headers: Partial<SignedHeaders>;
  /** The bytes as received; undefined when the body was not JSON (only JSON bodies are read). */
  rawBody: Buffer | undefined;
  body: unknown;
}

export const Signed = createParamDecorator((_: unknown, context: ExecutionContext): SignedRequest => {
  const request = context.switchToHttp().getRequest<Request & { rawBody?: Buffer }>();
  const header = (name: keyof SignedHeaders) => request.header(name) ?? undefined;
  return {
    headers: { 'webhook-id': header('webhook-id'), 'webhook-timestamp': header('webhook-timestamp'), 'webhook-signature': header('webhook-signature') },
    rawBody: request.rawBody,
    body: request.body,
  };
});
