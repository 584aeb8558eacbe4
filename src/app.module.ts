import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CatalogServerModule } from './catalog/catalog-server.module.js';
import { AuthGuard } from './accounts/auth.guard.js';
import { ApiExceptionFilter } from './http/api-exception.filter.js';
import { CommonModule } from './common/common.module.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { LmsModule } from './lms/lms.module.js';
import { LoggingModule } from './logging/logging.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { SimilarityModule } from './similarity/similarity.module.js';
import { WorkersModule } from './queue/workers.module.js';
import { SubmissionEventListeners } from './submission-event-listeners.js';
import { SubmissionsModule } from './submissions/submissions.module.js';
import { AccountsModule } from './accounts/accounts.module.js';
import { WebModule } from './web/web.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

/** The HTTP server: the API, and (GRADER_CONCURRENCY > 0) grading slots in the same process. */
@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    CommonModule,
    DatabaseModule,
    SubmissionEventListeners,
    AccountsModule,
    CatalogServerModule,
    SubmissionsModule,
    WorkersModule,
    HealthModule,
    WebhooksModule,
    LmsModule,
    SimilarityModule,
    WebModule,
    MetricsModule,
  ],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: ApiExceptionFilter },
  ],
})
export class AppModule {}
