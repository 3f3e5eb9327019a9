import { Injectable } from '@nestjs/common';
import type { Role } from '@pairline/contracts';
import type { EntityManager } from 'typeorm';
import { systemAuthor } from '../audit/audit.service';
import { MembersService } from '../members/members.service';
import { OrganisationsService } from '../organisations/organisations.service';
import { UsersService } from '../users/users.service';

export interface NewMember {
  readonly email: string;
  readonly name: string;
  /** Hashed before the transaction opens (hashing is slow). */
  readonly passwordHash: string;
  readonly role: Role;
}

/** Creates a tenant with its first members, attributed to the system: the CLI and the demo seed. */
@Injectable()
export class Provisioning {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly users: UsersService,
    private readonly members: MembersService,
  ) {}

  async organisationWithMembers(manager: EntityManager, organisation: { name: string; odsCode: string | null }, people: readonly NewMember[]) {
    const created = await this.organisations.create(manager, organisation, (id) => systemAuthor(id));
    const members = [];
    for (const person of people) {
      const user = await this.users.insert(manager, person);
      const membership = await this.members.add(manager, created.id, user.id, user.email, person.role, systemAuthor(created.id));
      members.push({ user, membership });
    }
    return { organisation: created, members };
  }
}
