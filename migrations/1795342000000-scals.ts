import type { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_TABLES = ['scal', 'scal_journey', 'scal_answer'];
const ORG = `NULLIF(current_setting('app.org_id', true), '')::uuid`;

/**
 * SCALs being answered: one per journey (journeys of one product may share one), and the state of
 * each requirement once touched. Tenant-owned, under row-level security.
 */
export class Scals1795342000000 implements MigrationInterface {
  name = 'Scals1795342000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE "scal" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "template_id" uuid NOT NULL, "product_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "PK_772944d4d2b170ba4c4bd5881ab" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "scal_template_id_idx" ON "scal"  ("template_id") `);
    await db.query(`CREATE INDEX "scal_product_id_idx" ON "scal"  ("product_id") `);
    await db.query(`CREATE TABLE "scal_journey" ("journey_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "scal_id" uuid NOT NULL, CONSTRAINT "PK_8d47ded58fa562772c2a7050cdb" PRIMARY KEY ("journey_id"))`);
    await db.query(`CREATE INDEX "scal_journey_scal_id_idx" ON "scal_journey"  ("scal_id") `);
    await db.query(`CREATE TABLE "scal_answer" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "scal_id" uuid NOT NULL, "identifier" text NOT NULL, "response" text, "justification" text, "owner_user_id" uuid, "due_on" date, "status" text NOT NULL DEFAULT 'not_started', "rejection_reason" text, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "scal_answer_rejection_reason_check" CHECK (("status" = 'rejected') = ("rejection_reason" IS NOT NULL)), CONSTRAINT "scal_answer_response_check" CHECK ("response" IS NULL OR "response" IN ('compliant', 'non_compliant', 'not_applicable')), CONSTRAINT "scal_answer_status_check" CHECK ("status" IN ('not_started', 'in_progress', 'ready_for_review', 'submitted', 'accepted', 'rejected')), CONSTRAINT "PK_7b3559b1912c1774740725da0a8" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "scal_answer_owner_user_id_idx" ON "scal_answer"  ("owner_user_id") `);
    await db.query(`CREATE UNIQUE INDEX "scal_answer_scal_identifier_key" ON "scal_answer"  ("scal_id", "identifier") `);
    await db.query(`ALTER TABLE "scal" ADD CONSTRAINT "FK_22acc2bfb08d0cb0ddbfa37d4c3" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "scal" ADD CONSTRAINT "FK_24e28b42489008ae0d595f11bc0" FOREIGN KEY ("template_id") REFERENCES "scal_template"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "scal" ADD CONSTRAINT "FK_6534af6600081594475dbfe8779" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "scal_journey" ADD CONSTRAINT "FK_8d47ded58fa562772c2a7050cdb" FOREIGN KEY ("journey_id") REFERENCES "journey"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "scal_journey" ADD CONSTRAINT "FK_410ba96e730ff43a2500fd6e145" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "scal_journey" ADD CONSTRAINT "FK_aa0e7cc28ceea8eb508de79f96e" FOREIGN KEY ("scal_id") REFERENCES "scal"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "scal_answer" ADD CONSTRAINT "FK_962cac5ae38601ec5215da4cef8" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "scal_answer" ADD CONSTRAINT "FK_4de26e59bd1bc4f431c8c6302c6" FOREIGN KEY ("scal_id") REFERENCES "scal"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "scal_answer" ADD CONSTRAINT "FK_82c2ae546ef2a0f0dd681527dda" FOREIGN KEY ("owner_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "scal", "scal_journey", "scal_answer" TO pairline_app`);
    for (const table of TENANT_TABLES) {
      await db.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await db.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
      await db.query(`CREATE POLICY "${table}_tenant" ON "${table}" USING ("organisation_id" = ${ORG}) WITH CHECK ("organisation_id" = ${ORG})`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of TENANT_TABLES) await db.query(`DROP POLICY "${table}_tenant" ON "${table}"`);
    await db.query(`REVOKE ALL ON "scal", "scal_journey", "scal_answer" FROM pairline_app`);
    await db.query(`ALTER TABLE "scal_answer" DROP CONSTRAINT "FK_82c2ae546ef2a0f0dd681527dda"`);
    await db.query(`ALTER TABLE "scal_answer" DROP CONSTRAINT "FK_4de26e59bd1bc4f431c8c6302c6"`);
    await db.query(`ALTER TABLE "scal_answer" DROP CONSTRAINT "FK_962cac5ae38601ec5215da4cef8"`);
    await db.query(`ALTER TABLE "scal_journey" DROP CONSTRAINT "FK_aa0e7cc28ceea8eb508de79f96e"`);
    await db.query(`ALTER TABLE "scal_journey" DROP CONSTRAINT "FK_410ba96e730ff43a2500fd6e145"`);
    await db.query(`ALTER TABLE "scal_journey" DROP CONSTRAINT "FK_8d47ded58fa562772c2a7050cdb"`);
    await db.query(`ALTER TABLE "scal" DROP CONSTRAINT "FK_6534af6600081594475dbfe8779"`);
    await db.query(`ALTER TABLE "scal" DROP CONSTRAINT "FK_24e28b42489008ae0d595f11bc0"`);
    await db.query(`ALTER TABLE "scal" DROP CONSTRAINT "FK_22acc2bfb08d0cb0ddbfa37d4c3"`);
    await db.query(`DROP INDEX "public"."scal_answer_scal_identifier_key"`);
    await db.query(`DROP INDEX "public"."scal_answer_owner_user_id_idx"`);
    await db.query(`DROP TABLE "scal_answer"`);
    await db.query(`DROP INDEX "public"."scal_journey_scal_id_idx"`);
    await db.query(`DROP TABLE "scal_journey"`);
    await db.query(`DROP INDEX "public"."scal_product_id_idx"`);
    await db.query(`DROP INDEX "public"."scal_template_id_idx"`);
    await db.query(`DROP TABLE "scal"`);
  }
}
