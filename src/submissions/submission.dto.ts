import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { GradingProgress, Report } from '../grading/report.types.js';
import { SUBMISSION_STATUSES, type SubmissionStatus } from './submission-status.js';

export class SubmitJsonDto {
  @ApiProperty({ description: 'The text of your .py file (UTF-8, at most 256 KiB).' }) source: string;
  @ApiPropertyOptional({ example: 'solution.py' }) filename?: string;
}

export class SubmissionAcceptedDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['queued'] }) status: 'queued';
}

export class SubmissionAuthorDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
}

export class QueueStandingDto {
  @ApiProperty({ enum: ['queued', 'running'] }) state: 'queued' | 'running';
  @ApiPropertyOptional({ description: '1 = graded next.' }) position?: number;
  @ApiPropertyOptional({ type: Object }) progress?: GradingProgress;
}

export class SubmissionSummaryDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'The assignment slug.' }) assignment: string;
  @ApiProperty({ enum: SUBMISSION_STATUSES }) status: SubmissionStatus;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional() gradedAt?: string;
  @ApiProperty({ description: "The student's 1st, 2nd, … submission to this assignment." }) attempt: number;
  @ApiProperty() filename: string;
  @ApiProperty({ description: 'Score after the late penalty; null until graded, and for errors.', nullable: true, type: Number }) score: number | null;
  @ApiProperty({ nullable: true, type: Number }) maxScore: number | null;
  @ApiProperty({ description: 'Fraction of the score taken for lateness.' }) latePenalty: number;
  @ApiProperty({ type: SubmissionAuthorDto }) user: SubmissionAuthorDto;
}

export class SubmissionDto extends SubmissionSummaryDto {
  @ApiProperty({ description: 'What is happening or what came out, in a sentence.' }) message: string;
  @ApiPropertyOptional({ type: QueueStandingDto, description: 'While a grade (or a regrade) waits or runs.' }) queue?: QueueStandingDto;
  @ApiProperty({ type: Object, nullable: true, description: "The grading report (the core's contract), once graded." }) report: Report | null;
}
