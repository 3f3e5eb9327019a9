import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OVERRIDE_JUSTIFICATION_MIN_LENGTH, WITHDRAW_REASON_MIN_LENGTH } from '@pairline/contracts';
import { MECHANISMS, PROVIDER_SUPPLIERS, type MechanismKey, type ProviderSupplierKey } from '@pairline/domain';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsISO8601, IsIn, IsInt, IsObject, IsString, IsUUID, IsUrl, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { INT4_MAX, Nullable, Optional } from '../errors/validation';

const DATE = { strict: true } as const;

export class CreateJourneyBody {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  productId!: string;

  @ApiProperty({ enum: MECHANISMS.map((m) => m.key) })
  @IsIn(MECHANISMS.map((m) => m.key))
  mechanismId!: MechanismKey;

  @ApiPropertyOptional({ enum: PROVIDER_SUPPLIERS.map((p) => p.key), nullable: true, description: 'Required for IM1; absent for GP Connect' })
  @Nullable()
  @IsIn(PROVIDER_SUPPLIERS.map((p) => p.key))
  providerSupplierId?: ProviderSupplierKey | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @Nullable()
  @IsUUID()
  ownerUserId?: string | null;

  @ApiPropertyOptional({ format: 'date', nullable: true })
  @Nullable()
  @IsISO8601(DATE)
  targetGoLive?: string | null;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(5000)
  notes?: string;
}

export class UpdateJourneyBody {
  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @Nullable()
  @IsUUID()
  ownerUserId?: string | null;

  @ApiPropertyOptional({ format: 'date', nullable: true })
  @Nullable()
  @IsISO8601(DATE)
  targetGoLive?: string | null;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(5000)
  notes?: string;

  @ApiProperty({ description: 'The version you loaded; a stale one is refused with 409' })
  @IsInt()
  @Max(INT4_MAX)
  @Min(1)
  version!: number;
}

export class WithdrawJourneyBody {
  @ApiProperty()
  @IsString()
  @MinLength(WITHDRAW_REASON_MIN_LENGTH)
  @MaxLength(2000)
  reason!: string;

  @ApiProperty()
  @IsInt()
  @Max(INT4_MAX)
  @Min(1)
  version!: number;
}

export class VersionBody {
  @ApiProperty()
  @IsInt()
  @Max(INT4_MAX)
  @Min(1)
  version!: number;
}

export class ApplyTemplateBody extends VersionBody {
  @ApiProperty({ description: 'The template version to move to (newer than the current one)' })
  @IsInt()
  @Max(INT4_MAX)
  @Min(1)
  templateVersion!: number;
}

export class OverrideBody {
  @ApiProperty({ description: 'Why the gate may be passed (at least 10 characters); recorded and shown on the journey' })
  @IsString()
  @MinLength(OVERRIDE_JUSTIFICATION_MIN_LENGTH)
  @MaxLength(2000)
  justification!: string;
}

export class StageActionBody {
  @ApiPropertyOptional({ format: 'date', description: 'When it happened, if not today (never in the future)' })
  @Optional()
  @IsISO8601(DATE)
  on?: string;

  @ApiPropertyOptional({ description: 'Required to skip' })
  @Optional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({ type: OverrideBody })
  @Optional()
  @ValidateNested()
  @IsObject()
  @Type(() => OverrideBody)
  override?: OverrideBody;
}

export class StageLinkBody {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  title!: string;

  @ApiProperty()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @MaxLength(2000)
  url!: string;
}

export class UpdateStageBody {
  @ApiPropertyOptional({ format: 'date', nullable: true })
  @Nullable()
  @IsISO8601(DATE)
  plannedStart?: string | null;

  @ApiPropertyOptional({ format: 'date', nullable: true })
  @Nullable()
  @IsISO8601(DATE)
  plannedEnd?: string | null;

  @ApiPropertyOptional({ description: 'Agreed dates the forecast must not move earlier' })
  @Optional()
  @IsBoolean()
  pinned?: boolean;

  @ApiPropertyOptional()
  @Optional()
  @IsInt()
  @Min(0)
  @Max(1000)
  durationWorkingDays?: number;

  @ApiPropertyOptional({ nullable: true })
  @Nullable()
  @IsInt()
  @Min(0)
  @Max(1000)
  slaWorkingDays?: number | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @Nullable()
  @IsUUID()
  ownerUserId?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'Assurance route, on stages that offer routes' })
  @Nullable()
  @IsString()
  @MaxLength(50)
  route?: string | null;

  @ApiPropertyOptional({ type: [StageLinkBody] })
  @Optional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => StageLinkBody)
  links?: StageLinkBody[];

  @ApiProperty({ description: "The stage's version you loaded" })
  @IsInt()
  @Max(INT4_MAX)
  @Min(1)
  version!: number;
}

export class ChecklistItemBody {
  @ApiProperty()
  @IsBoolean()
  done!: boolean;
}
