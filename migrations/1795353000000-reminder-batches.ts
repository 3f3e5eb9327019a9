import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A firing reminder claims its organisation's other pending reminders already due: this index
 * finds them without walking every organisation's due reminders (100,000 can share one minute).
 */
export class ReminderBatches1795353000000 implements MigrationInterface {
  name = 'ReminderBatches1795353000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX "planned_reminders_organisation_pending_idx" ON "planned_reminders"  ("organisation_id", "send_at") WHERE "state" = 'pending'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "public"."planned_reminders_organisation_pending_idx"`);
  }
}
