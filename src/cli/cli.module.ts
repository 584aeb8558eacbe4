import { Module } from '@nestjs/common';
import { ConfigModule } from '../config/config.module.js';
import { GradingModule } from '../grading/grading.module.js';

/** The CLI: a Nest application context without HTTP, calling the same grading service as the server. */
@Module({ imports: [ConfigModule, GradingModule] })
export class CliModule {}
