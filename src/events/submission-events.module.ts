import { Module, type DynamicModule, type ModuleMetadata, type Type } from '@nestjs/common';
import { SUBMISSION_EVENT_LISTENERS, SubmissionEvents, type SubmissionEventListener } from './submission-events.js';

@Module({})
export class SubmissionEventsModule {
  /**
   * The port, wired to these listeners (each provided by one of `imports`). Global, so that the emitters'
   * modules need not import the listeners' modules, which sit above them.
   */
  static withListeners(imports: NonNullable<ModuleMetadata['imports']>, listeners: Type<SubmissionEventListener>[]): DynamicModule {
    return {
      module: SubmissionEventsModule,
      global: true,
      imports,
      providers: [
        { provide: SUBMISSION_EVENT_LISTENERS, useFactory: (...all: SubmissionEventListener[]) => all, inject: listeners },
        SubmissionEvents,
      ],
      exports: [SubmissionEvents],
    };
  }
}
