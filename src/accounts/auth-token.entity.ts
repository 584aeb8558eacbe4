import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** session: the browser cookie; api: a bearer token for scripts; invitation: a one-time link to set a password. */
export type TokenKind = 'session' | 'api' | 'invitation';

/**
 * A credential handed out as "<id>.<secret>". Only a hash of the secret is stored, so a leaked table
 * opens no accounts; the id finds the row and the secret is compared in constant time.
 */
@Entity('auth_tokens')
export class AuthTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid', { name: 'user_id' })
  userId: string;

  @Column('text')
  kind: TokenKind;

  @Column('text', { name: 'secret_hash' })
  secretHash: string;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
