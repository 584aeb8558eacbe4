import { Logger } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import { Registry } from 'prom-client';
import type { MetricsService } from './metrics.service.js';

/**
 * GET /metrics for a worker without HTTP (npm run start:worker): its grading phase timings exist only in
 * its own process. The queue figures it shows are the database's, the same as every other process's.
 */
export function serveMetrics(metrics: MetricsService, port: number, host: string): Promise<Server> {
  const logger = new Logger('Metrics');
  const server = createServer((request, response) => {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Only GET /metrics is served here.\n');
      return;
    }
    metrics.scrape().then(
      (body) => response.writeHead(200, { 'Content-Type': Registry.PROMETHEUS_CONTENT_TYPE }).end(body),
      (error: unknown) => {
        logger.error(`scrape failed: ${(error as Error).message}`);
        response.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end('The metrics could not be read from the database.\n');
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      logger.log(`metrics at http://${host}:${port}/metrics`);
      resolve(server);
    });
  });
}
