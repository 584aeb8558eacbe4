import { AuthTokenEntity } from '../auth/auth-token.entity.js';
import { GradingAttemptEntity } from '../queue/grading-attempt.entity.js';
import { GradingJobEntity } from '../queue/grading-job.entity.js';
import { AssignmentVersionEntity } from '../submissions/assignments/assignment-version.entity.js';
import { AssignmentEntity } from '../submissions/assignments/assignment.entity.js';
import { SubmissionEntity } from '../submissions/submission.entity.js';
import { SIMILARITY_ENTITIES } from '../similarity/similarity-entities.js';
import { UserEntity } from '../users/user.entity.js';

/** Every table, listed once, so the server, the worker and the tests all map the same schema. */
export const ENTITIES = [
  UserEntity,
  AuthTokenEntity,
  AssignmentEntity,
  AssignmentVersionEntity,
  SubmissionEntity,
  GradingJobEntity,
  GradingAttemptEntity,
  ...SIMILARITY_ENTITIES,
];
