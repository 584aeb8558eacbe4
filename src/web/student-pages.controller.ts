import { Body, Controller, Get, Param, Post, Redirect, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentCaller } from '../accounts/auth.decorators.js';
import { isStaff, type Caller } from '../accounts/caller.js';
import type { UploadedFileLike } from '../common/uploaded-file.js';
import { SubmissionsService } from '../submissions/submissions.service.js';
import { HtmlPages } from './html-pages.interceptor.js';
import type { Html } from './html/html.js';
import { assignmentPage } from './pages/assignment.page.js';
import { assignmentsPage } from './pages/assignments.page.js';
import { historyPage } from './pages/history.page.js';
import { sourcePage } from './pages/source.page.js';
import { submissionPage } from './pages/submission.page.js';
import { StudentPages } from './student-pages.service.js';
import { formUpload, WEB_SOURCE_UPLOAD } from './web-forms.js';

type RedirectTo = { url: string; statusCode: number };

/** The student's side: assignments, uploading, results and history. Instructors may use it too. */
@ApiExcludeController()
@UseInterceptors(HtmlPages)
@Controller()
export class StudentPagesController {
  constructor(
    private readonly pages: StudentPages,
    private readonly submissions: SubmissionsService,
  ) {}

  @Get()
  @Redirect()
  home(@CurrentCaller() caller: Caller): RedirectTo {
    return { url: isStaff(caller) ? '/instructor' : '/assignments', statusCode: 303 };
  }

  @Get('assignments')
  async assignments(@CurrentCaller() caller: Caller): Promise<Html> {
    return assignmentsPage(await this.pages.assignments(caller));
  }

  @Get('assignments/:slug')
  async assignment(@CurrentCaller() caller: Caller, @Param('slug') slug: string): Promise<Html> {
    return assignmentPage(await this.pages.assignment(caller, slug));
  }

  @Get('assignments/:slug/baseline.py')
  async baseline(@CurrentCaller() caller: Caller, @Param('slug') slug: string, @Res({ passthrough: true }) response: Response): Promise<string> {
    const { filename, text } = await this.pages.baseline(caller, slug);
    response.type('text/x-python; charset=utf-8').attachment(filename);
    return text;
  }

  /** The upload form posts here (multipart, with or without JavaScript); the answer is the submission's page. */
  @Post('assignments/:slug/submissions')
  @UseInterceptors(FileInterceptor('file', WEB_SOURCE_UPLOAD))
  @Redirect()
  async submit(
    @CurrentCaller() caller: Caller,
    @Param('slug') slug: string,
    @UploadedFile() file: UploadedFileLike | undefined,
    @Body() form: { source?: unknown } | undefined,
  ): Promise<RedirectTo> {
    const { id } = await this.submissions.submit(caller, slug, formUpload(file, form));
    return { url: `/submissions/${id}`, statusCode: 303 };
  }

  @Get('assignments/:slug/history')
  async history(@CurrentCaller() caller: Caller, @Param('slug') slug: string): Promise<Html> {
    return historyPage(await this.pages.history(caller, slug));
  }

  @Get('submissions/:id')
  async submission(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<Html> {
    return submissionPage(await this.pages.submission(caller, id));
  }

  @Get('submissions/:id/source')
  async source(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<Html> {
    return sourcePage({ caller, id, ...(await this.pages.source(caller, id)) });
  }

  @Get('submissions/:id/source.py')
  async sourceFile(@CurrentCaller() caller: Caller, @Param('id') id: string, @Res({ passthrough: true }) response: Response): Promise<string> {
    const { filename, source } = await this.pages.source(caller, id);
    response.type('text/x-python; charset=utf-8').attachment(filename);
    return source;
  }
}
