import type { MigrationInterface, QueryRunner } from 'typeorm';

const ORG = `NULLIF(current_setting('app.org_id', true), '')::uuid`;

/** Monthly executive reports: the PDF as generated, and the baselines it saved and compared with. */
export class ExecutiveReports1795350000000 implements MigrationInterface {
  name = 'ExecutiveReports1795350000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE "executive_report" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "period" text NOT NULL, "as_of" date NOT NULL, "trigger" text NOT NULL, "generated_by" uuid, "baseline_id" uuid, "compared_with_baseline_id" uuid, "pdf" bytea NOT NULL, "sha256" text NOT NULL, "size_bytes" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "executive_report_trigger_check" CHECK ("trigger" IN ('on_demand', 'scheduled')), CONSTRAINT "PK_7affcf8fd2b0d2bd32ffcc4f201" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "executive_report_organisation_id_idx" ON "executive_report"  ("organisation_id") `);
    await db.query(`ALTER TABLE "executive_report" ADD CONSTRAINT "FK_45bc3d1250d3ded01c8afcab8a8" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "executive_report" ADD CONSTRAINT "FK_6ea685f8a80a9a53805780e7de4" FOREIGN KEY ("generated_by") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "executive_report" ADD CONSTRAINT "FK_eb79dcf92430322dad1482fb3ef" FOREIGN KEY ("baseline_id") REFERENCES "timeline_baseline"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "executive_report" ADD CONSTRAINT "FK_93aeb0b2445e398e32bd68084a9" FOREIGN KEY ("compared_with_baseline_id") REFERENCES "timeline_baseline"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "executive_report" TO pairline_app`);
    await db.query(`ALTER TABLE "executive_report" ENABLE ROW LEVEL SECURITY`);
    await db.query(`ALTER TABLE "executive_report" FORCE ROW LEVEL SECURITY`);
    await db.query(`CREATE POLICY "executive_report_tenant" ON "executive_report" USING ("organisation_id" = ${ORG}) WITH CHECK ("organisation_id" = ${ORG})`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP POLICY "executive_report_tenant" ON "executive_report"`);
    await db.query(`REVOKE ALL ON "executive_report" FROM pairline_app`);
    await db.query(`ALTER TABLE "executive_report" DROP CONSTRAINT "FK_93aeb0b2445e398e32bd68084a9"`);
    await db.query(`ALTER TABLE "executive_report" DROP CONSTRAINT "FK_eb79dcf92430322dad1482fb3ef"`);
    await db.query(`ALTER TABLE "executive_report" DROP CONSTRAINT "FK_6ea685f8a80a9a53805780e7de4"`);
    await db.query(`ALTER TABLE "executive_report" DROP CONSTRAINT "FK_45bc3d1250d3ded01c8afcab8a8"`);
    await db.query(`DROP INDEX "public"."executive_report_organisation_id_idx"`);
    await db.query(`DROP TABLE "executive_report"`);
  }
}
