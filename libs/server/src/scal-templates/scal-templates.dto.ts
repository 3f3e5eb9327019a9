import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RejectedRow, ScalEnvironment, ScalLevel, ScalMappingTarget } from '@pairline/domain';
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

export interface ScalTemplateDto {
  id: string;
  key: string;
  version: number;
  name: string;
  baseline: boolean;
  sourceNote: string | null;
  createdAt: string;
  createdBy: string | null;
}

export interface ScalTemplateDetailDto extends ScalTemplateDto {
  requirementCount: number;
  sections: { key: string; name: string; requirementCount: number }[];
}

export interface ScalRequirementDto {
  id: string;
  identifier: string;
  section: string;
  sectionName: string;
  description: string;
  useCase: string | null;
  type: string | null;
  link: string | null;
  testCases: string | null;
  evidenceRequired: string | null;
  environment: ScalEnvironment | null;
  level: ScalLevel;
  position: number;
}

export interface ScalImportPreviewDto {
  sheets: { name: string; headers: string[]; rowCount: number; rows: string[][] }[];
  suggestedMapping: Record<string, ScalMappingTarget | null>;
  mapping: Record<string, ScalMappingTarget | null>;
  /** Why the mapping cannot be used at all (e.g. no column for level), else null. */
  mappingProblem: string | null;
  rejected: RejectedRow[];
  requirementCount: number;
  /** Sheets that map no column (a cover or instructions tab): imported as layout only, for the export. */
  layoutOnlySheets: string[];
}
