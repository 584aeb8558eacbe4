import { Module } from '@nestjs/common';
import { AssignmentsService } from './assignments.service.js';

/** Needs ConfigModule (global) for the assignments folder. */
@Module({ providers: [AssignmentsService], exports: [AssignmentsService] })
export class AssignmentsModule {}
