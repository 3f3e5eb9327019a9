import type { EntityManager } from 'typeorm';
import type { Db } from './db.service';

/** The role of the cross-organisation sweeps; the request role is not a member of it. */
export const SWEEP_ROLE = 'pairline_sweep';

/**
 * Cross-organisation reads of the worker's scheduled jobs: the rest of the transaction works as
 * `pairline_sweep` (SET LOCAL ROLE, undone at its end), which may SELECT, and only SELECT, the
 * swept tables (planned reminders, the email outbox, notifications, organisations) of every
 * organisation, and nothing else. Every write stays in a transaction scoped to one organisation.
 */
export async function beginSweep(manager: EntityManager): Promise<void> {
  await manager.query(`SET LOCAL ROLE ${SWEEP_ROLE}`);
}

/** Every organisation's id, for a job that then works through them one tenant at a time. */
export function allOrganisationIds(db: Db): Promise<string[]> {
  return db.transaction(async (manager) => {
    await beginSweep(manager);
    const rows: { id: string }[] = await manager.query(`SELECT "id" FROM "organisation" ORDER BY "id"`);
    return rows.map((r) => r.id);
  });
}
