import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiExtraModels, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { CurrentCaller } from '../accounts/auth.decorators.js';
import type { Caller } from '../accounts/caller.js';
import { AssignmentCatalog } from './assignment-catalog.service.js';
import { AssignmentDetailDto, AssignmentSummaryDto, StaffAssignmentDetailDto } from './assignment.dto.js';

@ApiTags('assignments')
@ApiBearerAuth()
@ApiCookieAuth()
@ApiExtraModels(AssignmentDetailDto, StaffAssignmentDetailDto)
@Controller('api/assignments')
export class AssignmentsController {
  constructor(private readonly catalog: AssignmentCatalog) {}

  @Get()
  @ApiOkResponse({ type: [AssignmentSummaryDto] })
  list(@CurrentCaller() caller: Caller): Promise<AssignmentSummaryDto[]> {
    return this.catalog.list(caller);
  }

  @Get(':slug')
  @ApiOkResponse({
    description: 'Students get the public part; instructors also the hidden cases, the reference and the generator.',
    schema: { oneOf: [{ $ref: getSchemaPath(AssignmentDetailDto) }, { $ref: getSchemaPath(StaffAssignmentDetailDto) }] },
  })
  detail(@CurrentCaller() caller: Caller, @Param('slug') slug: string): Promise<AssignmentDetailDto> {
    return this.catalog.detail(caller, slug);
  }
}
