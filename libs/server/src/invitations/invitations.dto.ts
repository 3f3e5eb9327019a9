import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PASSWORD_MIN_LENGTH, ROLES, type Role } from '@pairline/contracts';
import { IsEmail, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { Optional } from '../errors/validation';

export class CreateInvitationDto {
  @ApiProperty()
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;
}

export class AcceptInvitationDto {
  @ApiProperty()
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  token!: string;

  @ApiPropertyOptional({ description: 'Your name (new accounts)' })
  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ description: `New accounts: choose one (at least ${PASSWORD_MIN_LENGTH} characters); existing accounts: your current password` })
  @Optional()
  @IsString()
  @MaxLength(1024)
  password?: string;
}
