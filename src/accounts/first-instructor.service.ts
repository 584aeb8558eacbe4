import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { PasswordHasher } from './password-hasher.js';
import { ConfigService } from '../config/config.service.js';
import { Transactions } from '../database/transactions.js';
import { UsersRepository } from './users.repository.js';

/**
 * On the first start (no instructor or admin yet) creates one from ADMIN_EMAIL / ADMIN_PASSWORD, or with a
 * generated password that is printed this once and never stored in clear.
 */
@Injectable()
export class FirstInstructor implements OnApplicationBootstrap {
  private readonly logger = new Logger('Accounts');
  /** What main.ts prints once the server listens. */
  loginHint = '';

  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly transactions: Transactions,
    private readonly config: ConfigService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const email = this.config.adminEmail;
    const password = this.config.adminPassword ?? randomBytes(12).toString('base64url');
    const passwordHash = await this.hasher.hash(password);
    // Several servers may start at once on one Postgres: the lock lets exactly one of them create the account.
    const created = await this.transactions.run(async (tx) => {
      await this.users.lockBootstrap(tx);
      if ((await this.users.countStaff(tx)) > 0) return false;
      await this.users.insert({ email, name: 'Instructor', role: 'admin', passwordHash }, tx);
      return true;
    });
    if (!created) {
      this.loginHint = `instructor login: the account created on the first start (${email} unless it was changed)`;
    } else if (this.config.adminPassword) {
      this.loginHint = `first instructor login: ${email} with the password from ADMIN_PASSWORD`;
    } else {
      this.loginHint = `first instructor login: ${email} / ${password}  (generated; shown only this once — write it down)`;
    }
    if (created) this.logger.log(`created the first instructor account (admin): ${email}`);
  }
}
