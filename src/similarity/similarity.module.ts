import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module.js';
import { PythonFingerprinter } from './analysis/python-fingerprinter.js';
import { FingerprintStore } from './fingerprint-store.service.js';
import { FingerprintsRepository } from './fingerprints.repository.js';
import { SimilarSubmissionsController } from './similar-submissions.controller.js';
import { SimilarityAnalysis } from './similarity-analysis.processor.js';
import { SimilarityReviewsRepository } from './similarity-reviews.repository.js';
import { SimilarityRunsRepository } from './similarity-runs.repository.js';
import { SimilarityWorker } from './similarity-worker.service.js';
import { SimilarityController } from './similarity.controller.js';
import { SimilarityService } from './similarity.service.js';
import { SubmissionRefsRepository } from './submission-refs.repository.js';

/**
 * Similarity checking (issue 15): which submissions of an assignment share their code. Server only: its
 * analyses run in the HTTP server (SimilarityWorker), never in a stand-alone grading worker, whose cores are
 * there for timing runs. Its API is under /api/assignments/:slug/similarity (its pages are the web app's),
 * for instructors only.
 */
@Module({
  imports: [CatalogModule],
  controllers: [SimilarityController, SimilarSubmissionsController],
  providers: [
    PythonFingerprinter,
    FingerprintsRepository,
    SubmissionRefsRepository,
    SimilarityRunsRepository,
    SimilarityReviewsRepository,
    FingerprintStore,
    SimilarityAnalysis,
    SimilarityWorker,
    SimilarityService,
  ],
  exports: [SimilarityService],
})
export class SimilarityModule {}
