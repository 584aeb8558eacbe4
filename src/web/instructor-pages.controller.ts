import { Body, Controller, Get, Param, Post, Query, Redirect, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentCaller, StaffOnly } from '../accounts/auth.decorators.js';
import type { Caller } from '../accounts/caller.js';
import type { UploadedFileLike } from '../common/uploaded-file.js';
import { GradesService } from '../submissions/grades.service.js';
import { SubmissionsService } from '../submissions/submissions.service.js';
import { AccountsService } from '../accounts/accounts.service.js';
import { rosterText, ROSTER_UPLOAD } from '../accounts/roster-upload.js';
import { HtmlPages } from './html-pages.interceptor.js';
import type { Html } from './html/html.js';
import { InstructorPages } from './instructor-pages.service.js';
import { localPath } from './local-path.js';
import { accountsResultPage } from './pages/accounts-result.page.js';
import { dashboardPage } from './pages/dashboard.page.js';
import { instructorHomePage } from './pages/instructor-home.page.js';
import { studentForm } from './web-forms.js';

type RedirectTo = { url: string; statusCode: number };

/** The instructor's side: the course at a glance, per-assignment dashboards, regrading, grades and accounts. */
@ApiExcludeController()
@UseInterceptors(HtmlPages)
@StaffOnly()
@Controller('instructor')
export class InstructorPagesController {
  constructor(
    private readonly pages: InstructorPages,
    private readonly submissions: SubmissionsService,
    private readonly grades: GradesService,
    private readonly accounts: AccountsService,
  ) {}

  @Get()
  async home(@CurrentCaller() caller: Caller): Promise<Html> {
    return instructorHomePage(await this.pages.home(caller));
  }

  @Get('assignments/:slug')
  async dashboard(@CurrentCaller() caller: Caller, @Param('slug') slug: string, @Query('regraded') regraded: unknown): Promise<Html> {
    const count = typeof regraded === 'string' && /^\d{1,7}$/.test(regraded) ? Number(regraded) : undefined;
    return dashboardPage(await this.pages.dashboard(caller, slug), { regraded: count });
  }

  @Post('assignments/:slug/regrade')
  @Redirect()
  async regrade(@CurrentCaller() caller: Caller, @Param('slug') slug: string): Promise<RedirectTo> {
    const { queued } = await this.submissions.regrade(caller, slug);
    return { url: `/instructor/assignments/${encodeURIComponent(slug)}?regraded=${queued}`, statusCode: 303 };
  }

  @Get('assignments/:slug/grades.csv')
  async gradesCsv(@CurrentCaller() caller: Caller, @Param('slug') slug: string, @Res({ passthrough: true }) response: Response): Promise<string> {
    const csv = await this.grades.csv(caller, slug);
    response.type('text/csv; charset=utf-8').attachment(`${slug}-grades.csv`);
    return csv;
  }

  @Post('students')
  async addStudent(@CurrentCaller() caller: Caller, @Body() form: Record<string, unknown> | undefined, @Req() request: Request): Promise<Html> {
    const created = await this.accounts.create(caller, studentForm(form));
    return accountsResultPage({ caller, created: [created], existing: [], back: localPath(form?.back, request) ?? '/instructor' });
  }

  @Post('roster')
  @UseInterceptors(FileInterceptor('file', ROSTER_UPLOAD))
  async importRoster(@CurrentCaller() caller: Caller, @UploadedFile() file: UploadedFileLike | undefined, @Query('back') back: unknown, @Req() request: Request): Promise<Html> {
    const imported = await this.accounts.importRoster(caller, rosterText(file, undefined));
    return accountsResultPage({ caller, ...imported, back: localPath(back, request) ?? '/instructor' });
  }
}
