import { Module } from '@nestjs/common';
import { AssignmentsModule } from '../assignments/assignments.module.js';
import { SandboxModule } from '../sandbox/sandbox.module.js';
import { ScoringModule } from '../scoring/scoring.module.js';
import { GradingService } from './grading.service.js';

@Module({
  imports: [SandboxModule, AssignmentsModule, ScoringModule],
  providers: [GradingService],
  exports: [GradingService, AssignmentsModule, SandboxModule],
})
export class GradingModule {}
