import { Injectable } from '@nestjs/common';
import { checkPassword } from './auth.service.js';
import type { Caller } from './caller.js';
import { PasswordHasher } from './password-hasher.js';
import { TokensService } from './tokens.service.js';
import { DomainError } from '../common/domain-error.js';
import { ConfigService } from '../config/config.service.js';
import { Transactions } from '../database/transactions.js';
import { UniqueViolation } from '../database/unique-violation.js';
import { parseRoster } from './roster-csv.js';
import type { Role, User } from './user.js';
import type { CreatedUserDto, CreateUserDto, InvitationDto, RosterImportDto, UserDto } from './users.dto.js';
import { UsersRepository } from './users.repository.js';

/** Creating accounts: one by one (with a password or an invitation) or from a roster. */
@Injectable()
export class AccountsService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokensService,
    private readonly transactions: Transactions,
    private readonly config: ConfigService,
  ) {}

  async create(caller: Caller, dto: CreateUserDto): Promise<CreatedUserDto> {
    mayCreate(caller, dto.role);
    if (dto.password !== undefined) checkPassword(dto.password);
    if (await this.users.findByEmail(dto.email)) throw new DomainError('conflict', `There is already an account for ${dto.email.toLowerCase()}.`);
    const passwordHash = dto.password === undefined ? null : await this.hasher.hash(dto.password);
    const user = await this.users.insert({ email: dto.email.trim(), name: dto.name.trim(), role: dto.role, passwordHash }).catch((error: unknown) => {
      // Two creations of one email at once: the unique index decides, the loser hears why.
      throw error instanceof UniqueViolation ? new DomainError('conflict', `There is already an account for ${dto.email.toLowerCase()}.`) : error;
    });
    return passwordHash ? { user: toUserDto(user) } : { user: toUserDto(user), invitation: await this.invite(user) };
  }

  /** All or nothing: a roster with one bad line imports no one. Existing accounts are left as they are. */
  async importRoster(caller: Caller, csv: string): Promise<RosterImportDto> {
    const entries = parseRoster(csv);
    for (const entry of entries) mayCreate(caller, entry.role);
    const created = await this.transactions.run(async (tx) => {
      const existing = new Set((await this.users.findByEmails(entries.map((e) => e.email), tx)).map((u) => u.email));
      const fresh = entries.filter((entry) => !existing.has(entry.email));
      const users: User[] = [];
      for (const entry of fresh) users.push(await this.users.insert({ email: entry.email, name: entry.name, role: entry.role, passwordHash: null }, tx));
      return { users, existing: [...existing] };
    });
    const invited: CreatedUserDto[] = [];
    for (const user of created.users) invited.push({ user: toUserDto(user), invitation: await this.invite(user) });
    return { created: invited, existing: created.existing };
  }

  private async invite(user: User): Promise<InvitationDto> {
    const { token, expiresAt } = await this.tokens.issue(user.id, 'invitation', this.config.inviteTtlS);
    return { url: `${this.config.publicUrl}/invitation?token=${encodeURIComponent(token)}`, token, expiresAt: expiresAt.toISOString() };
  }
}

/** Instructors enrol students and fellow instructors; only an admin makes admins. */
function mayCreate(caller: Caller, role: Role): void {
  if (role === 'admin' && caller.role !== 'admin') throw new DomainError('forbidden', 'Only an admin can create admin accounts.');
}

export function toUserDto(user: User): UserDto {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
