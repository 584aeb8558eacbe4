import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { configureApp } from './http/configure-app.js';
import { ConfigInvalid, ConfigService } from './config/config.service.js';
import { FirstInstructor } from './accounts/first-instructor.service.js';

/** `npm start`: the API on PORT, with grading slots in-process unless GRADER_CONCURRENCY=0. */
async function main(): Promise<void> {
  // Validated before anything starts, so a bad setting stops us with its name rather than a stack.
  const config = new ConfigService();
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, forceCloseConnections: true, abortOnError: false, bufferLogs: true });
  configureApp(app);
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  process.stdout.write(
    `\nperfgrade is listening on http://${shownHost}:${config.port} (API under /api, OpenAPI at /api/docs)\n${app.get(FirstInstructor).loginHint}\n\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`perfgrade: ${error instanceof ConfigInvalid ? `bad setting ${error.message}` : ((error as Error)?.stack ?? String(error))}\n`);
  process.exit(1);
});
