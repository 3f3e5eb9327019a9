import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MECHANISMS, PROVIDER_SUPPLIERS, STATUS_COLOURS, type MechanismKey, type ProviderSupplierKey, type StatusColour } from '@pairline/domain';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

/** Filters of the timeline and its xlsx export; each narrows the rows, none widens them. */
export class TimelineQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  productId?: string;

  @ApiPropertyOptional({ enum: PROVIDER_SUPPLIERS.map((p) => p.key) })
  @IsOptional()
  @IsIn(PROVIDER_SUPPLIERS.map((p) => p.key))
  providerSupplierId?: ProviderSupplierKey;

  @ApiPropertyOptional({ enum: MECHANISMS.map((m) => m.key) })
  @IsOptional()
  @IsIn(MECHANISMS.map((m) => m.key))
  mechanismId?: MechanismKey;

  @ApiPropertyOptional({ enum: STATUS_COLOURS, description: 'Live journeys have no colour and are left out by this filter.' })
  @IsOptional()
  @IsIn(STATUS_COLOURS)
  statusColour?: StatusColour;

  @ApiPropertyOptional({ format: 'uuid', description: 'Compare with this saved baseline.' })
  @IsOptional()
  @IsUUID()
  baselineId?: string;
}

export class TimelineBaselineBody {
  @ApiProperty({ maxLength: 120 })
  @IsString()
  @MaxLength(120)
  name!: string;

  @ApiPropertyOptional({ maxLength: 2000, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}
