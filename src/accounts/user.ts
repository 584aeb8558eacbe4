export const ROLES = ['admin', 'instructor', 'student'] as const;
export type Role = (typeof ROLES)[number];

/** An account as the users table holds it. */
export interface User {
  id: string;
  /** Stored lower-case; unique. */
  email: string;
  name: string;
  role: Role;
  /** scrypt hash (see password-hasher.ts); null until an invited user sets a password. */
  passwordHash: string | null;
  createdAt: Date;
}
