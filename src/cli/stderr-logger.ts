import { ConsoleLogger, type LogLevel } from '@nestjs/common';

/** Nest logs to stdout by default; the CLI keeps stdout for reports (`--json` prints exactly one). */
export class StderrLogger extends ConsoleLogger {
  protected printMessages(messages: unknown[], context?: string, logLevel?: LogLevel): void {
    super.printMessages(messages, context, logLevel, 'stderr');
  }
}
