import type { EntityManager } from 'typeorm';
import type { Db } from './db.service';

/**
 * Cross-organisation reads of the worker's scheduled jobs. They run as the application role like
 * everything else; setting `app.sweep` locally in a transaction lets that transaction SELECT (and
 * only SELECT) the rows the reminders migration's sweep policies open: planned reminders, the email
 * outbox and organisations. Every write stays in a transaction scoped to one organisation.
 */
export async function beginSweep(manager: EntityManager): Promise<void> {
  await manager.query(`SELECT set_config('app.sweep', 'reminders', true)`);
}

/** Every organisation's id, for a job that then works through them one tenant at a time. */
export function allOrganisationIds(db: Db): Promise<string[]> {
  return db.transaction(async (manager) => {
    await beginSweep(manager);
    const rows: { id: string }[] = await manager.query(`SELECT "id" FROM "organisation" ORDER BY "id"`);
    return rows.map((r) => r.id);
  });
}
