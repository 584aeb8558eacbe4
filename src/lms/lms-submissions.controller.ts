import { Controller, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiHeader, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from '../accounts/auth.decorators.js';
import { SubmissionLocation } from '../submissions/location-header.interceptor.js';
import { LmsInboundService } from './lms-inbound.service.js';
import { LmsSubmissionAcceptedDto, LmsSubmissionDto } from './lms.dto.js';
import { Signed, type SignedRequest } from './signed-request.js';

/** No login: the request's signature (an integration's inbound secret) is its authentication. */
@ApiTags('lms')
@Controller('api/lms/submissions')
export class LmsSubmissionsController {
  constructor(private readonly inbound: LmsInboundService) {}

  @Post()
  @Public()
  @HttpCode(202)
  @UseInterceptors(SubmissionLocation)
  @ApiHeader({ name: 'webhook-id', required: true, description: 'Unique per submission; a repeat gets the first answer and creates nothing.' })
  @ApiHeader({ name: 'webhook-timestamp', required: true, description: 'Unix seconds; at most 5 minutes from our clock.' })
  @ApiHeader({ name: 'webhook-signature', required: true, description: 'v1,<base64 HMAC-SHA256 of "id.timestamp.body" with the inbound secret>' })
  @ApiBody({ type: LmsSubmissionDto })
  @ApiAcceptedResponse({ type: LmsSubmissionAcceptedDto, description: 'Queued for grading (or the answer to the first request with this webhook-id).' })
  @ApiUnauthorizedResponse({ description: 'Unsigned, wrongly signed, or a timestamp more than 5 minutes off; the message says which.' })
  submit(@Signed() request: SignedRequest): Promise<LmsSubmissionAcceptedDto> {
    return this.inbound.receive(request);
  }
}
