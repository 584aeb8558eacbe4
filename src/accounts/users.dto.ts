import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { JSONSchemaType } from 'ajv';
import { ROLES, type Role } from './user.js';

export class CreateUserDto {
  @ApiProperty({ example: 'student@example.edu' }) email: string;
  @ApiProperty({ example: 'Ada Lovelace' }) name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiPropertyOptional({ description: 'At least 10 characters. Without it, an invitation link is returned instead.' })
  password?: string;
}

export const createUserSchema: JSONSchemaType<CreateUserDto> = {
  type: 'object',
  properties: {
    email: { type: 'string', minLength: 3, maxLength: 254, pattern: '^[^\\s@,;]+@[^\\s@,;]+$' },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    role: { type: 'string', enum: [...ROLES] },
    password: { type: 'string', nullable: true, minLength: 1, maxLength: 1024 },
  },
  required: ['email', 'name', 'role'],
  additionalProperties: false,
};

export class UserDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
}

export class InvitationDto {
  @ApiProperty({ description: 'Open it to set a password; it works once.' }) url: string;
  @ApiProperty({ description: 'The token in the link, for POST /api/auth/invitations/accept.' }) token: string;
  @ApiProperty() expiresAt: string;
}

export class CreatedUserDto {
  @ApiProperty({ type: UserDto }) user: UserDto;
  @ApiPropertyOptional({ type: InvitationDto }) invitation?: InvitationDto;
}

export class RosterImportDto {
  @ApiProperty({ type: [CreatedUserDto], description: 'New users, each with an invitation link.' })
  created: CreatedUserDto[];

  @ApiProperty({ type: [String], description: 'Emails that already had an account; left unchanged.' })
  existing: string[];
}
