import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Registry } from 'prom-client';
import { Public } from '../accounts/auth.decorators.js';
import { MetricsService } from './metrics.service.js';

/**
 * Prometheus scrapes without a login, like the health checks; the figures are counts and durations, never a
 * person. Keep /metrics off the public internet at the proxy if a course's numbers are private.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  scrape(): Promise<string> {
    return this.metrics.scrape();
  }
}
