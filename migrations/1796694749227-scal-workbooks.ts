import type { MigrationInterface, QueryRunner } from 'typeorm';

const ORG = `NULLIF(current_setting('app.org_id', true), '')::uuid`;

/**
 * Uploaded workbooks kept as they came (document_file, tenant-owned under row-level security), and
 * what a SCAL workbook carries beyond its requirements: sub-headings, the answers and NHS England
 * verdicts of a returned workbook, and which file each template, SCAL and snapshot exports into.
 * Every new column is nullable: templates imported before keep exporting as text layouts.
 */
export class ScalWorkbooks1796694749227 implements MigrationInterface {
  name = 'ScalWorkbooks1796694749227';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE "document_file" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "sha256" text NOT NULL, "size_bytes" integer NOT NULL, "filename" text NOT NULL, "kind" text NOT NULL, "storage_key" text NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "pinned_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "document_file_sha256_check" CHECK ("sha256" ~ '^[0-9a-f]{64}$'), CONSTRAINT "document_file_kind_check" CHECK ("kind" IN ('xlsx', 'csv')), CONSTRAINT "PK_b9e7d1916962b81f2c3b5b54804" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "document_file_created_by_idx" ON "document_file"  ("created_by") `);
    await db.query(`CREATE UNIQUE INDEX "document_file_organisation_sha256_key" ON "document_file"  ("organisation_id", "sha256") `);
    await db.query(`ALTER TABLE "scal_template" ADD "source_file_id" uuid`);
    await db.query(`ALTER TABLE "scal_requirement" ADD "heading" text`);
    await db.query(`ALTER TABLE "scal_requirement" ADD "imported_answer" jsonb`);
    await db.query(`ALTER TABLE "scal_import_run" ADD "file_id" uuid`);
    await db.query(`ALTER TABLE "scal" ADD "workbook_file_id" uuid`);
    await db.query(`ALTER TABLE "scal_answer" ADD "review_verdict" text`);
    await db.query(`ALTER TABLE "scal_answer" ADD "review_comment" text`);
    await db.query(`ALTER TABLE "scal_snapshot" ADD "workbook_file_id" uuid`);
    await db.query(`CREATE INDEX "scal_template_source_file_id_idx" ON "scal_template"  ("source_file_id") `);
    await db.query(`CREATE INDEX "scal_import_run_file_id_idx" ON "scal_import_run"  ("file_id") `);
    await db.query(`CREATE INDEX "scal_workbook_file_id_idx" ON "scal"  ("workbook_file_id") `);
    await db.query(`CREATE INDEX "scal_snapshot_workbook_file_id_idx" ON "scal_snapshot"  ("workbook_file_id") `);
    await db.query(`ALTER TABLE "scal_answer" ADD CONSTRAINT "scal_answer_review_verdict_check" CHECK ("review_verdict" IS NULL OR "review_verdict" IN ('satisfactory', 'witness_testing', 'insufficient', 'not_applicable'))`);
    await db.query(`ALTER TABLE "document_file" ADD CONSTRAINT "FK_2102f867b9c7b1bb048057b5752" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "document_file" ADD CONSTRAINT "FK_623c1a4f45b6cbc703c456bea54" FOREIGN KEY ("created_by") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "scal_template" ADD CONSTRAINT "FK_cf6549bd9efdc8ea2478def72ad" FOREIGN KEY ("source_file_id") REFERENCES "document_file"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "scal_import_run" ADD CONSTRAINT "FK_e38ef28d650c250d73f77f8e2df" FOREIGN KEY ("file_id") REFERENCES "document_file"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "scal" ADD CONSTRAINT "FK_b37b458b362567363be2e972ad4" FOREIGN KEY ("workbook_file_id") REFERENCES "document_file"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "scal_snapshot" ADD CONSTRAINT "FK_f10de2d6e10fa1480c01f71a4be" FOREIGN KEY ("workbook_file_id") REFERENCES "document_file"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "document_file" TO pairline_app`);
    await db.query(`ALTER TABLE "document_file" ENABLE ROW LEVEL SECURITY`);
    await db.query(`ALTER TABLE "document_file" FORCE ROW LEVEL SECURITY`);
    await db.query(`CREATE POLICY "document_file_tenant" ON "document_file" USING ("organisation_id" = ${ORG}) WITH CHECK ("organisation_id" = ${ORG})`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP POLICY "document_file_tenant" ON "document_file"`);
    await db.query(`REVOKE ALL ON "document_file" FROM pairline_app`);
    await db.query(`ALTER TABLE "scal_snapshot" DROP CONSTRAINT "FK_f10de2d6e10fa1480c01f71a4be"`);
    await db.query(`ALTER TABLE "scal" DROP CONSTRAINT "FK_b37b458b362567363be2e972ad4"`);
    await db.query(`ALTER TABLE "scal_import_run" DROP CONSTRAINT "FK_e38ef28d650c250d73f77f8e2df"`);
    await db.query(`ALTER TABLE "scal_template" DROP CONSTRAINT "FK_cf6549bd9efdc8ea2478def72ad"`);
    await db.query(`ALTER TABLE "document_file" DROP CONSTRAINT "FK_623c1a4f45b6cbc703c456bea54"`);
    await db.query(`ALTER TABLE "document_file" DROP CONSTRAINT "FK_2102f867b9c7b1bb048057b5752"`);
    await db.query(`ALTER TABLE "scal_answer" DROP CONSTRAINT "scal_answer_review_verdict_check"`);
    await db.query(`DROP INDEX "public"."scal_snapshot_workbook_file_id_idx"`);
    await db.query(`DROP INDEX "public"."scal_workbook_file_id_idx"`);
    await db.query(`DROP INDEX "public"."scal_import_run_file_id_idx"`);
    await db.query(`DROP INDEX "public"."scal_template_source_file_id_idx"`);
    await db.query(`ALTER TABLE "scal_snapshot" DROP COLUMN "workbook_file_id"`);
    await db.query(`ALTER TABLE "scal_answer" DROP COLUMN "review_comment"`);
    await db.query(`ALTER TABLE "scal_answer" DROP COLUMN "review_verdict"`);
    await db.query(`ALTER TABLE "scal" DROP COLUMN "workbook_file_id"`);
    await db.query(`ALTER TABLE "scal_import_run" DROP COLUMN "file_id"`);
    await db.query(`ALTER TABLE "scal_requirement" DROP COLUMN "imported_answer"`);
    await db.query(`ALTER TABLE "scal_requirement" DROP COLUMN "heading"`);
    await db.query(`ALTER TABLE "scal_template" DROP COLUMN "source_file_id"`);
    await db.query(`DROP INDEX "public"."document_file_organisation_sha256_key"`);
    await db.query(`DROP INDEX "public"."document_file_created_by_idx"`);
    await db.query(`DROP TABLE "document_file"`);
  }
}
