import { Injectable } from '@nestjs/common';
import type { Caller } from '../accounts/caller.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { ConfigService } from '../config/config.service.js';
import { newSecret } from '../webhooks/standard-webhooks.js';
import { LmsIntegrationsRepository, type IntegrationRecord } from './lms-integrations.repository.js';
import type { CreatedIntegrationDto, CreateIntegrationDto, IntegrationDto, RotatedIntegrationSecretDto } from './lms.dto.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** LMS integrations (staff only): each has the inbound secret its LMS signs submissions with. */
@Injectable()
export class LmsIntegrationsService {
  constructor(
    private readonly integrations: LmsIntegrationsRepository,
    private readonly config: ConfigService,
    private readonly clock: Clock,
  ) {}

  async create(caller: Caller, dto: CreateIntegrationDto): Promise<CreatedIntegrationDto> {
    const secret = newSecret();
    const record = await this.integrations.insert(dto.name.trim(), dto.unknownStudents ?? 'refuse', secret, caller.id, this.clock.now());
    return { ...integrationView(record), secret };
  }

  async list(): Promise<IntegrationDto[]> {
    return (await this.integrations.list(this.clock.now())).map(integrationView);
  }

  async delete(id: string): Promise<void> {
    if (!UUID.test(id) || !(await this.integrations.delete(id))) throw notFound(id);
  }

  /** The previous secret stays accepted for WEBHOOK_SECRET_GRACE_S, while the LMS is switched over. */
  async rotateSecret(id: string): Promise<RotatedIntegrationSecretDto> {
    const secret = newSecret();
    const graceUntil = new Date(this.clock.now().getTime() + this.config.webhookSecretGraceS * 1000);
    if (!UUID.test(id) || !(await this.integrations.rotate(id, secret, graceUntil))) throw notFound(id);
    return { secret, previousSecretValidUntil: graceUntil.toISOString() };
  }
}

function integrationView(record: IntegrationRecord): IntegrationDto {
  return {
    id: record.id,
    name: record.name,
    unknownStudents: record.unknownStudents,
    createdAt: new Date(record.createdAt).toISOString(),
    ...(record.previousSecretExpiresAt ? { previousSecretValidUntil: new Date(record.previousSecretExpiresAt).toISOString() } : {}),
  };
}

function notFound(id: string): DomainError {
  return new DomainError('not_found', `There is no LMS integration ${id}; GET /api/lms/integrations lists them.`);
}
