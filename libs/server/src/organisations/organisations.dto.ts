import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, MaxLength, Min, MinLength } from 'class-validator';

export class UpdateOrganisationDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ nullable: true, description: 'NHS ODS code, e.g. "8JK12"' })
  @IsOptional()
  @IsString()
  @Matches(/^\s*[A-Za-z0-9]{3,10}\s*$|^$/, { message: 'odsCode must be 3 to 10 letters or digits' })
  odsCode?: string | null;

  @ApiProperty()
  @IsBoolean()
  mfaRequired!: boolean;

  @ApiProperty({ description: 'The version you loaded; a stale one is refused with 409' })
  @IsInt()
  @Min(1)
  version!: number;
}
