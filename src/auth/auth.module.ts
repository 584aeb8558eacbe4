import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { AuthTokensRepository } from './auth-tokens.repository.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { ExpiredTokenSweeper } from './expired-token-sweeper.js';
import { LoginRateLimiter } from './login-rate-limiter.js';
import { PasswordHasher } from './password-hasher.js';
import { TokensService } from './tokens.service.js';

/** Logins, sessions and bearer tokens, invitations. AuthGuard is installed for every route by AppModule. */
@Module({
  imports: [UsersModule],
  controllers: [AuthController],
  providers: [AuthTokensRepository, TokensService, PasswordHasher, LoginRateLimiter, AuthService, AuthGuard, ExpiredTokenSweeper],
  exports: [AuthService, TokensService, PasswordHasher, AuthGuard],
})
export class AuthModule {}
