import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError } from '../common/domain-error.js';
import type { Role } from './user.js';
import { PUBLIC_ROUTE, ROLES } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import { credentialOf } from './session-cookie.js';

/** Every route needs a login unless marked @Public(); @Roles narrows it further. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { caller?: unknown; credential?: string }>();
    const credential = credentialOf(request);
    const caller = credential ? await this.auth.authenticate(credential) : null;
    if (!caller) throw new DomainError('unauthenticated', 'Log in first: POST /api/auth/login, then send the session cookie or "Authorization: Bearer <token>".');
    request.caller = caller;
    request.credential = credential;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(caller.role)) {
      throw new DomainError('forbidden', `This needs the ${roles.join(' or ')} role; you are logged in as ${caller.role}.`);
    }
    return true;
  }
}
