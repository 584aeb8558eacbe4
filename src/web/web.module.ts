import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { urlencoded } from 'express';
import { CatalogModule } from '../catalog/catalog.module.js';
import { SimilarityModule } from '../similarity/similarity.module.js';
import { SubmissionsModule } from '../submissions/submissions.module.js';
import { AccountsModule } from '../accounts/accounts.module.js';
import { WebhooksModule } from '../webhooks/webhooks.module.js';
import { AssetsController } from './assets/assets.controller.js';
import { CsrfTokens } from './csrf/csrf-tokens.service.js';
import { InstructorPagesController } from './instructor-pages.controller.js';
import { InstructorPages } from './instructor-pages.service.js';
import { LeaderboardNamesRepository } from './leaderboard/leaderboard-names.repository.js';
import { LeaderboardController } from './leaderboard/leaderboard.controller.js';
import { LeaderboardService } from './leaderboard/leaderboard.service.js';
import { securityHeaders } from './security-headers.js';
import { SimilarityPagesController } from './similarity-pages.controller.js';
import { StudentPagesController } from './student-pages.controller.js';
import { StudentPages } from './student-pages.service.js';
import { WebAuthController } from './web-auth.controller.js';
import { WebExceptionFilter } from './web-exception.filter.js';
import { WebhookPagesController } from './webhook-pages.controller.js';
import { WebSessions } from './web-sessions.service.js';

/**
 * The web app: server-rendered pages for students and instructors on top of the same services as the API.
 * Its exception filter is global so that unknown addresses outside /api get a page too; under /api it answers
 * exactly as the API's own filter does.
 */
@Module({
  imports: [AccountsModule, CatalogModule, SubmissionsModule, WebhooksModule, SimilarityModule],
  controllers: [AssetsController, WebAuthController, StudentPagesController, LeaderboardController, InstructorPagesController, WebhookPagesController, SimilarityPagesController],
  providers: [CsrfTokens, WebSessions, StudentPages, InstructorPages, LeaderboardService, LeaderboardNamesRepository, { provide: APP_FILTER, useClass: WebExceptionFilter }],
})
export class WebModule implements NestModule {
  constructor(private readonly csrf: CsrfTokens) {}

  configure(consumer: MiddlewareConsumer): void {
    const everything = { path: '*splat', method: RequestMethod.ALL };
    consumer.apply(securityHeaders(), this.csrf.offer).forRoutes(everything);
    // Plain HTML forms (login, add a student, leaderboard, replays, similarity runs and reviews): the API itself only takes JSON and multipart.
    consumer
      .apply(urlencoded({ extended: false, limit: '64kb', parameterLimit: 20 }))
      .forRoutes(WebAuthController, LeaderboardController, InstructorPagesController, WebhookPagesController, SimilarityPagesController);
    // After the body parsers: the token of a urlencoded form is in its body.
    consumer.apply(this.csrf.check).forRoutes(everything);
  }
}
