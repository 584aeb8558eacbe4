import { Body, Controller, Get, Param, Post, Query, Redirect, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CurrentCaller, StaffOnly } from '../accounts/auth.decorators.js';
import type { Caller } from '../accounts/caller.js';
import { SimilarityService, type ReportQuery } from '../similarity/similarity.service.js';
import { HtmlPages } from './html-pages.interceptor.js';
import type { Html } from './html/html.js';
import { similarityPairPage } from './pages/similarity-pair.page.js';
import { similarityReportPage } from './pages/similarity-report.page.js';
import { reviewForm, startRunForm } from './web-forms.js';

type RedirectTo = { url: string; statusCode: number };

/** The instructor's similarity pages: the report of an assignment and two submissions side by side. */
@ApiExcludeController()
@UseInterceptors(HtmlPages)
@StaffOnly()
@Controller('instructor/assignments/:slug/similarity')
export class SimilarityPagesController {
  constructor(private readonly similarity: SimilarityService) {}

  @Get()
  async report(@CurrentCaller() caller: Caller, @Param('slug') slug: string, @Query() query: ReportQuery & { started?: string }): Promise<Html> {
    const report = await this.similarity.report(caller, slug, query);
    return similarityReportPage(report, caller, { sort: query.sort === 'longest' ? 'longest' : 'similarity', started: query.started !== undefined });
  }

  @Post('runs')
  @Redirect()
  async start(@CurrentCaller() caller: Caller, @Param('slug') slug: string, @Body() form: Record<string, unknown> | undefined): Promise<RedirectTo> {
    await this.similarity.start(caller, slug, startRunForm(form));
    return { url: `/instructor/assignments/${encodeURIComponent(slug)}/similarity?started`, statusCode: 303 };
  }

  @Get('pairs/:left/:right')
  async pair(
    @CurrentCaller() caller: Caller,
    @Param('slug') slug: string,
    @Param('left') left: string,
    @Param('right') right: string,
    @Query('saved') saved: unknown,
  ): Promise<Html> {
    return similarityPairPage({ caller, pair: await this.similarity.pair(caller, slug, left, right), saved: saved !== undefined });
  }

  @Post('pairs/:left/:right/review')
  @Redirect()
  async review(
    @CurrentCaller() caller: Caller,
    @Param('slug') slug: string,
    @Param('left') left: string,
    @Param('right') right: string,
    @Body() form: Record<string, unknown> | undefined,
  ): Promise<RedirectTo> {
    await this.similarity.review(caller, slug, left, right, reviewForm(form));
    return { url: `/instructor/assignments/${encodeURIComponent(slug)}/similarity/pairs/${left}/${right}?saved`, statusCode: 303 };
  }
}
