import { Injectable } from '@nestjs/common';
import { ROLES, type MemberDto, type Role } from '@pairline/contracts';
import { diffFields, DomainError } from '@pairline/domain';
import type { EntityManager } from 'typeorm';
import { AuditTrail, authorOf, type AuditAuthor } from '../audit/audit.service';
import { tenantOf, type Actor } from '../auth/actor';
import { Db } from '../database/db.service';
import { findPage, type ListSource } from '../listing/find-page';
import { ListQuery, ListSpec, Page } from '../listing/list-query';
import { staleVersion } from '../organisations/organisations.service';
import { MembershipEntity } from './membership.entity';

export const MEMBER_LIST: ListSpec<'id' | 'userId' | 'email' | 'name' | 'role' | 'createdAt'> = {
  resource: 'members',
  fields: { id: 'm.id', userId: 'm.user_id', email: 'u.email', name: 'u.name', role: 'm.role', createdAt: 'm.created_at' },
  sortable: ['email', 'name', 'role', 'createdAt'],
  filterable: { id: 'uuid', userId: 'uuid', role: { oneOf: ROLES } },
  searchable: ['email', 'name'],
  defaultSort: { field: 'name', order: 'ASC' },
  tieBreaker: 'm.id',
};

interface MemberRow {
  id: string;
  user_id: string;
  email: string;
  name: string;
  role: Role;
  created_at: Date;
  version: number;
}

/** The list in SQL (see findPage); filtered on the organisation too, as `query` is. */
const memberListSource = (organisationId: string): ListSource => ({
  select: `m."id", m."user_id", u."email", u."name", m."role", m."created_at", m."version"`,
  from: `"membership" m INNER JOIN "app_user" u ON u."id" = m."user_id"`,
  where: `m."organisation_id" = $1`,
  params: [organisationId],
});

const rowToDto = (row: MemberRow): MemberDto => ({
  id: row.id,
  userId: row.user_id,
  email: row.email,
  name: row.name,
  role: row.role,
  createdAt: row.created_at.toISOString(),
  version: row.version,
});

const toDto = (m: MembershipEntity): MemberDto => ({
  id: m.id,
  userId: m.userId,
  email: m.user!.email,
  name: m.user!.name,
  role: m.role,
  createdAt: m.createdAt.toISOString(),
  version: m.version,
});

@Injectable()
export class MembersService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditTrail,
  ) {}

  private query(manager: EntityManager, organisationId: string) {
    // Filter on the organisation too: RLS also shows the user's own memberships elsewhere.
    return manager.getRepository(MembershipEntity).createQueryBuilder('m').innerJoinAndSelect('m.user', 'u').where('m.organisation_id = :organisationId', { organisationId });
  }

  private async load(manager: EntityManager, actor: Actor, id: string): Promise<MembershipEntity> {
    const member = await this.query(manager, actor.organisationId).andWhere('m.id = :id', { id }).getOne();
    if (!member) throw new DomainError('not_found', 'member_not_found', 'No such member in this organisation.');
    return member;
  }

  list(actor: Actor, query: ListQuery): Promise<Page<MemberDto>> {
    return this.db.transaction((manager) => findPage(manager, memberListSource(actor.organisationId), query, MEMBER_LIST, rowToDto), tenantOf(actor));
  }

  get(actor: Actor, id: string): Promise<MemberDto> {
    return this.db.transaction(async (manager) => toDto(await this.load(manager, actor, id)), tenantOf(actor));
  }

  /** An organisation must always keep an admin: locks its admins' rows while deciding. */
  private async assertNotLastAdmin(manager: EntityManager, organisationId: string, member: MembershipEntity): Promise<void> {
    if (member.role !== 'org_admin') return;
    const admins = await manager.query(`SELECT "id" FROM "membership" WHERE "organisation_id" = $1 AND "role" = 'org_admin' FOR UPDATE`, [organisationId]);
    if (admins.length <= 1) {
      throw new DomainError('unprocessable', 'last_admin', 'An organisation needs at least one admin: make someone else an admin first.');
    }
  }

  updateRole(actor: Actor, id: string, role: Role, version: number): Promise<MemberDto> {
    return this.db.transaction(async (manager) => {
      const member = await this.load(manager, actor, id);
      if (member.version !== version) throw staleVersion('member');
      if (member.role === role) return toDto(member);
      await this.assertNotLastAdmin(manager, actor.organisationId, member);
      const result = await manager
        .createQueryBuilder()
        .update(MembershipEntity)
        .set({ role, version: () => 'version + 1' })
        .where('id = :id AND version = :version', { id, version })
        .execute();
      if (result.affected !== 1) throw staleVersion('member');
      await this.audit.record(manager, authorOf(actor), {
        action: 'member.role_changed',
        entityType: 'membership',
        entityId: id,
        changes: { ...diffFields({ role: member.role }, { role }), email: { after: member.user!.email } },
      });
      return toDto(await this.load(manager, actor, id));
    }, tenantOf(actor));
  }

  remove(actor: Actor, id: string): Promise<MemberDto> {
    return this.db.transaction(async (manager) => {
      const member = await this.load(manager, actor, id);
      await this.assertNotLastAdmin(manager, actor.organisationId, member);
      await manager.getRepository(MembershipEntity).delete({ id });
      await this.audit.record(manager, authorOf(actor), {
        action: 'member.removed',
        entityType: 'membership',
        entityId: id,
        changes: diffFields({ email: member.user!.email, role: member.role }, null),
      });
      return toDto(member);
    }, tenantOf(actor));
  }

  /** Adds a user to the current tenant of `manager` (invitation acceptance, CLI, seed). */
  async add(manager: EntityManager, organisationId: string, userId: string, email: string, role: Role, author: AuditAuthor): Promise<MembershipEntity> {
    const membership = await manager.getRepository(MembershipEntity).save({ organisationId, userId, role });
    await this.audit.record(manager, author, {
      action: 'member.added',
      entityType: 'membership',
      entityId: membership.id,
      changes: diffFields(null, { email, role }),
    });
    return membership;
  }
}
