import { Module } from '@nestjs/common';
import { GradingModule } from '../grading/grading.module.js';
import { AssignmentCatalog } from './assignment-catalog.service.js';
import { AssignmentRecordsRepository } from './assignment-records.repository.js';
import { CatalogSync } from './catalog-sync.service.js';

/**
 * Assignments in the database: their versions (registered by every process, server or worker) and the
 * catalog the API shows. GradingModule brings AssignmentsService, which reads the folder.
 */
@Module({
  imports: [GradingModule],
  providers: [AssignmentRecordsRepository, CatalogSync, AssignmentCatalog],
  exports: [AssignmentRecordsRepository, CatalogSync, AssignmentCatalog, GradingModule],
})
export class CatalogModule {}
