import { Body, Controller, HttpCode, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCookieAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FileInterceptor } from '@nestjs/platform-express';
import { CurrentCaller, StaffOnly } from './auth.decorators.js';
import type { Caller } from './caller.js';
import { BodySchemaPipe } from '../common/body-schema.pipe.js';
import type { UploadedFileLike } from '../common/uploaded-file.js';
import { AccountsService } from './accounts.service.js';
import { rosterText, ROSTER_UPLOAD } from './roster-upload.js';
import { CreatedUserDto, createUserSchema, CreateUserDto, RosterImportDto } from './users.dto.js';

@ApiTags('users')
@ApiBearerAuth()
@ApiCookieAuth()
@StaffOnly()
@Controller('api/users')
export class UsersController {
  constructor(private readonly accounts: AccountsService) {}

  @Post()
  @ApiCreatedResponse({ type: CreatedUserDto, description: 'Without a password, the answer holds an invitation link.' })
  create(@CurrentCaller() caller: Caller, @Body(new BodySchemaPipe(createUserSchema)) dto: CreateUserDto): Promise<CreatedUserDto> {
    return this.accounts.create(caller, dto);
  }

  @Post('import')
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file', ROSTER_UPLOAD))
  @ApiConsumes('multipart/form-data', 'text/csv')
  @ApiBody({ description: 'A CSV roster with the header email,name,role: as the multipart field "file" or as a text/csv body.' })
  @ApiOkResponse({ type: RosterImportDto })
  import(@CurrentCaller() caller: Caller, @UploadedFile() file: UploadedFileLike | undefined, @Body() body: unknown): Promise<RosterImportDto> {
    return this.accounts.importRoster(caller, rosterText(file, body));
  }
}
