import { Body, Controller, Get, Param, Post, Redirect, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CurrentCaller } from '../../accounts/auth.decorators.js';
import type { Caller } from '../../accounts/caller.js';
import { HtmlPages } from '../html-pages.interceptor.js';
import type { Html } from '../html/html.js';
import { leaderboardPage } from '../pages/leaderboard.page.js';
import { LeaderboardService } from './leaderboard.service.js';

type RedirectTo = { url: string; statusCode: number };

@ApiExcludeController()
@UseInterceptors(HtmlPages)
@Controller()
export class LeaderboardController {
  constructor(private readonly leaderboard: LeaderboardService) {}

  @Get('assignments/:slug/leaderboard')
  async page(@CurrentCaller() caller: Caller, @Param('slug') slug: string): Promise<Html> {
    return leaderboardPage(await this.leaderboard.page(caller, slug));
  }

  @Post('leaderboard/join')
  @Redirect()
  async join(@CurrentCaller() caller: Caller, @Body() form: { slug?: unknown } | undefined): Promise<RedirectTo> {
    await this.leaderboard.join(caller);
    return backTo(form);
  }

  @Post('leaderboard/leave')
  @Redirect()
  async leave(@CurrentCaller() caller: Caller, @Body() form: { slug?: unknown } | undefined): Promise<RedirectTo> {
    await this.leaderboard.leave(caller);
    return backTo(form);
  }
}

function backTo(form: { slug?: unknown } | undefined): RedirectTo {
  const slug = typeof form?.slug === 'string' ? form.slug : '';
  return { url: slug ? `/assignments/${encodeURIComponent(slug)}/leaderboard` : '/assignments', statusCode: 303 };
}
