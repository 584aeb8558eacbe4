import { ApiProperty } from '@nestjs/swagger';
import type { JSONSchemaType } from 'ajv';
import type { Role } from './user.js';

export class LoginDto {
  @ApiProperty({ example: 'student@example.edu' })
  email: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  password: string;
}

export const loginSchema: JSONSchemaType<LoginDto> = {
  type: 'object',
  properties: { email: { type: 'string', minLength: 1, maxLength: 254 }, password: { type: 'string', minLength: 1, maxLength: 1024 } },
  required: ['email', 'password'],
  additionalProperties: false,
};

export class AcceptInvitationDto {
  @ApiProperty({ description: 'The token from the invitation link.' })
  token: string;

  @ApiProperty({ description: 'At least 10 characters.' })
  password: string;
}

export const acceptInvitationSchema: JSONSchemaType<AcceptInvitationDto> = {
  type: 'object',
  properties: { token: { type: 'string', minLength: 1, maxLength: 512 }, password: { type: 'string', minLength: 1, maxLength: 1024 } },
  required: ['token', 'password'],
  additionalProperties: false,
};

export class CallerDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ['admin', 'instructor', 'student'] }) role: Role;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'Bearer token for scripts: "Authorization: Bearer <token>". The response also sets the session cookie.' })
  token: string;

  @ApiProperty() expiresAt: string;
  @ApiProperty({ type: CallerDto }) user: CallerDto;
}
