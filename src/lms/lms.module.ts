import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module.js';
import { SubmissionsModule } from '../submissions/submissions.module.js';
import { AccountsModule } from '../accounts/accounts.module.js';
import { LmsInboundRepository } from './lms-inbound.repository.js';
import { LmsInboundService } from './lms-inbound.service.js';
import { LmsIntegrationsController } from './lms-integrations.controller.js';
import { LmsIntegrationsRepository } from './lms-integrations.repository.js';
import { LmsIntegrationsService } from './lms-integrations.service.js';
import { LmsStudents } from './lms-students.service.js';
import { LmsSubmissionsController } from './lms-submissions.controller.js';

/** Signed submissions from an LMS, and the integrations that may send them (server only). */
@Module({
  imports: [SubmissionsModule, CatalogModule, AccountsModule],
  controllers: [LmsIntegrationsController, LmsSubmissionsController],
  providers: [LmsIntegrationsService, LmsIntegrationsRepository, LmsInboundService, LmsInboundRepository, LmsStudents],
})
export class LmsModule {}
