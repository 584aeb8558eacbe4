import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, StaffOnly } from '../accounts/auth.decorators.js';
import type { Caller } from '../accounts/caller.js';
import { BodySchemaPipe } from '../common/body-schema.pipe.js';
import { LmsIntegrationsService } from './lms-integrations.service.js';
import { CreatedIntegrationDto, CreateIntegrationDto, createIntegrationSchema, IntegrationDto, RotatedIntegrationSecretDto } from './lms.dto.js';

@ApiTags('lms')
@ApiBearerAuth()
@ApiCookieAuth()
@StaffOnly()
@Controller('api/lms/integrations')
export class LmsIntegrationsController {
  constructor(private readonly integrations: LmsIntegrationsService) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedIntegrationDto, description: 'The inbound secret is in this answer only.' })
  create(@CurrentCaller() caller: Caller, @Body(new BodySchemaPipe(createIntegrationSchema)) dto: CreateIntegrationDto): Promise<CreatedIntegrationDto> {
    return this.integrations.create(caller, dto);
  }

  @Get()
  @ApiOkResponse({ type: [IntegrationDto] })
  list(): Promise<IntegrationDto[]> {
    return this.integrations.list();
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse()
  delete(@Param('id') id: string): Promise<void> {
    return this.integrations.delete(id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOkResponse({ type: RotatedIntegrationSecretDto })
  rotateSecret(@Param('id') id: string): Promise<RotatedIntegrationSecretDto> {
    return this.integrations.rotateSecret(id);
  }
}
