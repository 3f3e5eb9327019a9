import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SCAL_LEVELS, SCAL_REQUIREMENT_STATUSES, SCAL_RESPONSES, type ScalLevel, type ScalRequirementStatus, type ScalResponse } from '@pairline/domain';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';

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
  @IsOptional()
  @IsIn(SCAL_RESPONSES)
  response?: ScalResponse | null;

  @ApiPropertyOptional({ nullable: true, description: 'Required unless compliant, before review' })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  justification?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  ownerUserId?: string | null;

  @ApiPropertyOptional({ format: 'date', nullable: true })
  @IsOptional()
  @IsISO8601(DATE)
  dueOn?: string | null;

  @ApiPropertyOptional({ enum: SCAL_REQUIREMENT_STATUSES, description: 'Applied after the answer, through the allowed transitions' })
  @IsOptional()
  @IsIn(SCAL_REQUIREMENT_STATUSES)
  status?: ScalRequirementStatus;

  @ApiPropertyOptional({ description: "NHS England's reason, required when the status becomes rejected" })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  rejectionReason?: string;

  @ApiProperty({ description: 'The version read; 0 for a requirement nobody has touched' })
  @IsInt()
  @Min(0)
  version!: number;
}

export class ScalBulkFilter {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  section?: string;

  @ApiPropertyOptional({ enum: SCAL_REQUIREMENT_STATUSES })
  @IsOptional()
  @IsIn(SCAL_REQUIREMENT_STATUSES)
  status?: ScalRequirementStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  ownerUserId?: string;

  @ApiPropertyOptional({ enum: SCAL_LEVELS })
  @IsOptional()
  @IsIn(SCAL_LEVELS)
  level?: ScalLevel;

  @ApiPropertyOptional({ enum: [...SCAL_RESPONSES, 'none'], description: '"none": not answered yet' })
  @IsOptional()
  @IsIn([...SCAL_RESPONSES, 'none'])
  response?: ScalResponse | 'none';

  @ApiPropertyOptional({ description: 'Requirements whose linked evidence has lapsed (true), or those whose has not (false)' })
  @IsOptional()
  @IsBoolean()
  needsAttention?: boolean;

  @ApiPropertyOptional({ description: 'Searches identifier and description' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q?: string;
}

export class ScalBulkSet {
  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  ownerUserId?: string | null;

  @ApiPropertyOptional({ format: 'date', nullable: true })
  @IsOptional()
  @IsISO8601(DATE)
  dueOn?: string | null;

  @ApiPropertyOptional({ enum: SCAL_REQUIREMENT_STATUSES })
  @IsOptional()
  @IsIn(SCAL_REQUIREMENT_STATUSES)
  status?: ScalRequirementStatus;

  @ApiPropertyOptional({ description: 'Required when the status becomes rejected' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  rejectionReason?: string;
}

export class ScalBulkBody {
  @ApiPropertyOptional({ type: [String], description: 'Either identifiers or filter' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20000)
  @IsString({ each: true })
  identifiers?: string[];

  @ApiPropertyOptional({ type: ScalBulkFilter })
  @IsOptional()
  @ValidateNested()
  @Type(() => ScalBulkFilter)
  filter?: ScalBulkFilter;

  @ApiProperty({ type: ScalBulkSet })
  @ValidateNested()
  @Type(() => ScalBulkSet)
  set!: ScalBulkSet;
}

export type { ScalBulkResultDto, ScalDetailDto, ScalDto, ScalRequirementAnswerDto } from '@pairline/contracts';
