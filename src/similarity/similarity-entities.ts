import { SimilarityFingerprintsEntity } from './similarity-fingerprints.entity.js';
import { SimilarityPairEntity } from './similarity-pair.entity.js';
import { SimilarityReviewEntity } from './similarity-review.entity.js';
import { SimilarityRunEntity } from './similarity-run.entity.js';

/** The similarity tables, for the database's entity list. */
export const SIMILARITY_ENTITIES = [SimilarityRunEntity, SimilarityPairEntity, SimilarityReviewEntity, SimilarityFingerprintsEntity];
