import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SCAL_LEVELS, SCAL_REQUIREMENT_STATUSES, SCAL_RESPONSES, type ScalLevel, type ScalRequirementStatus, type ScalResponse } from '@pairline/domain';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsISO8601, IsIn, IsInt, IsObject, IsString, IsUUID, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { INT4_MAX, Nullable, Optional } from '../errors/validation';

const DATE = { strict: true } as const;

export class CreateScalBody {
  @ApiProperty({ format: 'uuid', description: 'The SCAL template version to answer' })
  @IsUUID()
  templateId!: string;

  @ApiProperty({ type: [String], description: 'Journeys of one product, none with a SCAL yet; more than one shares the SCAL' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  journeyIds!: string[];
}

export class JoinScalBody {
  @ApiProperty({ format: 'uuid', description: 'A journey of the SCAL\'s product that has no SCAL yet' })
  @IsUUID()
  journeyId!: string;
}

export class UpdateScalRequirementBody {
  @ApiPropertyOptional({ enum: SCAL_RESPONSES, nullable: true })
  @Nullable()
  @IsIn(SCAL_RESPONSES)
  response?: ScalResponse | null;

  @ApiPropertyOptional({ nullable: true, description: 'Required unless compliant, before review' })
  @Nullable()
  @IsString()
  @MaxLength(20000)
  justification?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @Nullable()
  @IsUUID()
  ownerUserId?: string | null;

  @ApiPropertyOptional({ format: 'date', nullable: true })
  @Nullable()
  @IsISO8601(DATE)
  dueOn?: string | null;

  @ApiPropertyOptional({ enum: SCAL_REQUIREMENT_STATUSES, description: 'Applied after the answer, through the allowed transitions' })
  @Optional()
  @IsIn(SCAL_REQUIREMENT_STATUSES)
  status?: ScalRequirementStatus;

  @ApiPropertyOptional({ description: "NHS England's reason, required when the status becomes rejected" })
  @Optional()
  @IsString()
  @MaxLength(5000)
  rejectionReason?: string;

  @ApiProperty({ description: 'The version read; 0 for a requirement nobody has touched' })
  @IsInt()
  @Max(INT4_MAX)
  @Min(0)
  version!: number;
}

export class ScalBulkFilter {
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  section?: string;

  @ApiPropertyOptional({ enum: SCAL_REQUIREMENT_STATUSES })
  @Optional()
  @IsIn(SCAL_REQUIREMENT_STATUSES)
  status?: ScalRequirementStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  ownerUserId?: string;

  @ApiPropertyOptional({ enum: SCAL_LEVELS })
  @Optional()
  @IsIn(SCAL_LEVELS)
  level?: ScalLevel;

  @ApiPropertyOptional({ enum: [...SCAL_RESPONSES, 'none'], description: '"none": not answered yet' })
  @Optional()
  @IsIn([...SCAL_RESPONSES, 'none'])
  response?: ScalResponse | 'none';

  @ApiPropertyOptional({ description: 'Requirements whose linked evidence has lapsed (true), or those whose has not (false)' })
  @Optional()
  @IsBoolean()
  needsAttention?: boolean;

  @ApiPropertyOptional({ description: 'Searches identifier and description' })
  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q?: string;
}

export class ScalBulkSet {
  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @Nullable()
  @IsUUID()
  ownerUserId?: string | null;

  @ApiPropertyOptional({ format: 'date', nullable: true })
  @Nullable()
  @IsISO8601(DATE)
  dueOn?: string | null;

  @ApiPropertyOptional({ enum: SCAL_REQUIREMENT_STATUSES })
  @Optional()
  @IsIn(SCAL_REQUIREMENT_STATUSES)
  status?: ScalRequirementStatus;

  @ApiPropertyOptional({ description: 'Required when the status becomes rejected' })
  @Optional()
  @IsString()
  @MaxLength(5000)
  rejectionReason?: string;
}

export class ScalBulkBody {
  @ApiPropertyOptional({ type: [String], description: 'Either identifiers or filter' })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20000)
  @IsString({ each: true })
  identifiers?: string[];

  @ApiPropertyOptional({ type: ScalBulkFilter })
  @Optional()
  @ValidateNested()
  @IsObject()
  @Type(() => ScalBulkFilter)
  filter?: ScalBulkFilter;

  @ApiProperty({ type: ScalBulkSet })
  @ValidateNested()
  @Type(() => ScalBulkSet)
  set!: ScalBulkSet;
}

export type { ScalBulkResultDto, ScalDetailDto, ScalDto, ScalRequirementAnswerDto } from '@pairline/contracts';
