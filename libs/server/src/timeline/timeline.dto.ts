import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MECHANISMS, PROVIDER_SUPPLIERS, STATUS_COLOURS, type MechanismKey, type ProviderSupplierKey, type StatusColour } from '@pairline/domain';
import { IsIn, IsString, IsUUID, MaxLength } from 'class-validator';
import { Nullable, Optional } from '../errors/validation';

/** Filters of the timeline and its xlsx export; each narrows the rows, none widens them. */
export class TimelineQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID()
  productId?: string;

  @ApiPropertyOptional({ enum: PROVIDER_SUPPLIERS.map((p) => p.key) })
  @Optional()
  @IsIn(PROVIDER_SUPPLIERS.map((p) => p.key))
  providerSupplierId?: ProviderSupplierKey;

  @ApiPropertyOptional({ enum: MECHANISMS.map((m) => m.key) })
  @Optional()
  @IsIn(MECHANISMS.map((m) => m.key))
  mechanismId?: MechanismKey;

  @ApiPropertyOptional({ enum: STATUS_COLOURS, description: 'Live journeys have no colour and are left out by this filter.' })
  @Optional()
  @IsIn(STATUS_COLOURS)
  statusColour?: StatusColour;

  @ApiPropertyOptional({ format: 'uuid', description: 'Compare with this saved baseline.' })
  @Optional()
  @IsUUID()
  baselineId?: string;
}

export class TimelineBaselineBody {
  @ApiProperty({ maxLength: 120 })
  @IsString()
  @MaxLength(120)
  name!: string;

  @ApiPropertyOptional({ maxLength: 2000, nullable: true })
  @Nullable()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}
