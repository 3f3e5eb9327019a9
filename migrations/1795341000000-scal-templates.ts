import type { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_TABLES = ['scal_template', 'scal_requirement'];
const ORG = `NULLIF(current_setting('app.org_id', true), '')::uuid`;

/**
 * SCAL templates: versions an organisation imported from a workbook or copied from the built-in
 * baseline, and their requirement rows (each with its source row, so an export can reproduce the
 * workbook). Tenant-owned, under row-level security.
 */
export class ScalTemplates1795341000000 implements MigrationInterface {
  name = 'ScalTemplates1795341000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE "scal_template" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "key" text NOT NULL, "version" integer NOT NULL, "name" text NOT NULL, "baseline" boolean NOT NULL DEFAULT false, "source_note" text, "source_sheets" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by" uuid, CONSTRAINT "scal_template_version_check" CHECK ("version" >= 1), CONSTRAINT "scal_template_name_check" CHECK (btrim("name") <> ''), CONSTRAINT "scal_template_key_check" CHECK ("key" ~ '^[a-z0-9][a-z0-9_-]*$'), CONSTRAINT "PK_24e28b42489008ae0d595f11bc0" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "scal_template_created_by_idx" ON "scal_template"  ("created_by") `);
    await db.query(`CREATE UNIQUE INDEX "scal_template_organisation_key_version_key" ON "scal_template"  ("organisation_id", "key", "version") `);
    await db.query(`CREATE TABLE "scal_requirement" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "template_id" uuid NOT NULL, "identifier" text NOT NULL, "section" text NOT NULL, "section_name" text NOT NULL, "description" text NOT NULL, "use_case" text, "type" text, "link" text, "test_cases" text, "evidence_required" text, "environment" text, "level" text NOT NULL, "position" integer NOT NULL, "source" jsonb, CONSTRAINT "scal_requirement_environment_check" CHECK ("environment" IS NULL OR "environment" IN ('Internet Facing', 'OpenTest', 'INT', 'INT(PROVIDER)', 'ENVNA')), CONSTRAINT "scal_requirement_level_check" CHECK ("level" IN ('MUST', 'SHOULD', 'MAY')), CONSTRAINT "PK_ea40a3f56e7794f33398507789e" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "scal_requirement_template_position_idx" ON "scal_requirement"  ("template_id", "position") `);
    await db.query(`CREATE UNIQUE INDEX "scal_requirement_template_identifier_key" ON "scal_requirement"  ("template_id", "identifier") `);
    await db.query(`ALTER TABLE "scal_template" ADD CONSTRAINT "FK_6c125b83a46236625210a36bb3e" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "scal_template" ADD CONSTRAINT "FK_e0c8f4d859de2c36aa0849615d7" FOREIGN KEY ("created_by") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "scal_requirement" ADD CONSTRAINT "FK_5b5be124b01f19f7b37a26c72ab" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "scal_requirement" ADD CONSTRAINT "FK_e55bbe01773b4e414fdee3e89ed" FOREIGN KEY ("template_id") REFERENCES "scal_template"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "scal_template", "scal_requirement" TO pairline_app`);
    for (const table of TENANT_TABLES) {
      await db.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await db.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
      await db.query(`CREATE POLICY "${table}_tenant" ON "${table}" USING ("organisation_id" = ${ORG}) WITH CHECK ("organisation_id" = ${ORG})`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of TENANT_TABLES) await db.query(`DROP POLICY "${table}_tenant" ON "${table}"`);
    await db.query(`REVOKE ALL ON "scal_template", "scal_requirement" FROM pairline_app`);
    await db.query(`ALTER TABLE "scal_requirement" DROP CONSTRAINT "FK_e55bbe01773b4e414fdee3e89ed"`);
    await db.query(`ALTER TABLE "scal_requirement" DROP CONSTRAINT "FK_5b5be124b01f19f7b37a26c72ab"`);
    await db.query(`ALTER TABLE "scal_template" DROP CONSTRAINT "FK_e0c8f4d859de2c36aa0849615d7"`);
    await db.query(`ALTER TABLE "scal_template" DROP CONSTRAINT "FK_6c125b83a46236625210a36bb3e"`);
    await db.query(`DROP INDEX "public"."scal_requirement_template_identifier_key"`);
    await db.query(`DROP INDEX "public"."scal_requirement_template_position_idx"`);
    await db.query(`DROP TABLE "scal_requirement"`);
    await db.query(`DROP INDEX "public"."scal_template_organisation_key_version_key"`);
    await db.query(`DROP INDEX "public"."scal_template_created_by_idx"`);
    await db.query(`DROP TABLE "scal_template"`);
  }
}
