import type { MigrationInterface, QueryRunner } from 'typeorm';

const ORG = `NULLIF(current_setting('app.org_id', true), '')::uuid`;
const LOOKUP = `NULLIF(current_setting('app.lookup_token', true), '')`;

/**
 * In-app notifications fed by the reminders, and members' secret calendar feed URLs. A feed is
 * read without a session: like an API token, its row is visible by the hash of the secret in the
 * URL (set for the lookup only), and the feed is then built under that row's organisation.
 */
export class ReminderNotifications1795348000000 implements MigrationInterface {
  name = 'ReminderNotifications1795348000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE "notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "user_id" uuid NOT NULL, "event_id" text NOT NULL, "item_kind" text NOT NULL, "title" text NOT NULL, "body" text NOT NULL, "path" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "notification_user_idx" ON "notification"  ("organisation_id", "user_id", "created_at") `);
    await db.query(`CREATE UNIQUE INDEX "notification_event_user_key" ON "notification"  ("event_id", "user_id") `);
    await db.query(`CREATE TABLE "calendar_feed" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "user_id" uuid NOT NULL, "token_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_24c0b9c80e4a4ac8752d854bc2e" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "calendar_feed_user_idx" ON "calendar_feed"  ("organisation_id", "user_id") `);
    await db.query(`CREATE UNIQUE INDEX "calendar_feed_token_hash_key" ON "calendar_feed"  ("token_hash") `);
    await db.query(`ALTER TABLE "notification" ADD CONSTRAINT "FK_408236c69c4e1b5cf2248d4effd" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "notification" ADD CONSTRAINT "FK_928b7aa1754e08e1ed7052cb9d8" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "calendar_feed" ADD CONSTRAINT "FK_801d4d7a71b4c5fbdca18c8fd28" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "calendar_feed" ADD CONSTRAINT "FK_29b8f216ae4f5fdd5bcc8de8112" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "notification", "calendar_feed" TO pairline_app`);
    for (const table of ['notification', 'calendar_feed']) {
      await db.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await db.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
    }
    await db.query(`CREATE POLICY "notification_tenant" ON "notification" USING ("organisation_id" = ${ORG}) WITH CHECK ("organisation_id" = ${ORG})`);
    await db.query(`CREATE POLICY "calendar_feed_tenant" ON "calendar_feed" USING ("organisation_id" = ${ORG} OR "token_hash" = ${LOOKUP}) WITH CHECK ("organisation_id" = ${ORG})`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP POLICY "calendar_feed_tenant" ON "calendar_feed"`);
    await db.query(`DROP POLICY "notification_tenant" ON "notification"`);
    await db.query(`REVOKE ALL ON "notification", "calendar_feed" FROM pairline_app`);
    await db.query(`ALTER TABLE "calendar_feed" DROP CONSTRAINT "FK_29b8f216ae4f5fdd5bcc8de8112"`);
    await db.query(`ALTER TABLE "calendar_feed" DROP CONSTRAINT "FK_801d4d7a71b4c5fbdca18c8fd28"`);
    await db.query(`ALTER TABLE "notification" DROP CONSTRAINT "FK_928b7aa1754e08e1ed7052cb9d8"`);
    await db.query(`ALTER TABLE "notification" DROP CONSTRAINT "FK_408236c69c4e1b5cf2248d4effd"`);
    await db.query(`DROP INDEX "public"."calendar_feed_token_hash_key"`);
    await db.query(`DROP INDEX "public"."calendar_feed_user_idx"`);
    await db.query(`DROP TABLE "calendar_feed"`);
    await db.query(`DROP INDEX "public"."notification_event_user_key"`);
    await db.query(`DROP INDEX "public"."notification_user_idx"`);
    await db.query(`DROP TABLE "notification"`);
  }
}
