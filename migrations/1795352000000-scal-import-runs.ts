import type { MigrationInterface, QueryRunner } from 'typeorm';

const ORG = `NULLIF(current_setting('app.org_id', true), '')::uuid`;

/**
 * SCAL import runs: a large template import's progress, readable while the import's own
 * transaction is still open. Tenant-owned, under row-level security. Runs are never deleted by
 * the app, so it is granted no DELETE.
 */
export class ScalImportRuns1795352000000 implements MigrationInterface {
  name = 'ScalImportRuns1795352000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE "scal_import_run" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "key" text NOT NULL, "name" text NOT NULL, "filename" text NOT NULL, "status" text NOT NULL, "total_rows" integer NOT NULL, "processed_rows" integer NOT NULL DEFAULT '0', "template_id" uuid, "error_code" text, "error_message" text, "created_by" uuid, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "scal_import_run_rows_check" CHECK ("processed_rows" >= 0 AND "processed_rows" <= "total_rows"), CONSTRAINT "scal_import_run_status_check" CHECK ("status" IN ('running', 'completed', 'failed')), CONSTRAINT "PK_9679b9b4b59984aa9e8863c4ebd" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "scal_import_run_template_id_idx" ON "scal_import_run"  ("template_id") `);
    await db.query(`CREATE INDEX "scal_import_run_created_by_idx" ON "scal_import_run"  ("created_by") `);
    await db.query(`CREATE INDEX "scal_import_run_organisation_started_idx" ON "scal_import_run"  ("organisation_id", "started_at") `);
    await db.query(`ALTER TABLE "scal_import_run" ADD CONSTRAINT "FK_03d003f0a2170179088b57ee519" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "scal_import_run" ADD CONSTRAINT "FK_7a6b7e321e0cc3a85dc59aa2090" FOREIGN KEY ("template_id") REFERENCES "scal_template"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "scal_import_run" ADD CONSTRAINT "FK_f5104166ad2a9d62afd9f3d5758" FOREIGN KEY ("created_by") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await db.query(`GRANT SELECT, INSERT, UPDATE ON "scal_import_run" TO pairline_app`);
    await db.query(`ALTER TABLE "scal_import_run" ENABLE ROW LEVEL SECURITY`);
    await db.query(`ALTER TABLE "scal_import_run" FORCE ROW LEVEL SECURITY`);
    await db.query(`CREATE POLICY "scal_import_run_tenant" ON "scal_import_run" USING ("organisation_id" = ${ORG}) WITH CHECK ("organisation_id" = ${ORG})`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP POLICY "scal_import_run_tenant" ON "scal_import_run"`);
    await db.query(`REVOKE ALL ON "scal_import_run" FROM pairline_app`);
    await db.query(`ALTER TABLE "scal_import_run" DROP CONSTRAINT "FK_f5104166ad2a9d62afd9f3d5758"`);
    await db.query(`ALTER TABLE "scal_import_run" DROP CONSTRAINT "FK_7a6b7e321e0cc3a85dc59aa2090"`);
    await db.query(`ALTER TABLE "scal_import_run" DROP CONSTRAINT "FK_03d003f0a2170179088b57ee519"`);
    await db.query(`DROP INDEX "public"."scal_import_run_organisation_started_idx"`);
    await db.query(`DROP INDEX "public"."scal_import_run_created_by_idx"`);
    await db.query(`DROP INDEX "public"."scal_import_run_template_id_idx"`);
    await db.query(`DROP TABLE "scal_import_run"`);
  }
}
