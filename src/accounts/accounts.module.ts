import { Module } from '@nestjs/common';
import { AccountsService } from './accounts.service.js';
import { AuthTokensRepository } from './auth-tokens.repository.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { ExpiredTokenSweeper } from './expired-token-sweeper.js';
import { FirstInstructor } from './first-instructor.service.js';
import { LoginRateLimiter } from './login-rate-limiter.js';
import { PasswordHasher } from './password-hasher.js';
import { TokensService } from './tokens.service.js';
import { UsersController } from './users.controller.js';
import { UsersRepository } from './users.repository.js';

/**
 * Accounts: the users table, logins, sessions, bearer tokens and invitations, creating accounts (one by one or
 * from a roster) and the first instructor. AuthGuard is installed for every route by AppModule.
 */
@Module({
  controllers: [AuthController, UsersController],
  providers: [UsersRepository, AuthTokensRepository, TokensService, PasswordHasher, LoginRateLimiter, AuthService, AuthGuard, ExpiredTokenSweeper, AccountsService, FirstInstructor],
  exports: [UsersRepository, AuthService, TokensService, PasswordHasher, AuthGuard, AccountsService, FirstInstructor],
})
export class AccountsModule {}
