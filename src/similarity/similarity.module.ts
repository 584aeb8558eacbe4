import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { urlencoded } from 'express';
import { CatalogModule } from '../submissions/assignments/catalog.module.js';
import { PythonFingerprinter } from './analysis/python-fingerprinter.js';
import { FingerprintStore } from './fingerprint-store.service.js';
import { SimilarSubmissionsController } from './similar-submissions.controller.js';
import { SimilarityAnalysis } from './similarity-analysis.processor.js';
import { SimilarityPagesController } from './similarity-pages.controller.js';
import { SimilarityRunsRepository } from './similarity-runs.repository.js';
import { SimilarityWorker } from './similarity-worker.service.js';
import { SimilarityController } from './similarity.controller.js';
import { SimilarityRepository } from './similarity.repository.js';
import { SimilarityService } from './similarity.service.js';

/**
 * Similarity checking (issue 15): which submissions of an assignment share their code. Its analyses run
 * in this process (SimilarityWorker), its API is under /api/assignments/:slug/similarity and its pages under
 * /instructor/assignments/:slug/similarity — all for instructors only.
 */
@Module({
  imports: [CatalogModule],
  controllers: [SimilarityController, SimilarSubmissionsController, SimilarityPagesController],
  providers: [PythonFingerprinter, FingerprintStore, SimilarityRepository, SimilarityRunsRepository, SimilarityAnalysis, SimilarityWorker, SimilarityService],
  exports: [SimilarityService],
})
export class SimilarityModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // The pages' plain HTML forms (run, review); the API takes JSON.
    consumer.apply(urlencoded({ extended: false, limit: '64kb', parameterLimit: 20 })).forRoutes(SimilarityPagesController);
  }
}
