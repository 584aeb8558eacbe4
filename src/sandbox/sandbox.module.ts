import { Module } from '@nestjs/common';
import { SandboxRunner } from './sandbox-runner.service.js';

/** ConfigModule is global, so SandboxRunner's ConfigService resolves without importing it here. */
@Module({ providers: [SandboxRunner], exports: [SandboxRunner] })
export class SandboxModule {}
