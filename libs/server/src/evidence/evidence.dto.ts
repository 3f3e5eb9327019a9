import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EVIDENCE_REVISION_STATUSES, type EvidenceRevisionStatus } from '@pairline/domain';
import { IsISO8601, IsIn, IsInt, IsString, IsUUID, IsUrl, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Type } from 'class-transformer';
import { INT4_MAX, Nullable, Optional } from '../errors/validation';

const DATE = { strict: true } as const;

export class CreateEvidenceBody {
  @ApiProperty({ example: 'DSPT 2026/27 assessment' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title!: string;

  @ApiPropertyOptional({ nullable: true })
  @Nullable()
  @IsString()
  @MaxLength(5000)
  description?: string | null;
}

export class UpdateEvidenceBody extends CreateEvidenceBody {
  @ApiProperty()
  @IsInt()
  @Max(INT4_MAX)
  @Min(1)
  version!: number;
}

/**
 * The fields of `POST /api/evidence/:id/revisions` (multipart/form-data), sent before the file
 * parts. Validated like a JSON body: every bad field is named.
 */
export class RevisionFields {
  @ApiProperty({ format: 'date', description: 'The day the evidence speaks for (not the upload day)' })
  @IsISO8601(DATE)
  effectiveOn!: string;

  @ApiPropertyOptional({ format: 'date', description: 'After this day the evidence has expired' })
  @Optional()
  @IsISO8601(DATE)
  expiresOn?: string;

  @ApiPropertyOptional({ description: 'Evidence held elsewhere (e.g. the DSPT site); a revision has files, a url or both' })
  @Optional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true, require_tld: false })
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(5000)
  note?: string;
}

export class RevisionStatusBody {
  @ApiProperty({ enum: EVIDENCE_REVISION_STATUSES })
  @IsIn(EVIDENCE_REVISION_STATUSES)
  status!: EvidenceRevisionStatus;

  @ApiPropertyOptional({ description: 'Required when rejecting' })
  @Optional()
  @IsString()
  @MaxLength(5000)
  reason?: string;

  @ApiProperty({ description: "The revision's version as read" })
  @IsInt()
  @Max(INT4_MAX)
  @Min(1)
  version!: number;
}

export class CreateEvidenceLinkBody {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  scalId!: string;

  @ApiProperty({ description: 'The requirement identifier in that SCAL' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  identifier!: string;
}

export class ExpiringQuery {
  @ApiPropertyOptional({ default: 30, minimum: 0, maximum: 366 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(366)
  withinDays?: number;
}
