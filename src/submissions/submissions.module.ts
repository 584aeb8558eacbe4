import { Module } from '@nestjs/common';
import { QueueModule } from '../queue/queue.module.js';
import { AccountsModule } from '../accounts/accounts.module.js';
import { AssignmentGradingController } from './assignment-grading.controller.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { GradesService } from './grades.service.js';
import { SubmissionEventsService } from './submission-events.service.js';
import { SubmissionsController } from './submissions.controller.js';
import { SubmissionsRepository } from './submissions.repository.js';
import { SubmissionsService } from './submissions.service.js';

/** The HTTP side of submissions (server only; workers use CatalogModule and QueueModule directly). */
@Module({
  imports: [CatalogModule, QueueModule, AccountsModule],
  controllers: [SubmissionsController, AssignmentGradingController],
  providers: [SubmissionsRepository, SubmissionsService, SubmissionEventsService, GradesService],
  exports: [SubmissionsRepository, SubmissionsService, GradesService],
})
export class SubmissionsModule {}
