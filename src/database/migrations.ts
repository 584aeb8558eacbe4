import { CreateUsersAndAuthTokens1764140000000 } from '../../migrations/1764140000000-create-users-and-auth-tokens.js';
import { CreateAssignmentsAndVersions1764140000001 } from '../../migrations/1764140000001-create-assignments-and-versions.js';
import { CreateSubmissions1764140000002 } from '../../migrations/1764140000002-create-submissions.js';
import { CreateGradingJobsAndAttempts1764140000003 } from '../../migrations/1764140000003-create-grading-jobs-and-attempts.js';
import { CreateWebhookEndpointsEventsAndDeliveries1764140000010 } from '../../migrations/1764140000010-create-webhook-endpoints-events-and-deliveries.js';
import { CreateLmsIntegrationsAndInboundRequests1764140000011 } from '../../migrations/1764140000011-create-lms-integrations-and-inbound-requests.js';
import { CreateLeaderboardNames1764140000020 } from '../../migrations/1764140000020-create-leaderboard-names.js';
import { CreateSimilarityRunsPairsReviewsAndFingerprints1764140000030 } from '../../migrations/1764140000030-create-similarity-runs-pairs-reviews-and-fingerprints.js';
import { RecordGradingFailuresAsFields1764140000040 } from '../../migrations/1764140000040-record-grading-failures-as-fields.js';

/** In order. Imported rather than globbed, so the build and the tests load the same list (and tsc compiles them). */
export const MIGRATIONS = [
  CreateUsersAndAuthTokens1764140000000,
  CreateAssignmentsAndVersions1764140000001,
  CreateSubmissions1764140000002,
  CreateGradingJobsAndAttempts1764140000003,
  CreateWebhookEndpointsEventsAndDeliveries1764140000010,
  CreateLmsIntegrationsAndInboundRequests1764140000011,
  CreateLeaderboardNames1764140000020,
  CreateSimilarityRunsPairsReviewsAndFingerprints1764140000030,
  RecordGradingFailuresAsFields1764140000040,
];
