import { Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCookieAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, StaffOnly } from '../accounts/auth.decorators.js';
import type { Caller } from '../accounts/caller.js';
import { GradesService } from './grades.service.js';
import { SubmissionsService } from './submissions.service.js';

/** Instructor-only work on a whole assignment. */
@ApiTags('assignments')
@ApiBearerAuth()
@ApiCookieAuth()
@StaffOnly()
@Controller('api/assignments/:slug')
export class AssignmentGradingController {
  constructor(
    private readonly submissions: SubmissionsService,
    private readonly grades: GradesService,
  ) {}

  @Post('regrade')
  @HttpCode(202)
  @ApiAcceptedResponse({ description: '{ queued: n } — every submission, queued behind new submissions.' })
  regrade(@CurrentCaller() caller: Caller, @Param('slug') slug: string): Promise<{ queued: number }> {
    return this.submissions.regrade(caller, slug);
  }

  @Get('grades.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="grades.csv"')
  @ApiProduces('text/csv')
  gradesCsv(@CurrentCaller() caller: Caller, @Param('slug') slug: string): Promise<string> {
    return this.grades.csv(caller, slug);
  }
}
