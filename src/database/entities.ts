import { AuthTokenEntity } from '../accounts/auth-token.entity.js';
import { GradingAttemptEntity } from '../queue/grading-attempt.entity.js';
import { GradingJobEntity } from '../queue/grading-job.entity.js';
import { AssignmentVersionEntity } from '../catalog/assignment-version.entity.js';
import { AssignmentEntity } from '../catalog/assignment.entity.js';
import { SubmissionEntity } from '../submissions/submission.entity.js';
import { UserEntity } from '../accounts/user.entity.js';

/** Every table, listed once, so the server, the worker and the tests all map the same schema. */
export const ENTITIES = [
  UserEntity,
  AuthTokenEntity,
  AssignmentEntity,
  AssignmentVersionEntity,
  SubmissionEntity,
  GradingJobEntity,
  GradingAttemptEntity,
];
