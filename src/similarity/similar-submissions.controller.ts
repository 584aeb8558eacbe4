import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, StaffOnly } from '../accounts/auth.decorators.js';
import type { Caller } from '../accounts/caller.js';
import { SimilarSubmissionDto } from './dto/similarity.dto.js';
import { SimilarityService } from './similarity.service.js';

@ApiTags('similarity')
@ApiBearerAuth()
@ApiCookieAuth()
@StaffOnly()
@Controller('api/submissions/:id/similar')
export class SimilarSubmissionsController {
  constructor(private readonly similarity: SimilarityService) {}

  @Get()
  @ApiOkResponse({
    type: [SimilarSubmissionDto],
    description: 'The closest other submissions in the latest analysis that compared this one (at most three).',
  })
  similar(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<SimilarSubmissionDto[]> {
    return this.similarity.similarTo(caller, id);
  }
}
