import { Module } from '@nestjs/common';
import { GradingPhases } from './grading-phases.js';
import { MetricsRegistry } from './metrics-registry.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsRepository } from './metrics.repository.js';
import { MetricsService } from './metrics.service.js';

/** Prometheus metrics at GET /metrics (prom-client); GradingPhases is how the worker reports its timings. */
@Module({
  controllers: [MetricsController],
  providers: [MetricsRegistry, MetricsRepository, MetricsService, GradingPhases],
  exports: [GradingPhases, MetricsService],
})
export class MetricsModule {}
