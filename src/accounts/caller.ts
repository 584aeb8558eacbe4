import type { Role } from './user.js';

/** Who is calling: what services get instead of the request. */
export interface Caller {
  id: string;
  email: string;
  name: string;
  role: Role;
}

/** Instructors and admins see and manage everything about assignments; students see their own work. */
export function isStaff(caller: Caller): boolean {
  return caller.role === 'instructor' || caller.role === 'admin';
}
