import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { AssignmentCase, AssignmentLimits, CaseSize, CheckerSpec } from '../assignments/assignment.types.js';
import type { StoredDefinition } from './assignment-record.js';

export class AssignmentPolicyDto {
  @ApiPropertyOptional({ description: 'ISO 8601; absent = no deadline.' }) deadline?: string;
  @ApiProperty({ description: 'Fraction of the score lost per day late, and at most.' }) latePenalty: { perDay: number; max: number };
  @ApiPropertyOptional({ description: 'Submissions allowed; absent = unlimited.' }) maxAttempts?: number;
  @ApiProperty({ description: 'Seconds between two submissions.' }) cooldownS: number;
  @ApiProperty({ enum: ['best', 'last'], description: 'Which submission is the grade.' }) counts: 'best' | 'last';
}

export class AssignmentSummaryDto {
  @ApiProperty() slug: string;
  @ApiProperty() title: string;
  @ApiProperty() topic: string;
  @ApiProperty({ description: 'False when the assignment no longer loads: no new submissions.' }) available: boolean;
  @ApiPropertyOptional() deadline?: string;
}

export class PublicCaseDto {
  @ApiProperty() name: string;
  @ApiProperty({ type: Object }) size: CaseSize;
  @ApiProperty() seed: number;
}

/** What a student sees: everything needed to work, nothing that would give hidden cases or the reference away. */
export class AssignmentDetailDto extends AssignmentSummaryDto {
  @ApiProperty({ description: 'Name of the function to implement.' }) function: string;
  @ApiProperty({ description: 'Content hash of the version new submissions are graded with.' }) version: string;
  @ApiProperty({ description: 'The assignment text (Markdown).' }) description: string;
  @ApiProperty({ description: 'The slow code to start from.' }) baseline: string;
  @ApiProperty({ type: [PublicCaseDto] }) cases: PublicCaseDto[];
  @ApiProperty({ description: 'Hidden cases are graded too; only their verdicts are shown.' }) hiddenCases: number;
  @ApiProperty({ type: Object }) benchmark: { size: CaseSize; rounds: number };
  @ApiProperty({ type: Object }) limits: AssignmentLimits;
  @ApiProperty({ enum: ['wall', 'cpu'] }) timing: 'wall' | 'cpu';
  @ApiProperty({ type: Object }) scoring: { weights: { correctness: number; speed: number; memory: number }; speedTarget: number };
  @ApiProperty({ type: AssignmentPolicyDto }) policy: AssignmentPolicyDto;
}

/** Instructors additionally see the hidden cases, the reference, the generator and the whole definition. */
export class StaffAssignmentDetailDto extends AssignmentDetailDto {
  @ApiProperty({ type: Object, isArray: true }) allCases: AssignmentCase[];
  @ApiProperty() reference: string;
  @ApiProperty() generator: string;
  @ApiProperty({ type: Object }) checker: CheckerSpec;
  @ApiProperty({ type: Object }) definition: StoredDefinition;
}
