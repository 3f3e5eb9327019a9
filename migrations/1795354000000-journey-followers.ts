import type { MigrationInterface, QueryRunner } from 'typeorm';

const ORG = `NULLIF(current_setting('app.org_id', true), '')::uuid`;

/**
 * Journey followers: members whose calendar feed also lists a journey's due dates. Tenant-owned,
 * under row-level security; unfollowing deletes the row, so DELETE is granted.
 */
export class JourneyFollowers1795354000000 implements MigrationInterface {
  name = 'JourneyFollowers1795354000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE "journey_follower" ("journey_id" uuid NOT NULL, "user_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0c310284f35678d16b66197eeeb" PRIMARY KEY ("journey_id", "user_id"))`);
    await db.query(`CREATE INDEX "journey_follower_organisation_user_idx" ON "journey_follower"  ("organisation_id", "user_id") `);
    await db.query(`ALTER TABLE "journey_follower" ADD CONSTRAINT "FK_0fb9c030fd3ad5196a266f064c8" FOREIGN KEY ("journey_id") REFERENCES "journey"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "journey_follower" ADD CONSTRAINT "FK_fca8a5ee301a2bf5555c6b28735" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "journey_follower" ADD CONSTRAINT "FK_16d75afe4b6ce61460d737e2f60" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`GRANT SELECT, INSERT, DELETE ON "journey_follower" TO pairline_app`);
    await db.query(`ALTER TABLE "journey_follower" ENABLE ROW LEVEL SECURITY`);
    await db.query(`ALTER TABLE "journey_follower" FORCE ROW LEVEL SECURITY`);
    await db.query(`CREATE POLICY "journey_follower_tenant" ON "journey_follower" USING ("organisation_id" = ${ORG}) WITH CHECK ("organisation_id" = ${ORG})`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP POLICY "journey_follower_tenant" ON "journey_follower"`);
    await db.query(`REVOKE ALL ON "journey_follower" FROM pairline_app`);
    await db.query(`ALTER TABLE "journey_follower" DROP CONSTRAINT "FK_16d75afe4b6ce61460d737e2f60"`);
    await db.query(`ALTER TABLE "journey_follower" DROP CONSTRAINT "FK_fca8a5ee301a2bf5555c6b28735"`);
    await db.query(`ALTER TABLE "journey_follower" DROP CONSTRAINT "FK_0fb9c030fd3ad5196a266f064c8"`);
    await db.query(`DROP INDEX "public"."journey_follower_organisation_user_idx"`);
    await db.query(`DROP TABLE "journey_follower"`);
  }
}
