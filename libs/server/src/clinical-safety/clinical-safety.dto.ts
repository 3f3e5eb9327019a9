import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CONTROL_STATUSES,
  CONTROL_TYPES,
  HAZARD_STATUSES,
  LIKELIHOODS,
  SEVERITIES,
  type AcceptabilityCriteria,
  type ControlStatus,
  type ControlType,
  type HazardLibraryField,
  type HazardStatus,
  type Likelihood,
  type RiskMatrix,
  type ScaleDefinition,
  type Severity,
} from '@pairline/domain';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBase64, IsISO8601, IsIn, IsInt, IsNotEmpty, IsObject, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { INT4_MAX, Nullable, Optional } from '../errors/validation';

const DATE = { strict: true } as const;

/** A new plan version: what is given replaces the current version's setting, the rest is copied. */
export class CreateRiskPlanBody {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: "A product's own plan; omit for the organisation's" })
  @Nullable()
  @IsUUID()
  productId?: string | null;

  @ApiPropertyOptional({ description: 'Severity scale, least to most severe: [{ key, name, definition }]' })
  @Optional()
  @IsArray()
  severities?: ScaleDefinition<Severity>[];

  @ApiPropertyOptional({ description: 'Likelihood scale, least to most likely' })
  @Optional()
  @IsArray()
  likelihoods?: ScaleDefinition<Likelihood>[];

  @ApiPropertyOptional({ description: 'likelihood → severity → rating 1–5' })
  @Optional()
  @IsObject()
  matrix?: RiskMatrix;

  @ApiPropertyOptional({ description: 'rating → { rating, description, acceptance }' })
  @Optional()
  @IsObject()
  acceptability?: AcceptabilityCriteria;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(2000)
  source?: string;
}

export class PutClinicalSafetyOfficerBody {
  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'The member who is the CSO, when they use Pairline' })
  @Nullable()
  @IsUUID()
  userId?: string | null;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name!: string;

  @ApiProperty({ description: 'e.g. General practitioner, Registered nurse' })
  @IsString()
  @MaxLength(300)
  profession!: string;

  @ApiProperty({ description: 'Professional registration number (GMC, NMC, HCPC …)' })
  @IsString()
  @MaxLength(100)
  registrationNumber!: string;

  @ApiPropertyOptional({ description: 'The version read; omit when creating' })
  @Optional()
  @IsInt()
  @Max(INT4_MAX)
  @Min(1)
  version?: number;
}

export class RiskInputBody {
  @ApiProperty({ enum: SEVERITIES })
  @IsIn(SEVERITIES)
  severity!: Severity;

  @ApiProperty({ enum: LIKELIHOODS })
  @IsIn(LIKELIHOODS)
  likelihood!: Likelihood;
}

/** The fields a hazard's author edits. Ratings are not among them: they are read from the plan. */
class HazardFields {
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(20000)
  potentialClinicalImpact?: string;

  @ApiPropertyOptional({ type: [String] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(5000, { each: true })
  possibleCauses?: string[];

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(20000)
  effect?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(20000)
  harm?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(20000)
  existingControls?: string;

  @ApiPropertyOptional({ nullable: true, description: 'Hazard type or category' })
  @Nullable()
  @IsString()
  @MaxLength(200)
  hazardType?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'Journeys of the same product' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  journeyIds?: string[];

  // Strings here; which keys are mechanisms is the domain's check, so the refusal can name the bad one.
  @ApiPropertyOptional({ type: [String], description: 'GP Connect capabilities and IM1 APIs the hazard concerns, by mechanism key (GET /api/mechanisms)' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  mechanismKeys?: string[];

  @ApiPropertyOptional({ type: RiskInputBody, nullable: true })
  @Nullable()
  @ValidateNested()
  @IsObject()
  @Type(() => RiskInputBody)
  initial?: RiskInputBody | null;

  @ApiPropertyOptional({ type: RiskInputBody, nullable: true })
  @Nullable()
  @ValidateNested()
  @IsObject()
  @Type(() => RiskInputBody)
  residual?: RiskInputBody | null;

  @ApiPropertyOptional({ nullable: true, description: 'Required when the residual rating is above the initial one' })
  @Nullable()
  @IsString()
  @MaxLength(5000)
  residualIncreaseJustification?: string | null;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(20000)
  actionSummary?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @Nullable()
  @IsUUID()
  ownerUserId?: string | null;

  @ApiPropertyOptional({ format: 'date', nullable: true })
  @Nullable()
  @IsISO8601(DATE)
  nextReviewOn?: string | null;
}

export class CreateHazardBody extends HazardFields {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  productId!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(1000)
  name!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(20000)
  description!: string;
}

export class UpdateHazardBody extends HazardFields {
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(1000)
  name?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(20000)
  description?: string;

  @ApiProperty()
  @IsInt()
  @Max(INT4_MAX)
  @Min(1)
  version!: number;
}

export class HazardStatusBody {
  @ApiProperty({ enum: HAZARD_STATUSES })
  @IsIn(HAZARD_STATUSES)
  status!: HazardStatus;

  @ApiPropertyOptional({ description: 'What the deploying organisation must do; required to transfer' })
  @Optional()
  @IsString()
  @MaxLength(20000)
  deployingOrganisationActions?: string;

  @ApiPropertyOptional({ description: 'Why further reduction is impractical, when the plan asks for a reason' })
  @Optional()
  @IsString()
  @MaxLength(5000)
  residualAcceptanceJustification?: string;

  @ApiProperty()
  @IsInt()
  @Max(INT4_MAX)
  @Min(1)
  version!: number;
}

export class WithdrawHazardBody {
  @ApiProperty()
  @IsString()
  @MaxLength(5000)
  reason!: string;

  @ApiProperty()
  @IsInt()
  @Max(INT4_MAX)
  @Min(1)
  version!: number;
}

class ControlFields {
  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @Nullable()
  @IsUUID()
  ownerUserId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'Evidence vault item proving the control' })
  @Nullable()
  @IsUUID()
  verificationEvidenceId?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'Reference to the proof: test report, training record …' })
  @Nullable()
  @IsString()
  @MaxLength(2000)
  verificationReference?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'Hazards of the same product it mitigates' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(500)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  hazardIds?: string[];
}

export class CreateControlBody extends ControlFields {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  productId!: string;

  @ApiProperty({ enum: CONTROL_TYPES })
  @IsIn(CONTROL_TYPES)
  type!: ControlType;

  @ApiProperty()
  @IsString()
  @MaxLength(20000)
  description!: string;
}

export class UpdateControlBody extends ControlFields {
  @ApiPropertyOptional({ enum: CONTROL_TYPES })
  @Optional()
  @IsIn(CONTROL_TYPES)
  type?: ControlType;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(20000)
  description?: string;

  @ApiPropertyOptional({ enum: CONTROL_STATUSES, description: 'verified needs a verification evidence id or reference' })
  @Optional()
  @IsIn(CONTROL_STATUSES)
  status?: ControlStatus;

  @ApiProperty()
  @IsInt()
  @Max(INT4_MAX)
  @Min(1)
  version!: number;
}

export class IssueHazardLogVersionBody {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  productId!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(20000)
  changeSummary!: string;

  @ApiPropertyOptional({ enum: ['minor', 'major'], description: 'minor (1.0 → 1.1, the default) or major (1.x → 2.0)' })
  @Optional()
  @IsIn(['minor', 'major'])
  kind?: 'minor' | 'major';
}

export class ApproveHazardLogVersionBody {
  @ApiProperty({ description: 'The sign-off statement' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20000)
  statement!: string;

  @ApiPropertyOptional({ description: "The approver's password, re-entered; required unless MFA is on" })
  @Optional()
  @IsString()
  @MaxLength(1024)
  password?: string;

  @ApiPropertyOptional({ description: 'A current six-digit code, when the approver has MFA on' })
  @Optional()
  @IsString()
  @Matches(/^\d{6}$/)
  totp?: string;
}

export class HazardLibraryImportBody {
  @ApiProperty({ example: 'GP_Connect_Hazard_Log_Consumers_v2.0.xlsx' })
  @IsString()
  @MaxLength(255)
  filename!: string;

  @ApiProperty({ description: 'The .xlsx file, base64' })
  @IsString()
  @IsBase64()
  contentBase64!: string;

  @ApiPropertyOptional({ description: 'The sheet holding the hazards', default: 'Hazard Log' })
  @Optional()
  @IsString()
  @MaxLength(100)
  sheet?: string;

  @ApiPropertyOptional({ description: 'Header → field (number, hazardType, name, description, potentialClinicalImpact, possibleCauses, suggestedActions, links) or null; suggested when omitted' })
  @Nullable()
  @IsObject()
  mapping?: Record<string, HazardLibraryField | null>;

  @ApiPropertyOptional({ description: 'Name of the library in Pairline; the file name by default' })
  @Optional()
  @IsString()
  @MaxLength(255)
  source?: string;
}

export class AdoptSuggestionBody {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  productId!: string;
}
