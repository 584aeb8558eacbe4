import { Controller, Get, Param, Post, Query, Redirect, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CurrentCaller, StaffOnly } from '../accounts/auth.decorators.js';
import type { Caller } from '../accounts/caller.js';
import { WebhooksService } from '../webhooks/webhooks.service.js';
import { HtmlPages } from './html-pages.interceptor.js';
import type { Html } from './html/html.js';
import { webhooksPage } from './pages/webhooks.page.js';

type RedirectTo = { url: string; statusCode: number };

/** How many of each endpoint's latest deliveries the page shows (the API pages through all of them). */
const RECENT = '20';

/** The instructor's view of the webhook endpoints and their deliveries, with replay of failed ones. */
@ApiExcludeController()
@UseInterceptors(HtmlPages)
@StaffOnly()
@Controller('instructor/webhooks')
export class WebhookPagesController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  async list(@CurrentCaller() caller: Caller, @Query('replayed') replayed: unknown): Promise<Html> {
    const endpoints = await this.webhooks.list();
    const withDeliveries = await Promise.all(endpoints.map(async (endpoint) => ({ endpoint, deliveries: await this.webhooks.listDeliveries(endpoint.id, { limit: RECENT }) })));
    const count = typeof replayed === 'string' && /^\d{1,7}$/.test(replayed) ? Number(replayed) : undefined;
    return webhooksPage({ caller, endpoints: withDeliveries, replayed: count });
  }

  @Post(':id/replay')
  @Redirect()
  async replayAll(@Param('id') id: string): Promise<RedirectTo> {
    return back(id, (await this.webhooks.replay(id)).replayed);
  }

  @Post(':id/deliveries/:deliveryId/replay')
  @Redirect()
  async replayOne(@Param('id') id: string, @Param('deliveryId') deliveryId: string): Promise<RedirectTo> {
    return back(id, (await this.webhooks.replay(id, deliveryId)).replayed);
  }
}

function back(id: string, replayed: number): RedirectTo {
  return { url: `/instructor/webhooks?replayed=${replayed}#endpoint-${encodeURIComponent(id)}`, statusCode: 303 };
}
