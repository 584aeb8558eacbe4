import { Module } from '@nestjs/common';
import { GradingModule } from '../grading/grading.module.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { GradingProcessor } from './grading.processor.js';
import { QueueModule } from './queue.module.js';
import { WorkerPool } from './worker-pool.service.js';

/** The grading slots: inside the server by default, or alone in `npm run start:worker`. */
@Module({
  imports: [QueueModule, GradingModule, CatalogModule, MetricsModule],
  providers: [GradingProcessor, WorkerPool],
  exports: [WorkerPool],
})
export class WorkersModule {}
