import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { JSONSchemaType } from 'ajv';
import type { SubmissionStatus } from '../../submissions/submission-status.js';
import { REVIEW_STATUSES, type ReviewStatus } from '../review-status.js';
import { RUN_SCOPES, RUN_STATES, type RunScope, type RunState } from '../similarity-run.js';

export class StartRunDto {
  @ApiPropertyOptional({
    enum: RUN_SCOPES,
    default: 'latest',
    description: "latest: each student's latest counted submission; all: every submission.",
  })
  scope?: RunScope;
}

export const startRunSchema: JSONSchemaType<StartRunDto> = {
  type: 'object',
  properties: { scope: { type: 'string', enum: [...RUN_SCOPES], nullable: true } },
  additionalProperties: false,
};

export class ReviewPairDto {
  @ApiProperty({ enum: REVIEW_STATUSES }) status: ReviewStatus;
  @ApiPropertyOptional({ description: 'What the instructor found (at most 2000 characters).' }) note?: string;
}

export const reviewPairSchema: JSONSchemaType<ReviewPairDto> = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: [...REVIEW_STATUSES] },
    note: { type: 'string', maxLength: 2000, nullable: true },
  },
  required: ['status'],
  additionalProperties: false,
};

export class RunProgressDto {
  @ApiProperty({ enum: ['collecting', 'fingerprinting', 'comparing', 'saving'] }) phase: string;
  @ApiProperty() done: number;
  @ApiProperty() total: number;
}

export class RunSummaryDto {
  @ApiProperty({ description: 'Submissions compared.' }) submissions: number;
  @ApiProperty({ description: 'Fingerprinted by this run; the others came from the cache.' }) fingerprinted: number;
  @ApiProperty() reused: number;
  @ApiProperty({ description: 'Pairs of submissions by different students.' }) comparedPairs: number;
  @ApiProperty({ description: 'Pairs over the similar threshold (see `thresholds`).' }) flaggedPairs: number;
  @ApiProperty() durationMs: number;
}

export class SimilarityRunDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: RUN_STATES }) state: RunState;
  @ApiProperty({ enum: RUN_SCOPES }) scope: RunScope;
  @ApiProperty({ nullable: true, type: String, description: 'Who asked for it; null when it ran again by itself after new submissions.' })
  requestedBy: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) startedAt: string | null;
  @ApiProperty({ nullable: true, type: String }) finishedAt: string | null;
  @ApiProperty({ nullable: true, type: RunProgressDto }) progress: RunProgressDto | null;
  @ApiProperty({ nullable: true, type: RunSummaryDto }) summary: RunSummaryDto | null;
  @ApiProperty({ nullable: true, type: String, description: 'Why a failed run failed, in words.' }) error: string | null;
}

export class SubmissionRefDto {
  @ApiProperty() id: string;
  @ApiProperty() studentId: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty() attempt: number;
  @ApiProperty() filename: string;
  @ApiProperty() status: SubmissionStatus;
  @ApiProperty({ nullable: true, type: Number }) score: number | null;
  @ApiProperty({ nullable: true, type: Number }) maxScore: number | null;
  @ApiProperty() createdAt: string;
}

export class ReviewDto {
  @ApiProperty({ enum: REVIEW_STATUSES }) status: ReviewStatus;
  @ApiProperty() note: string;
  @ApiProperty({ nullable: true, type: String }) reviewedBy: string | null;
  @ApiProperty() updatedAt: string;
}

export class SimilarPairDto {
  @ApiProperty({ type: SubmissionRefDto }) left: SubmissionRefDto;
  @ApiProperty({ type: SubmissionRefDto }) right: SubmissionRefDto;
  @ApiProperty({ description: "Shared k-grams of both sides over both sides' own k-grams (code everyone was given left out), 0–1." })
  similarity: number;
  @ApiProperty({ description: 'k-grams in the longest fragment shared in the same order.' }) longest: number;
  @ApiProperty({ description: 'Lines the longest shared fragment spans.' }) longestLines: number;
  @ApiProperty() leftShared: number;
  @ApiProperty() rightShared: number;
  @ApiProperty({ description: "k-grams of the left file's own code." }) leftOwn: number;
  @ApiProperty() rightOwn: number;
  @ApiProperty({ description: "Over both thresholds: worth an instructor's look." }) flagged: boolean;
  @ApiProperty({ nullable: true, type: ReviewDto }) review: ReviewDto | null;
}

export class ClusterDto {
  @ApiProperty({ type: [SubmissionRefDto] }) submissions: SubmissionRefDto[];
  @ApiProperty({ description: 'Flagged pairs inside the cluster.' }) pairs: number;
  @ApiProperty() maxSimilarity: number;
}

export class HistogramBinDto {
  @ApiProperty() from: number;
  @ApiProperty() to: number;
  @ApiProperty({ description: 'Pairs with from ≤ similarity < to (the last bin includes 1).' }) count: number;
}

export class ThresholdsDto {
  @ApiProperty() similarity: number;
  @ApiProperty() longestKgrams: number;
}

export class SimilarityReportDto {
  @ApiProperty() assignment: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: SimilarityRunDto, description: 'The latest finished run, whose results these are.' })
  run: SimilarityRunDto | null;
  @ApiProperty({ nullable: true, type: SimilarityRunDto, description: 'A run waiting or in progress.' }) pending: SimilarityRunDto | null;
  @ApiProperty({ nullable: true, type: SimilarityRunDto, description: 'The latest failed run, if newer than the latest finished one.' })
  failed: SimilarityRunDto | null;
  @ApiProperty({ type: ThresholdsDto }) thresholds: ThresholdsDto;
  @ApiProperty({ description: 'Tokenizer and winnowing settings.' }) fingerprints: string;
  @ApiProperty({ type: [HistogramBinDto] }) histogram: HistogramBinDto[];
  @ApiProperty({ type: [SimilarPairDto], description: 'Ranked by similarity, then longest fragment (or by longest fragment with ?sort=longest).' })
  pairs: SimilarPairDto[];
  @ApiProperty({ type: [ClusterDto], description: 'Three or more submissions joined by flagged pairs.' }) clusters: ClusterDto[];
}

export class SharedFragmentDto {
  @ApiProperty() length: number;
  @ApiProperty({ description: '0-based start row, start column, end row, end column (end exclusive).' }) left: [number, number, number, number];
  @ApiProperty() right: [number, number, number, number];
}

export class PairDetailDto extends SimilarPairDto {
  @ApiProperty() assignment: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'The analysis the scores come from; empty when none has run (the pair is scored on the spot).' }) runId: string;
  @ApiProperty({ type: [SharedFragmentDto] }) fragments: SharedFragmentDto[];
  @ApiProperty() leftSource: string;
  @ApiProperty() rightSource: string;
}

export class SimilarSubmissionDto {
  @ApiProperty({ type: SubmissionRefDto }) submission: SubmissionRefDto;
  @ApiProperty() similarity: number;
  @ApiProperty() longestLines: number;
  @ApiProperty() flagged: boolean;
  @ApiProperty({ description: 'The side-by-side page of the pair.' }) href: string;
}
