import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { ROLES, type ApiTokenDto, type CreatedApiTokenDto, type Role } from '@pairline/contracts';
import { IsIn, IsInt, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { CurrentActor, type Actor } from '../auth/actor';
import { Authenticated } from '../auth/decorators';
import { ApiList, ListParams } from '../listing/list-params.decorator';
import type { ListQuery, Page } from '../listing/list-query';
import { API_TOKEN_LIST, ApiTokensService } from './api-tokens.service';
import { Optional } from '../errors/validation';

export class CreateApiTokenDto {
  @ApiProperty({ example: 'CI pipeline' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({ minimum: 1, maximum: 366 })
  @Optional()
  @IsInt()
  @Min(1)
  @Max(366)
  expiresInDays?: number;
}

@ApiTags('api tokens')
@Controller('api-tokens')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Get()
  @Authenticated()
  @ApiList(API_TOKEN_LIST)
  list(@CurrentActor() actor: Actor, @ListParams(API_TOKEN_LIST) query: ListQuery): Promise<Page<ApiTokenDto>> {
    return this.tokens.list(actor, query);
  }

  @Post()
  @Authenticated()
  @UseGuards(ThrottlerGuard)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateApiTokenDto): Promise<CreatedApiTokenDto> {
    return this.tokens.create(actor, dto);
  }

  @Delete(':id')
  @Authenticated()
  revoke(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<ApiTokenDto> {
    return this.tokens.revoke(actor, id);
  }
}
