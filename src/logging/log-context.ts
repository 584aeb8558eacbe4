import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';

/** Fields every log line inside a piece of work carries, whoever logs it (e.g. the submission a grade is for). */
@Injectable()
export class LogContext {
  constructor(private readonly pino: PinoLogger) {}

  run<T>(fields: Record<string, unknown>, work: () => T): T {
    return this.pino.runInContext(work, { bindings: fields });
  }
}
