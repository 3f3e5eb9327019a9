import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ScalMappingTarget } from '@pairline/domain';
import { IsObject, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class ScalUploadBody {
  @ApiProperty({ example: 'gp-connect-scal.xlsx', description: 'Its extension (.xlsx or .csv) must agree with the content' })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  filename!: string;

  @ApiProperty({ description: 'The file, base64-encoded' })
  @IsString()
  @MinLength(1)
  contentBase64!: string;

  @ApiPropertyOptional({ description: 'Header → requirement field (or null to ignore the column); the suggested mapping when absent' })
  @IsOptional()
  @IsObject()
  mapping?: Record<string, ScalMappingTarget | null>;
}

export class ScalImportBody {
  @ApiProperty({ example: 'gp-connect-scal.xlsx', description: 'Its extension (.xlsx or .csv) must agree with the content' })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  filename!: string;

  @ApiProperty({ description: 'The file, base64-encoded' })
  @IsString()
  @MinLength(1)
  contentBase64!: string;

  @ApiProperty({ description: 'Header → requirement field, or an answer column the export fills (response, justification, evidence, status), or null to ignore the column' })
  @IsObject()
  mapping!: Record<string, ScalMappingTarget | null>;

  @ApiProperty({ example: 'GP Connect Access Record SCAL' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 'gpc-access-record', description: 'Versions of one template share a key' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9_-]*$/, { message: 'key must be lower-case letters, digits, "-" or "_"' })
  @MaxLength(100)
  key!: string;

  @ApiPropertyOptional({ nullable: true, description: 'Where the file came from, e.g. who sent it and when' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  sourceNote?: string | null;
}

export type { ScalImportPreviewDto, ScalImportRunDto, ScalRequirementDto, ScalTemplateDetailDto, ScalTemplateDto, ScalTemplateListItemDto } from '@pairline/contracts';
