import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, StaffOnly } from '../accounts/auth.decorators.js';
import type { Caller } from '../accounts/caller.js';
import { BodySchemaPipe } from '../common/body-schema.pipe.js';
import {
  PairDetailDto,
  ReviewDto,
  reviewPairSchema,
  type ReviewPairDto,
  SimilarityReportDto,
  SimilarityRunDto,
  startRunSchema,
  type StartRunDto,
} from './dto/similarity.dto.js';
import { SimilarityService, type ReportQuery } from './similarity.service.js';

/** Similarity checking of an assignment's submissions: instructors only. */
@ApiTags('similarity')
@ApiBearerAuth()
@ApiCookieAuth()
@StaffOnly()
@Controller('api/assignments/:slug/similarity')
export class SimilarityController {
  constructor(private readonly similarity: SimilarityService) {}

  @Get()
  @ApiOkResponse({ type: SimilarityReportDto })
  report(@CurrentCaller() caller: Caller, @Param('slug') slug: string, @Query() query: ReportQuery): Promise<SimilarityReportDto> {
    return this.similarity.report(caller, slug, query);
  }

  @Post('runs')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: SimilarityRunDto, description: 'The run, queued (or the one already waiting); follow it with GET …/similarity.' })
  start(
    @CurrentCaller() caller: Caller,
    @Param('slug') slug: string,
    @Body(new BodySchemaPipe(startRunSchema)) dto: StartRunDto,
  ): Promise<SimilarityRunDto> {
    return this.similarity.start(caller, slug, dto);
  }

  @Get('pairs/:left/:right')
  @ApiOkResponse({ type: PairDetailDto })
  pair(
    @CurrentCaller() caller: Caller,
    @Param('slug') slug: string,
    @Param('left') left: string,
    @Param('right') right: string,
  ): Promise<PairDetailDto> {
    return this.similarity.pair(caller, slug, left, right);
  }

  @Put('pairs/:left/:right/review')
  @ApiOkResponse({ type: ReviewDto })
  review(
    @CurrentCaller() caller: Caller,
    @Param('slug') slug: string,
    @Param('left') left: string,
    @Param('right') right: string,
    @Body(new BodySchemaPipe(reviewPairSchema)) dto: ReviewPairDto,
  ): Promise<ReviewDto> {
    return this.similarity.review(caller, slug, left, right, dto);
  }
}
