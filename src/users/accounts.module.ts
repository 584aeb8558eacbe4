import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { AccountsService } from './accounts.service.js';
import { FirstInstructor } from './first-instructor.service.js';
import { UsersController } from './users.controller.js';
import { UsersModule } from './users.module.js';

/** Managing accounts over HTTP, and the first instructor. Separate from UsersModule so auth can use the table without a cycle. */
@Module({
  imports: [UsersModule, AuthModule],
  controllers: [UsersController],
  providers: [AccountsService, FirstInstructor],
  exports: [FirstInstructor, AccountsService],
})
export class AccountsModule {}
