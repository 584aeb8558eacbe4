import { Controller, Get, Header, HttpCode, Param, Post, Query, Sse, UseInterceptors, type MessageEvent } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiCookieAuth, ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { CurrentCaller } from '../accounts/auth.decorators.js';
import type { Caller } from '../accounts/caller.js';
import { SubmissionLocation } from './location-header.interceptor.js';
import { SubmissionEventsService } from './submission-events.service.js';
import { SOURCE_UPLOAD, type Upload } from './submission-upload.js';
import { SubmissionAcceptedDto, SubmissionDto, SubmissionSummaryDto } from './submission.dto.js';
import { SubmissionsService, type SubmissionQuery } from './submissions.service.js';
import { SubmittedUpload } from './submitted-upload.decorator.js';

@ApiTags('submissions')
@ApiBearerAuth()
@ApiCookieAuth()
@Controller('api')
export class SubmissionsController {
  constructor(
    private readonly submissions: SubmissionsService,
    private readonly eventStreams: SubmissionEventsService,
  ) {}

  @Post('assignments/:slug/submissions')
  @HttpCode(202)
  @UseInterceptors(FileInterceptor('file', SOURCE_UPLOAD), SubmissionLocation)
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({
    schema: {
      oneOf: [
        { type: 'object', properties: { file: { type: 'string', format: 'binary', description: 'Your .py file (UTF-8, at most 256 KiB).' } }, required: ['file'] },
        { type: 'object', properties: { source: { type: 'string' }, filename: { type: 'string' } }, required: ['source'] },
      ],
    },
  })
  @ApiAcceptedResponse({ type: SubmissionAcceptedDto, description: 'Queued for grading; Location names the submission.' })
  submit(@CurrentCaller() caller: Caller, @Param('slug') slug: string, @SubmittedUpload() upload: Upload): Promise<SubmissionAcceptedDto> {
    return this.submissions.submit(caller, slug, upload);
  }

  @Get('submissions')
  @ApiQuery({ name: 'assignment', required: false })
  @ApiQuery({ name: 'student', required: false, description: 'Instructors: a student email or id.' })
  @ApiQuery({ name: 'status', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  @ApiOkResponse({ type: [SubmissionSummaryDto] })
  list(@CurrentCaller() caller: Caller, @Query() query: SubmissionQuery): Promise<SubmissionSummaryDto[]> {
    return this.submissions.list(caller, query);
  }

  @Get('submissions/:id')
  @ApiOkResponse({ type: SubmissionDto })
  get(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<SubmissionDto> {
    return this.submissions.get(caller, id);
  }

  @Get('submissions/:id/source')
  @Header('Content-Type', 'text/x-python; charset=utf-8')
  @ApiProduces('text/x-python')
  async source(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<string> {
    return (await this.submissions.source(caller, id)).source;
  }

  @Sse('submissions/:id/events')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'Events: queued {position}, progress {phase, message, step?, of?}, done {status, score, maxScore, message}.' })
  events(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<Observable<MessageEvent>> {
    return this.eventStreams.events(caller, id);
  }
}
