import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { ROLES, type MemberDto, type Role } from '@pairline/contracts';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { CurrentActor, type Actor } from '../auth/actor';
import { RequirePermission } from '../auth/decorators';
import { ApiList, ListParams } from '../listing/list-params.decorator';
import type { ListQuery, Page } from '../listing/list-query';
import { MEMBER_LIST, MembersService } from './members.service';
import { AcceptsFullRecord } from '../http/full-record';
import { INT4_MAX } from '../errors/validation';

export class UpdateMemberDto {
  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role!: Role;

  @ApiProperty()
  @IsInt()
  @Max(INT4_MAX)
  @Min(1)
  version!: number;
}

@ApiTags('members')
@Controller('members')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get()
  @RequirePermission('members.read')
  @ApiList(MEMBER_LIST)
  list(@CurrentActor() actor: Actor, @ListParams(MEMBER_LIST) query: ListQuery): Promise<Page<MemberDto>> {
    return this.members.list(actor, query);
  }

  @Get(':id')
  @RequirePermission('members.read')
  get(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<MemberDto> {
    return this.members.get(actor, id);
  }

  @Put(':id')
  @AcceptsFullRecord()
  @RequirePermission('members.manage')
  update(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateMemberDto): Promise<MemberDto> {
    return this.members.updateRole(actor, id, dto.role, dto.version);
  }

  @Delete(':id')
  @RequirePermission('members.manage')
  remove(@CurrentActor() actor: Actor, @Param('id', new ParseUUIDPipe()) id: string): Promise<MemberDto> {
    return this.members.remove(actor, id);
  }
}
