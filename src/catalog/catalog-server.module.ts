import { Module } from '@nestjs/common';
import { AssignmentsController } from './assignments.controller.js';
import { CatalogPublisher } from './catalog-publisher.service.js';
import { CatalogModule } from './catalog.module.js';

/** The server's part of the catalog: it decides what is current (CatalogPublisher) and serves /api/assignments. */
@Module({
  imports: [CatalogModule],
  controllers: [AssignmentsController],
  providers: [CatalogPublisher],
})
export class CatalogServerModule {}
