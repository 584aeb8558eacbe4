import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import pretty from 'pino-pretty';
import type { ConfigService } from '../config/config.service.js';

/** Probes and scrapes: every few seconds from a load balancer or Prometheus, and nothing to learn from each. */
const UNLOGGED = new Set(['/api/health', '/api/ready', '/metrics']);

/**
 * pino for the whole app: JSON lines for a collector, or readable ones in a terminal. Every line of a request
 * carries its `requestId` (the caller's X-Request-Id when it sends a sane one, so a proxy's id joins up), and
 * the request's own line says what was asked and how it ended — never its headers (session cookie, bearer
 * token) nor the secrets some addresses carry.
 */
/** `destination`: where the lines go instead of stdout (tests). */
export function loggerOptions(config: ConfigService, destination?: DestinationStream): Params {
  const options: NonNullable<Exclude<Params['pinoHttp'], unknown[]>> = {
    level: config.logLevel,
    genReqId: requestId,
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    serializers: {
      req: (req: IncomingMessage & { id?: unknown }) => ({ method: req.method, url: loggedUrl(req.url ?? '') }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
    },
    autoLogging: { ignore: (req) => UNLOGGED.has((req.url ?? '').split('?')[0]) },
    // A student's 4xx is an answer, not a problem of ours.
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
  };
  // pino-pretty in this thread (sync), not as a worker-thread transport: lines are never lost when the process exits.
  const stream =
    destination ??
    (config.logFormat === 'pretty'
      ? pretty({ sync: true, colorize: true, singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' })
      : undefined);
  return { pinoHttp: stream ? [options, stream] : options };
}

function requestId(request: IncomingMessage, response: ServerResponse): string {
  const given = request.headers['x-request-id'];
  const id = typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
  response.setHeader('X-Request-Id', id);
  return id;
}

/** Invitation links and multipart form addresses carry secrets in their query. */
export function loggedUrl(url: string): string {
  return url.replace(/([?&](?:token|_csrf)=)[^&#]*/g, '$1[redacted]');
}
