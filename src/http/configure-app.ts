import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { json, text } from 'express';
import type { IncomingMessage } from 'node:http';
import { Logger as PinoLogger } from 'nestjs-pino';
import { SESSION_COOKIE } from '../accounts/session-cookie.js';

/** Large enough for a 256 KiB source even when JSON escapes much of it; the grader's own check then speaks. */
const JSON_LIMIT = '2mb';

/**
 * What every HTTP app of perfgrade needs besides its modules — shared by main.ts, the tests and the load run,
 * so they all serve the same thing. The app must be created with `bodyParser: false`.
 */
export function configureApp(app: NestExpressApplication): void {
  app.useLogger(app.get(PinoLogger));
  app.use(cookieParser());
  app.use(json({ limit: JSON_LIMIT, verify: strictUtf8 }));
  app.use(text({ type: 'text/csv', limit: JSON_LIMIT }));
  app.disable('x-powered-by');

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('perfgrade')
      .setDescription(
        'Grades Python optimisation assignments: correctness, speedup against the baseline and peak memory, measured in a sandbox. ' +
          'Log in with POST /api/auth/login, then send the session cookie or "Authorization: Bearer <token>".',
      )
      .addBearerAuth()
      .addCookieAuth(SESSION_COOKIE)
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  new Logger('Api').log('OpenAPI at /api/docs (JSON at /api/docs/openapi.json)');
}

/**
 * JSON bodies must be UTF-8 as sent: the decoder would otherwise replace bad bytes with U+FFFD unseen. The
 * bytes are kept as `rawBody` (Nest's name for it): a signed request (LMS submissions) is verified over them.
 */
function strictUtf8(request: IncomingMessage & { rawBody?: Buffer }, _response: unknown, body: Buffer): void {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw Object.assign(new Error('The request body is not valid UTF-8.'), { type: 'entity.verify.failed' });
  }
  request.rawBody = body;
}
