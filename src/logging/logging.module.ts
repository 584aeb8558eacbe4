import { Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { ConfigService } from '../config/config.service.js';
import { LogContext } from './log-context.js';
import { loggerOptions } from './logger-options.js';

/**
 * Structured logs (nestjs-pino): Nest's Logger everywhere goes through pino once an app calls
 * `useLogger(app.get(Logger))` (configureApp, worker.ts). Global, so a feature asks for LogContext without importing it.
 */
@Global()
@Module({
  imports: [LoggerModule.forRootAsync({ inject: [ConfigService], useFactory: (config: ConfigService) => loggerOptions(config) })],
  providers: [LogContext],
  exports: [LogContext],
})
export class LoggingModule {}
