import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ScalMappingTarget, ScalSheetSettings } from '@pairline/domain';
import { IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';

export class ScalPreviewBody {
  @ApiPropertyOptional({ description: 'Header → requirement field or answer column (or null to ignore the column); the suggested mapping when absent' })
  @IsOptional()
  @IsObject()
  mapping?: Record<string, ScalMappingTarget | null>;

  @ApiPropertyOptional({ description: 'Tab name → { headerRow, defaultLevel, include }; the suggested header row, MUST and included when absent', example: { Foundation: { headerRow: 15 }, Lists: { include: false } } })
  @IsOptional()
  @IsObject()
  sheets?: Record<string, ScalSheetSettings>;
}

export class ScalImportBody extends ScalPreviewBody {
  @ApiProperty({ description: 'The uploaded file (POST /api/scal-templates/files)' })
  @IsUUID()
  fileId!: string;

  @ApiProperty({ description: 'Header → requirement field, or an answer column (response, justification, evidence, status, review, reviewComment), or null to ignore the column' })
  @IsObject()
  declare mapping: Record<string, ScalMappingTarget | null>;

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

export type { DocumentFileDto, ScalImportPreviewDto, ScalImportRunDto, ScalRequirementDto, ScalTemplateDetailDto, ScalTemplateDto, ScalTemplateListItemDto } from '@pairline/contracts';
