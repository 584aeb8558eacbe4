import { Injectable } from '@nestjs/common';
import type { Caller } from '../accounts/caller.js';
import { BodySchemaPipe } from '../common/body-schema.pipe.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { ConfigService } from '../config/config.service.js';
import { decodeSource } from '../grading/source-check.js';
import { AssignmentCatalog } from '../catalog/assignment-catalog.service.js';
import { uploadOf } from '../submissions/submission-upload.js';
import { SubmissionsService } from '../submissions/submissions.service.js';
import { verifySignature } from '../webhooks/standard-webhooks.js';
import { LmsInboundRepository, type StoredAnswer } from './lms-inbound.repository.js';
import { LmsIntegrationsRepository, type IntegrationSecrets } from './lms-integrations.repository.js';
import { LmsStudents } from './lms-students.service.js';
import { lmsSubmissionSchema, type LmsSubmissionAcceptedDto, type LmsSubmissionDto } from './lms.dto.js';
import type { SignedRequest } from './signed-request.js';

const MAX_WEBHOOK_ID = 256;
const bodyOf = new BodySchemaPipe<LmsSubmissionDto>(lmsSubmissionSchema);
/** Who the catalog checks an assignment for before the student is known: it is open to students or it is not. */
const ANY_STUDENT: Caller = { id: '', email: '', name: '', role: 'student' };

/**
 * Submissions an LMS hands over: verified (Standard Webhooks signature with an integration's inbound secret,
 * timestamp within 5 minutes), then idempotent on webhook-id — a repeat gets the first answer and creates
 * nothing — and then an ordinary submission of the student's, under the assignment's policy.
 */
@Injectable()
export class LmsInboundService {
  constructor(
    private readonly integrations: LmsIntegrationsRepository,
    private readonly inbound: LmsInboundRepository,
    private readonly students: LmsStudents,
    private readonly submissions: SubmissionsService,
    private readonly catalog: AssignmentCatalog,
    private readonly config: ConfigService,
    private readonly clock: Clock,
  ) {}

  async receive(request: SignedRequest): Promise<LmsSubmissionAcceptedDto> {
    const integration = await this.verify(request);
    const webhookId = request.headers['webhook-id']!;
    if (webhookId.length > MAX_WEBHOOK_ID) throw new DomainError('invalid', `webhook-id must be at most ${MAX_WEBHOOK_ID} characters (a UUID is plenty).`);
    const earlier = await this.inbound.answerTo(integration.id, webhookId);
    if (earlier) return earlier;
    const dto = bodyOf.transform(request.body);
    const upload = uploadOf(undefined, { source: dto.source, filename: dto.filename });
    // What can be refused without knowing the student is refused before an account is created for them.
    await this.catalog.forSubmission(ANY_STUDENT, dto.assignment);
    decodeSource(upload.bytes, upload.filename);
    const student = await this.students.resolve(integration, dto.user);
    let answer: StoredAnswer | undefined;
    try {
      await this.submissions.submit(student, dto.assignment, upload, async (tx, submissionId) => {
        answer = { id: submissionId, statusUrl: `${this.config.publicUrl}/api/submissions/${submissionId}` };
        await this.inbound.record(tx, { integrationId: integration.id, webhookId, submissionId, lmsUserId: dto.user.lmsId, answer, receivedAt: this.clock.now() });
      });
    } catch (error) {
      // The same request twice at once: the first committed, and this one failed because of it — on the
      // webhook-id's primary key, or refused by the policy (cooldown, attempts) the first one just used.
      const twin = await this.inbound.answerTo(integration.id, webhookId);
      if (twin) return twin;
      throw error;
    }
    return answer!;
  }

  /** The integration whose secret signed the request, or a 401 that says what is wrong with the signature. */
  private async verify(request: SignedRequest): Promise<IntegrationSecrets> {
    const now = this.clock.now();
    const integrations = await this.integrations.secrets(now);
    const owners = integrations.flatMap((integration) => integration.secrets.map(() => integration));
    const secrets = integrations.flatMap((integration) => integration.secrets);
    const result = verifySignature(request.headers, request.rawBody ?? Buffer.alloc(0), secrets, Math.floor(now.getTime() / 1000));
    if (!result.ok) {
      if (result.failure === 'bad_signature' && request.rawBody === undefined) {
        throw new DomainError('invalid', 'Send the body as JSON with "Content-Type: application/json"; the signature is checked over its exact bytes.');
      }
      if (result.failure === 'bad_signature' && integrations.length === 0) {
        throw new DomainError('unauthenticated', 'No LMS integration is set up, so no signature can be valid: an instructor creates one with POST /api/lms/integrations.');
      }
      throw new DomainError('unauthenticated', result.message);
    }
    return owners[result.secretIndex];
  }
}
