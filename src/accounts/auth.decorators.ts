import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from './user.js';
import type { Caller } from './caller.js';

export const PUBLIC_ROUTE = 'perfgrade:public';
export const ROLES = 'perfgrade:roles';

/** No login needed (login itself, health checks, the API docs). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Only these roles; everyone else gets 403. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

/** Only instructors and admins. */
export const StaffOnly = () => Roles('instructor', 'admin');

/** The authenticated caller, as set by AuthGuard. */
export const CurrentCaller = createParamDecorator((_: unknown, context: ExecutionContext): Caller => context.switchToHttp().getRequest().caller);

/** The raw credential of this request (cookie or bearer), for logout. */
export const Credential = createParamDecorator((_: unknown, context: ExecutionContext): string | undefined => context.switchToHttp().getRequest().credential);
