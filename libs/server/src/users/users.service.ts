import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';

export interface UserSummary {
  readonly id: string;
  readonly email: string;
  readonly name: string;
}

/**
 * Accounts, which no organisation owns. Finding one by email and creating one happen before the
 * account belongs to the current organisation, so they go through the SECURITY DEFINER functions
 * of the identity migration; everything else reads `app_user` under row-level security (the user
 * itself, and the members of the current organisation).
 */
@Injectable()
export class UsersService {
  async findByEmail(manager: EntityManager, email: string): Promise<UserSummary | null> {
    const [row]: { id: string | null }[] = await manager.query(`SELECT app_user_id_by_email($1) AS "id"`, [email]);
    return row?.id ? { id: row.id, email, name: '' } : null;
  }

  /** `passwordHash` is computed by the caller before its transaction opens (hashing is slow). */
  async insert(manager: EntityManager, input: { email: string; name: string; passwordHash: string }): Promise<UserSummary> {
    const name = input.name.trim();
    const [row]: { id: string }[] = await manager.query(`SELECT app_user_create($1, $2, $3, $4) AS "id"`, [randomUUID(), input.email, name, input.passwordHash]);
    return { id: row.id, email: input.email, name };
  }

  /** Whether any account exists at all (the demo seed runs only on an empty database). */
  async any(manager: EntityManager): Promise<boolean> {
    const [row]: { any: boolean }[] = await manager.query(`SELECT app_has_users() AS "any"`);
    return row.any;
  }
}
