import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { JSONSchemaType } from 'ajv';
import type { UnknownStudents } from './lms-integrations.repository.js';

export class CreateIntegrationDto {
  @ApiProperty({ example: 'Moodle CS-241' }) name: string;
  @ApiPropertyOptional({ enum: ['create', 'refuse'], description: 'A student perfgrade does not know yet: create their account, or refuse the submission (default).' })
  unknownStudents?: UnknownStudents;
}

export const createIntegrationSchema: JSONSchemaType<CreateIntegrationDto> = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200 },
    unknownStudents: { type: 'string', enum: ['create', 'refuse'], nullable: true },
  },
  required: ['name'],
  additionalProperties: false,
};

export class IntegrationDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['create', 'refuse'] }) unknownStudents: UnknownStudents;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ description: 'After a rotation: until when the previous secret is still accepted.' }) previousSecretValidUntil?: string;
}

export class CreatedIntegrationDto extends IntegrationDto {
  @ApiProperty({ description: 'whsec_… — the LMS signs its requests with it. Shown only now.' }) secret: string;
}

export class RotatedIntegrationSecretDto {
  @ApiProperty({ description: 'The new secret, shown only now.' }) secret: string;
  @ApiProperty({ description: 'Requests signed with the previous secret are accepted until then.' }) previousSecretValidUntil: string;
}

export class LmsUserDto {
  @ApiProperty({ description: "The LMS's own id of the student." }) lmsId: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
}

export class LmsSubmissionDto {
  @ApiProperty({ example: 'monte-carlo-pi' }) assignment: string;
  @ApiProperty({ type: LmsUserDto }) user: LmsUserDto;
  @ApiProperty({ example: 'solution.py' }) filename: string;
  @ApiProperty({ description: 'The text of the .py file (UTF-8, at most 256 KiB).' }) source: string;
}

export const lmsSubmissionSchema: JSONSchemaType<LmsSubmissionDto> = {
  type: 'object',
  properties: {
    assignment: { type: 'string', minLength: 1, maxLength: 100 },
    user: {
      type: 'object',
      properties: {
        lmsId: { type: 'string', minLength: 1, maxLength: 200 },
        email: { type: 'string', minLength: 3, maxLength: 254, pattern: '^[^\\s@,;]+@[^\\s@,;]+$' },
        name: { type: 'string', minLength: 1, maxLength: 200 },
      },
      required: ['lmsId', 'email', 'name'],
      additionalProperties: false,
    },
    filename: { type: 'string', minLength: 1, maxLength: 200 },
    source: { type: 'string' },
  },
  required: ['assignment', 'user', 'filename', 'source'],
  additionalProperties: false,
};

export class LmsSubmissionAcceptedDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'Where the submission can be read (with an instructor\'s token); the result also arrives as submission.graded.' })
  statusUrl: string;
}
