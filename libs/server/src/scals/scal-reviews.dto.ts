import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SCAL_EXPORT_FORMATS, type ScalExportFormat } from '@pairline/contracts';
import { IsIn, IsString, IsUUID, Matches, MaxLength, MinLength } from 'class-validator';
import { Optional } from '../errors/validation';

const NOT_BLANK = /\S/;

export class CreateScalCommentBody {
  @ApiProperty({ maxLength: 10000 })
  @IsString()
  @MinLength(1)
  @MaxLength(10000)
  @Matches(NOT_BLANK, { message: 'body must not be blank' })
  body!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A comment of the thread to reply to (its first comment or any reply); absent starts a thread' })
  @Optional()
  @IsUUID()
  parentId?: string;
}

/** The stage itself is in the path (`/stages/:stage`). */
export class RecordScalStageBody {
  @ApiPropertyOptional({ maxLength: 2000, description: 'e.g. who it was sent to, or NHS England’s reference' })
  @Optional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class ScalExportQuery {
  @ApiPropertyOptional({ enum: SCAL_EXPORT_FORMATS, default: 'xlsx' })
  @Optional()
  @IsIn(SCAL_EXPORT_FORMATS)
  format?: ScalExportFormat;
}
