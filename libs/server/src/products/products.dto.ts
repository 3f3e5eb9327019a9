import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MEDICAL_DEVICE_STATUSES, type MedicalDeviceStatus } from '@pairline/domain';
import { IsIn, IsInt, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { INT4_MAX, Nullable } from '../errors/validation';

export class ProductBody {
  @ApiProperty({ example: 'Repeat Prescriptions' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ nullable: true, example: '2.3' })
  @Nullable()
  @IsString()
  @MaxLength(50)
  productVersion?: string | null;

  @ApiProperty({ description: 'What the product does with GP data, and why' })
  @IsString()
  @MaxLength(5000)
  useCase!: string;

  @ApiProperty({ example: 'Patients; practice staff' })
  @IsString()
  @MaxLength(1000)
  intendedUsers!: string;

  @ApiProperty({ enum: MEDICAL_DEVICE_STATUSES })
  @IsIn(MEDICAL_DEVICE_STATUSES)
  medicalDeviceStatus!: MedicalDeviceStatus;

  @ApiPropertyOptional({ nullable: true, format: 'uuid' })
  @Nullable()
  @IsUUID()
  ownerUserId?: string | null;
}

export class UpdateProductBody extends ProductBody {
  @ApiProperty({ description: 'The version you loaded; a stale one is refused with 409' })
  @IsInt()
  @Max(INT4_MAX)
  @Min(1)
  version!: number;
}
