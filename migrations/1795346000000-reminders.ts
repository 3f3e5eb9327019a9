import type { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_TABLES = ['reminder_settings', 'planned_reminders', 'email_outbox', 'reminder_preference'];
const ORG = `NULLIF(current_setting('app.org_id', true), '')::uuid`;
/**
 * The reminder worker's sweeps (rebuild missing jobs, re-enqueue unsent email, re-plan every
 * organisation) read across organisations. They run as the app role like everything else, in a
 * transaction that sets `app.sweep` locally, and these policies let such a transaction SELECT, and
 * only SELECT: every write still happens in a transaction scoped to one organisation. A SECURITY
 * DEFINER function would not help: FORCE ROW LEVEL SECURITY applies to the tables' owner too.
 */
const SWEEP = `current_setting('app.sweep', true) = 'reminders'`;
const SWEPT_TABLES = ['planned_reminders', 'email_outbox', 'organisation'];

/**
 * Deadline reminders: per-organisation settings, the planned reminders (source of truth for the
 * delayed jobs in Redis), the transactional email outbox and per-member preferences.
 */
export class Reminders1795346000000 implements MigrationInterface {
  name = 'Reminders1795346000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE "reminder_settings" ("organisation_id" uuid NOT NULL, "offsets_before" integer array NOT NULL DEFAULT '{30,7,1}', "on_the_day" boolean NOT NULL DEFAULT true, "overdue_every" integer NOT NULL DEFAULT '2', "overdue_repeats" integer NOT NULL DEFAULT '10', "escalate_after" integer NOT NULL DEFAULT '5', "send_minute_of_day" integer NOT NULL DEFAULT '480', "signing_key" text, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "PK_1d05cada8540ef7d279601aa94a" PRIMARY KEY ("organisation_id"))`);
    await db.query(`CREATE TABLE "planned_reminders" ("id" text NOT NULL, "organisation_id" uuid NOT NULL, "item_kind" text NOT NULL, "item_id" text NOT NULL, "journey_id" uuid, "due_on" date NOT NULL, "offset_days" integer NOT NULL, "phase" text NOT NULL, "send_at" TIMESTAMP WITH TIME ZONE NOT NULL, "escalate" boolean NOT NULL DEFAULT false, "mandatory" boolean NOT NULL DEFAULT false, "state" text NOT NULL DEFAULT 'pending', "cancel_reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "planned_reminders_phase_check" CHECK ("phase" IN ('before', 'due', 'overdue')), CONSTRAINT "planned_reminders_state_check" CHECK ("state" IN ('pending', 'sent', 'cancelled')), CONSTRAINT "PK_777bddee1959f05cd64d4dac717" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "planned_reminders_journey_id_idx" ON "planned_reminders"  ("journey_id") `);
    await db.query(`CREATE INDEX "planned_reminders_item_idx" ON "planned_reminders"  ("organisation_id", "item_kind", "item_id") `);
    await db.query(`CREATE INDEX "planned_reminders_pending_send_at_idx" ON "planned_reminders"  ("send_at") WHERE "state" = 'pending'`);
    await db.query(`CREATE TABLE "email_outbox" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "recipient_user_id" uuid, "recipient_email" text NOT NULL, "event_id" text NOT NULL, "subject" text NOT NULL, "text_body" text NOT NULL, "html_body" text NOT NULL, "headers" jsonb NOT NULL DEFAULT '{}', "state" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "email_outbox_state_check" CHECK ("state" IN ('pending', 'sent', 'failed')), CONSTRAINT "PK_b6fbfc201f705fbf1ac87bd7197" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "email_outbox_organisation_state_idx" ON "email_outbox"  ("organisation_id", "state", "created_at") `);
    await db.query(`CREATE INDEX "email_outbox_pending_idx" ON "email_outbox"  ("created_at") WHERE "state" = 'pending'`);
    await db.query(`CREATE UNIQUE INDEX "email_outbox_event_recipient_key" ON "email_outbox"  ("event_id", "recipient_email") `);
    await db.query(`CREATE TABLE "reminder_preference" ("organisation_id" uuid NOT NULL, "user_id" uuid NOT NULL, "disabled_kinds" text array NOT NULL DEFAULT '{}', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_35b6dec8a5f7fa0208f218d3ef7" PRIMARY KEY ("organisation_id", "user_id"))`);
    await db.query(`ALTER TABLE "reminder_settings" ADD CONSTRAINT "FK_1d05cada8540ef7d279601aa94a" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "planned_reminders" ADD CONSTRAINT "FK_5ff3dcb9ad57068dce476f06d53" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "planned_reminders" ADD CONSTRAINT "FK_a48f686787266cd5f790dc8ac20" FOREIGN KEY ("journey_id") REFERENCES "journey"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "email_outbox" ADD CONSTRAINT "FK_f37f89c29d8dbca1ebe9b7d3075" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "email_outbox" ADD CONSTRAINT "FK_a66608d8d9817739cd687784dfc" FOREIGN KEY ("recipient_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "reminder_preference" ADD CONSTRAINT "FK_829a08c32d9ebd08c2f499d22bd" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "reminder_preference" ADD CONSTRAINT "FK_a955c79930125de9ecce4fd2264" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "reminder_settings", "planned_reminders", "email_outbox", "reminder_preference" TO pairline_app`);
    for (const table of TENANT_TABLES) {
      await db.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await db.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
      await db.query(`CREATE POLICY "${table}_tenant" ON "${table}" USING ("organisation_id" = ${ORG}) WITH CHECK ("organisation_id" = ${ORG})`);
    }
    for (const table of SWEPT_TABLES) await db.query(`CREATE POLICY "${table}_reminder_sweep" ON "${table}" FOR SELECT USING (${SWEEP})`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of SWEPT_TABLES) await db.query(`DROP POLICY "${table}_reminder_sweep" ON "${table}"`);
    for (const table of TENANT_TABLES) await db.query(`DROP POLICY "${table}_tenant" ON "${table}"`);
    await db.query(`REVOKE ALL ON "reminder_settings", "planned_reminders", "email_outbox", "reminder_preference" FROM pairline_app`);
    await db.query(`ALTER TABLE "reminder_preference" DROP CONSTRAINT "FK_a955c79930125de9ecce4fd2264"`);
    await db.query(`ALTER TABLE "reminder_preference" DROP CONSTRAINT "FK_829a08c32d9ebd08c2f499d22bd"`);
    await db.query(`ALTER TABLE "email_outbox" DROP CONSTRAINT "FK_a66608d8d9817739cd687784dfc"`);
    await db.query(`ALTER TABLE "email_outbox" DROP CONSTRAINT "FK_f37f89c29d8dbca1ebe9b7d3075"`);
    await db.query(`ALTER TABLE "planned_reminders" DROP CONSTRAINT "FK_a48f686787266cd5f790dc8ac20"`);
    await db.query(`ALTER TABLE "planned_reminders" DROP CONSTRAINT "FK_5ff3dcb9ad57068dce476f06d53"`);
    await db.query(`ALTER TABLE "reminder_settings" DROP CONSTRAINT "FK_1d05cada8540ef7d279601aa94a"`);
    await db.query(`DROP TABLE "reminder_preference"`);
    await db.query(`DROP INDEX "public"."email_outbox_event_recipient_key"`);
    await db.query(`DROP INDEX "public"."email_outbox_pending_idx"`);
    await db.query(`DROP INDEX "public"."email_outbox_organisation_state_idx"`);
    await db.query(`DROP TABLE "email_outbox"`);
    await db.query(`DROP INDEX "public"."planned_reminders_pending_send_at_idx"`);
    await db.query(`DROP INDEX "public"."planned_reminders_item_idx"`);
    await db.query(`DROP INDEX "public"."planned_reminders_journey_id_idx"`);
    await db.query(`DROP TABLE "planned_reminders"`);
    await db.query(`DROP TABLE "reminder_settings"`);
  }
}
