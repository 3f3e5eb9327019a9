import { DomainError } from '@pairline/domain';
import type { EntityManager } from 'typeorm';

/** Owners must be members of the organisation (RLS already hides other tenants' memberships). */
export async function assertMembers(manager: EntityManager, organisationId: string, userIds: readonly (string | null | undefined)[], field = 'ownerUserId'): Promise<void> {
  const wanted = [...new Set(userIds.filter((id): id is string => !!id))];
  if (wanted.length === 0) return;
  const rows: { user_id: string }[] = await manager.query(`SELECT "user_id" FROM "membership" WHERE "organisation_id" = $1 AND "user_id" = ANY($2::uuid[])`, [organisationId, wanted]);
  const missing = wanted.filter((id) => !rows.some((r) => r.user_id === id));
  if (missing.length > 0) throw new DomainError('unprocessable', 'not_a_member', `${field}: ${missing.join(', ')} is not a member of this organisation.`, { field });
}
