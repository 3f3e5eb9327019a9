import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PROVIDER_SUPPLIERS, type ProviderSupplierKey } from '@pairline/domain';
import { IsISO8601, IsIn, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { INT4_MAX, Nullable, Optional } from '../errors/validation';

const DATE = { strict: true } as const;

export class ChangeFreezeBody {
  @ApiPropertyOptional({ enum: PROVIDER_SUPPLIERS.map((p) => p.key), nullable: true, description: 'Null: every journey' })
  @Nullable()
  @IsIn(PROVIDER_SUPPLIERS.map((p) => p.key))
  providerSupplierId?: ProviderSupplierKey | null;

  @ApiProperty({ format: 'date' })
  @IsISO8601(DATE)
  startsOn!: string;

  @ApiProperty({ format: 'date' })
  @IsISO8601(DATE)
  endsOn!: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class UpdateChangeFreezeBody extends ChangeFreezeBody {
  @ApiProperty()
  @IsInt()
  @Max(INT4_MAX)
  @Min(1)
  version!: number;
}
