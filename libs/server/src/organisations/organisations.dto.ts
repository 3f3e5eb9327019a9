import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Nullable, Optional } from '../errors/validation';

export class UpdateOrganisationDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ nullable: true, description: 'NHS ODS code, e.g. "8JK12"' })
  @Nullable()
  @IsString()
  @Matches(/^\s*[A-Za-z0-9]{3,10}\s*$|^$/, { message: 'odsCode must be 3 to 10 letters or digits' })
  odsCode?: string | null;

  @ApiProperty()
  @IsBoolean()
  mfaRequired!: boolean;

  @ApiPropertyOptional({ description: 'Status colour: amber when the forecast go-live is within this many working days of the target' })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(260)
  atRiskWithinWorkingDays?: number;

  @ApiPropertyOptional({ description: 'Status colour: red when the forecast go-live is more than this many working days after the target' })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(260)
  lateAfterWorkingDays?: number;

  @ApiProperty({ description: 'The version you loaded; a stale one is refused with 409' })
  @IsInt()
  @Min(1)
  version!: number;
}
