import { Module } from '@nestjs/common';
import { UsersRepository } from './users.repository.js';

/** The users table, for the modules that need accounts (auth, submissions, the roster). */
@Module({ providers: [UsersRepository], exports: [UsersRepository] })
export class UsersModule {}
