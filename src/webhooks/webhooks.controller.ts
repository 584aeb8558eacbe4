import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCookieAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, StaffOnly } from '../accounts/auth.decorators.js';
import type { Caller } from '../accounts/caller.js';
import { BodySchemaPipe } from '../common/body-schema.pipe.js';
import { CreatedWebhookDto, CreateWebhookDto, createWebhookSchema, DeliveryDto, PingDto, ReplayedDto, RotatedSecretDto, WebhookEndpointDto } from './webhook.dto.js';
import { WebhooksService, type DeliveryQuery } from './webhooks.service.js';

@ApiTags('webhooks')
@ApiBearerAuth()
@ApiCookieAuth()
@StaffOnly()
@Controller('api/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedWebhookDto, description: 'The secret is in this answer only.' })
  create(@CurrentCaller() caller: Caller, @Body(new BodySchemaPipe(createWebhookSchema)) dto: CreateWebhookDto): Promise<CreatedWebhookDto> {
    return this.webhooks.create(caller, dto);
  }

  @Get()
  @ApiOkResponse({ type: [WebhookEndpointDto] })
  list(): Promise<WebhookEndpointDto[]> {
    return this.webhooks.list();
  }

  @Get(':id')
  @ApiOkResponse({ type: WebhookEndpointDto })
  get(@Param('id') id: string): Promise<WebhookEndpointDto> {
    return this.webhooks.get(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The endpoint and its deliveries are gone.' })
  delete(@Param('id') id: string): Promise<void> {
    return this.webhooks.delete(id);
  }

  @Post(':id/test')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: PingDto, description: 'A ping is queued for this endpoint.' })
  test(@Param('id') id: string): Promise<PingDto> {
    return this.webhooks.ping(id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOkResponse({ type: RotatedSecretDto })
  rotateSecret(@Param('id') id: string): Promise<RotatedSecretDto> {
    return this.webhooks.rotateSecret(id);
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOkResponse({ type: WebhookEndpointDto })
  enable(@Param('id') id: string): Promise<WebhookEndpointDto> {
    return this.webhooks.enable(id);
  }

  @Get(':id/deliveries')
  @ApiQuery({ name: 'status', required: false, enum: ['pending', 'sending', 'delivered', 'dead'] })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  @ApiOkResponse({ type: [DeliveryDto] })
  deliveries(@Param('id') id: string, @Query() query: DeliveryQuery): Promise<DeliveryDto[]> {
    return this.webhooks.listDeliveries(id, query);
  }

  @Post(':id/deliveries/replay')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: ReplayedDto, description: 'Every dead letter of the endpoint is queued again.' })
  replayAll(@Param('id') id: string): Promise<ReplayedDto> {
    return this.webhooks.replay(id);
  }

  @Post(':id/deliveries/:deliveryId/replay')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: ReplayedDto })
  replayOne(@Param('id') id: string, @Param('deliveryId') deliveryId: string): Promise<ReplayedDto> {
    return this.webhooks.replay(id, deliveryId);
  }
}
