/** session: the browser cookie; api: a bearer token for scripts; invitation: a one-time link to set a password. */
export const TOKEN_KINDS = ['session', 'api', 'invitation'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

/**
 * A credential handed out as "<id>.<secret>". Only a hash of the secret is stored, so a leaked table
 * opens no accounts; the id finds the row and the secret is compared in constant time.
 */
export interface AuthToken {
  id: string;
  userId: string;
  kind: TokenKind;
  secretHash: string;
  expiresAt: Date;
  createdAt: Date;
}
