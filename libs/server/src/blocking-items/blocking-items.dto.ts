import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BLOCKER_PARTIES, BLOCKER_STATUSES, type BlockerParty, type BlockerStatus } from '@pairline/contracts';
import { IsISO8601, IsIn, IsInt, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { INT4_MAX, Nullable, Optional } from '../errors/validation';

const DATE = { strict: true } as const;

export class BlockingItemBody {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  journeyId!: string;

  @ApiPropertyOptional({ nullable: true, description: 'The stage it holds (its forecast moves to the due date)' })
  @Nullable()
  @Matches(/^[a-z0-9_]{1,60}$/)
  stageKey?: string | null;

  @ApiProperty({ example: 'Penetration-test mitigation report' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  title!: string;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @ApiProperty({ enum: BLOCKER_PARTIES, description: 'Who owes the next move' })
  @IsIn(BLOCKER_PARTIES)
  owedBy!: BlockerParty;

  @ApiPropertyOptional({ format: 'date', description: 'Defaults to today' })
  @Optional()
  @IsISO8601(DATE)
  raisedOn?: string;

  @ApiPropertyOptional({ format: 'date', nullable: true })
  @Nullable()
  @IsISO8601(DATE)
  dueOn?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true })
  @Nullable()
  @IsUUID()
  ownerUserId?: string | null;
}

export class UpdateBlockingItemBody extends BlockingItemBody {
  @ApiProperty({ enum: BLOCKER_STATUSES })
  @IsIn(BLOCKER_STATUSES)
  status!: BlockerStatus;

  @ApiPropertyOptional({ format: 'date', nullable: true, description: 'Defaults to today when resolving' })
  @Nullable()
  @IsISO8601(DATE)
  resolvedOn?: string | null;

  @ApiProperty()
  @IsInt()
  @Max(INT4_MAX)
  @Min(1)
  version!: number;
}
