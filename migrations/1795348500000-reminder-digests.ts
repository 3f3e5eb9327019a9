import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Digests: a member may take advance reminders as a daily or weekly email instead of one each;
 * their notifications wait, flagged, for the digest job, which reads them across organisations
 * (SELECT only, under the same `app.sweep` setting as the other reminder sweeps).
 */
export class ReminderDigests1795348500000 implements MigrationInterface {
  name = 'ReminderDigests1795348500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "reminder_preference" ADD "delivery" text NOT NULL DEFAULT 'immediate'`);
    await db.query(`ALTER TABLE "notification" ADD "product_name" text`);
    await db.query(`ALTER TABLE "notification" ADD "journey_name" text`);
    await db.query(`ALTER TABLE "notification" ADD "digest_pending" boolean NOT NULL DEFAULT false`);
    await db.query(`CREATE INDEX "notification_digest_pending_idx" ON "notification"  ("organisation_id", "user_id") WHERE "digest_pending"`);
    await db.query(`ALTER TABLE "reminder_preference" ADD CONSTRAINT "reminder_preference_delivery_check" CHECK ("delivery" IN ('immediate', 'daily', 'weekly'))`);
    await db.query(`CREATE POLICY "notification_reminder_sweep" ON "notification" FOR SELECT USING (current_setting('app.sweep', true) = 'reminders')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP POLICY "notification_reminder_sweep" ON "notification"`);
    await db.query(`ALTER TABLE "reminder_preference" DROP CONSTRAINT "reminder_preference_delivery_check"`);
    await db.query(`DROP INDEX "public"."notification_digest_pending_idx"`);
    await db.query(`ALTER TABLE "notification" DROP COLUMN "digest_pending"`);
    await db.query(`ALTER TABLE "notification" DROP COLUMN "journey_name"`);
    await db.query(`ALTER TABLE "notification" DROP COLUMN "product_name"`);
    await db.query(`ALTER TABLE "reminder_preference" DROP COLUMN "delivery"`);
  }
}
