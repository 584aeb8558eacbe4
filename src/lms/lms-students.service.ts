import { Injectable } from '@nestjs/common';
import type { Caller } from '../accounts/caller.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { Transactions } from '../database/transactions.js';
import { UniqueViolation } from '../database/unique-violation.js';
import type { User } from '../accounts/user.js';
import { UsersRepository } from '../accounts/users.repository.js';
import { LmsInboundRepository } from './lms-inbound.repository.js';
import type { IntegrationSecrets } from './lms-integrations.repository.js';
import type { LmsUserDto } from './lms.dto.js';

/**
 * Which account an LMS user submits as. Once linked, the LMS id decides (an email changed in the LMS does not
 * move the student); the first time, an account with the same email is linked, or — if the integration says
 * so — a student account is created (without a password: an invitation can be sent later).
 */
@Injectable()
export class LmsStudents {
  constructor(
    private readonly users: UsersRepository,
    private readonly inbound: LmsInboundRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  async resolve(integration: IntegrationSecrets, lmsUser: LmsUserDto): Promise<Caller> {
    for (let tryNumber = 1; ; tryNumber++) {
      try {
        return studentCaller(await this.account(integration, lmsUser), lmsUser);
      } catch (error) {
        // The same new student in two requests at once: the unique email index let one create the account; the other now finds it.
        if (tryNumber >= 2 || !(error instanceof UniqueViolation)) throw error;
      }
    }
  }

  private async account(integration: IntegrationSecrets, lmsUser: LmsUserDto): Promise<User> {
    const linkedId = await this.inbound.linkedUser(integration.id, lmsUser.lmsId);
    const linked = linkedId ? await this.users.findById(linkedId) : null;
    if (linked) return linked;
    const email = lmsUser.email.trim().toLowerCase();
    const known = await this.users.findByEmail(email);
    if (!known && integration.unknownStudents === 'refuse') {
      throw new DomainError(
        'unprocessable',
        `perfgrade has no student with the LMS id "${lmsUser.lmsId}" or the email ${email}, and this integration does not create students. Import the course roster first, or create the integration with "unknownStudents": "create".`,
      );
    }
    const userId = await this.transactions.run(async (tx) => {
      const accountId = known?.id ?? (await this.users.insert({ email, name: lmsUser.name.trim(), role: 'student', passwordHash: null }, tx)).id;
      await this.inbound.link(tx, integration.id, lmsUser.lmsId, accountId, this.clock.now());
      // Whoever linked first wins a race between two requests for one new LMS user.
      return (await this.inbound.linkedUser(integration.id, lmsUser.lmsId, tx))!;
    });
    const account = await this.users.findById(userId);
    if (!account) throw new Error(`the account ${userId} linked to LMS user ${lmsUser.lmsId} disappeared`);
    return account;
  }
}

/** LMS submissions are a student's: an LMS must not be able to submit as staff (who bypass every limit). */
function studentCaller(user: User, lmsUser: LmsUserDto): Caller {
  if (user.role !== 'student') {
    throw new DomainError('forbidden', `The LMS user "${lmsUser.lmsId}" (${user.email}) is a perfgrade ${user.role}; only students' submissions are accepted from an LMS.`);
  }
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
