import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PASSWORD_MIN_LENGTH } from '@pairline/contracts';
import { IsEmail, IsString, IsUUID, Length, Matches, MaxLength, MinLength } from 'class-validator';
import { Optional } from '../errors/validation';

export class LoginDto {
  @ApiProperty({ example: 'admin@demo.pairline.test' })
  @IsString()
  @MaxLength(320)
  email!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(1024)
  password!: string;

  @ApiPropertyOptional({ description: 'Six-digit code when the user has two-factor authentication on' })
  @Optional()
  @Matches(/^\d{6}$/, { message: 'totp must be a six-digit code' })
  totp?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsUUID()
  organisationId?: string;
}

export class SwitchOrganisationDto {
  @ApiProperty()
  @IsUUID()
  organisationId!: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MaxLength(1024)
  currentPassword!: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(1024)
  newPassword!: string;
}

export class MfaCodeDto {
  @ApiProperty()
  @IsString()
  @Length(6, 6)
  @Matches(/^\d{6}$/, { message: 'code must be six digits' })
  code!: string;
}

export class PasswordConfirmationDto {
  @ApiProperty()
  @IsString()
  @MaxLength(1024)
  password!: string;
}

export class EmailDto {
  @IsEmail()
  email!: string;
}
