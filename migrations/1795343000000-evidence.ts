import type { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_TABLES = ['evidence_item', 'evidence_revision', 'evidence_file', 'evidence_link'];
const ORG = `NULLIF(current_setting('app.org_id', true), '')::uuid`;

/**
 * The evidence vault: items, their revisions and files, and links to what they evidence (SCAL
 * requirements now; hazards and controls add their own columns later). Tenant-owned, under
 * row-level security. Revisions and files are append-only: a trigger refuses deletes and any
 * change but the review state of a revision and the scan state of a file.
 */
export class Evidence1795343000000 implements MigrationInterface {
  name = 'Evidence1795343000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE "evidence_item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "title" text NOT NULL, "description" text, "created_by_user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "evidence_item_title_check" CHECK (length(btrim("title")) > 0), CONSTRAINT "PK_713a8fb860346eb2a9cb6dd5842" PRIMARY KEY ("id"))`);
    await db.query(`CREATE TABLE "evidence_revision" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "item_id" uuid NOT NULL, "number" integer NOT NULL, "status" text NOT NULL DEFAULT 'draft', "effective_on" date NOT NULL, "expires_on" date, "url" text, "note" text, "rejection_reason" text, "uploaded_by_user_id" uuid NOT NULL, "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "status_changed_by_user_id" uuid, "status_changed_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL DEFAULT '1', CONSTRAINT "evidence_revision_rejection_reason_check" CHECK (("status" = 'rejected') = ("rejection_reason" IS NOT NULL)), CONSTRAINT "evidence_revision_dates_check" CHECK ("expires_on" IS NULL OR "expires_on" >= "effective_on"), CONSTRAINT "evidence_revision_status_check" CHECK ("status" IN ('draft', 'in_review', 'approved', 'rejected')), CONSTRAINT "PK_9d2832e508430ee40b41104465e" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "evidence_revision_expires_on_idx" ON "evidence_revision"  ("expires_on") `);
    await db.query(`CREATE UNIQUE INDEX "evidence_revision_item_number_key" ON "evidence_revision"  ("item_id", "number") `);
    await db.query(`CREATE TABLE "evidence_file" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "revision_id" uuid NOT NULL, "position" integer NOT NULL, "filename" text NOT NULL, "content_type" text NOT NULL, "size_bytes" bigint NOT NULL, "sha256" text NOT NULL, "storage_key" text NOT NULL, "scan_status" text NOT NULL, "scan_detail" text, "scanned_at" TIMESTAMP WITH TIME ZONE, "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "evidence_file_size_check" CHECK ("size_bytes" >= 0), CONSTRAINT "evidence_file_sha256_check" CHECK ("sha256" ~ '^[0-9a-f]{64}$'), CONSTRAINT "evidence_file_scan_status_check" CHECK ("scan_status" IN ('pending_scan', 'clean', 'not_scanned', 'infected')), CONSTRAINT "PK_f54e0261bc7f0350c7eae30736a" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "evidence_file_revision_id_idx" ON "evidence_file"  ("revision_id") `);
    await db.query(`CREATE UNIQUE INDEX "evidence_file_storage_key_key" ON "evidence_file"  ("storage_key") `);
    await db.query(`CREATE TABLE "evidence_link" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "evidence_id" uuid NOT NULL, "target_type" text NOT NULL, "scal_id" uuid, "requirement_identifier" text, "created_by_user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "evidence_link_scal_requirement_check" CHECK (("target_type" = 'scal_requirement') = ("scal_id" IS NOT NULL AND "requirement_identifier" IS NOT NULL)), CONSTRAINT "evidence_link_target_check" CHECK ("target_type" IN ('scal_requirement')), CONSTRAINT "PK_2ba79badd83902cc99f713f1d33" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "evidence_link_scal_requirement_idx" ON "evidence_link"  ("scal_id", "requirement_identifier") `);
    await db.query(`CREATE UNIQUE INDEX "evidence_link_scal_requirement_key" ON "evidence_link"  ("evidence_id", "scal_id", "requirement_identifier") `);
    await db.query(`ALTER TABLE "evidence_item" ADD CONSTRAINT "FK_b45f163115435fa9820e7a1a932" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "evidence_item" ADD CONSTRAINT "FK_6d91f7aea8c59e4902e3cc3e772" FOREIGN KEY ("created_by_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "evidence_revision" ADD CONSTRAINT "FK_3c340012fc26bbea10c86c2e276" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "evidence_revision" ADD CONSTRAINT "FK_7bc20e9285a7ac91550734aa052" FOREIGN KEY ("item_id") REFERENCES "evidence_item"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "evidence_revision" ADD CONSTRAINT "FK_dc3049511d6703b305cf1ab2894" FOREIGN KEY ("uploaded_by_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "evidence_revision" ADD CONSTRAINT "FK_522db6166c54530d90c41dba40e" FOREIGN KEY ("status_changed_by_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "evidence_file" ADD CONSTRAINT "FK_c3f0ed6830494269fb30ef52d25" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "evidence_file" ADD CONSTRAINT "FK_d3a7a2d63d1ca3a9a375ee23b4d" FOREIGN KEY ("revision_id") REFERENCES "evidence_revision"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "evidence_link" ADD CONSTRAINT "FK_8e12c35bb26ea457ba91953a738" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "evidence_link" ADD CONSTRAINT "FK_ab34f02d34aa19ff9982be88411" FOREIGN KEY ("evidence_id") REFERENCES "evidence_item"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "evidence_link" ADD CONSTRAINT "FK_de501fd7ebd98d0078d274801fe" FOREIGN KEY ("scal_id") REFERENCES "scal"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "evidence_link" ADD CONSTRAINT "FK_b313bc07e63cee732a49017ef1a" FOREIGN KEY ("created_by_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`GRANT SELECT, INSERT, UPDATE ON "evidence_item", "evidence_revision", "evidence_file" TO pairline_app`);
    await db.query(`GRANT SELECT, INSERT, DELETE ON "evidence_link" TO pairline_app`);
    await db.query(`CREATE FUNCTION "evidence_revision_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (NEW."id", NEW."organisation_id", NEW."item_id", NEW."number", NEW."effective_on", NEW."expires_on", NEW."url", NEW."note", NEW."uploaded_by_user_id", NEW."uploaded_at")
           IS DISTINCT FROM (OLD."id", OLD."organisation_id", OLD."item_id", OLD."number", OLD."effective_on", OLD."expires_on", OLD."url", OLD."note", OLD."uploaded_by_user_id", OLD."uploaded_at") THEN
          RAISE EXCEPTION 'evidence_revision is append-only: only its review state may change' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`CREATE FUNCTION "evidence_file_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (NEW."id", NEW."organisation_id", NEW."revision_id", NEW."position", NEW."filename", NEW."content_type", NEW."size_bytes", NEW."sha256", NEW."storage_key", NEW."uploaded_at")
           IS DISTINCT FROM (OLD."id", OLD."organisation_id", OLD."revision_id", OLD."position", OLD."filename", OLD."content_type", OLD."size_bytes", OLD."sha256", OLD."storage_key", OLD."uploaded_at") THEN
          RAISE EXCEPTION 'evidence_file is append-only: only its scan state may change' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`CREATE TRIGGER "evidence_revision_immutable" BEFORE UPDATE ON "evidence_revision" FOR EACH ROW EXECUTE FUNCTION "evidence_revision_immutable"()`);
    await db.query(`CREATE TRIGGER "evidence_file_immutable" BEFORE UPDATE ON "evidence_file" FOR EACH ROW EXECUTE FUNCTION "evidence_file_immutable"()`);
    for (const table of ['evidence_revision', 'evidence_file']) {
      await db.query(`CREATE TRIGGER "${table}_append_only" BEFORE DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "reject_change_to_append_only"()`);
      await db.query(`CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION "reject_change_to_append_only"()`);
    }
    for (const table of TENANT_TABLES) {
      await db.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await db.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
      await db.query(`CREATE POLICY "${table}_tenant" ON "${table}" USING ("organisation_id" = ${ORG}) WITH CHECK ("organisation_id" = ${ORG})`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of TENANT_TABLES) await db.query(`DROP POLICY "${table}_tenant" ON "${table}"`);
    for (const table of ['evidence_revision', 'evidence_file']) {
      await db.query(`DROP TRIGGER "${table}_no_truncate" ON "${table}"`);
      await db.query(`DROP TRIGGER "${table}_append_only" ON "${table}"`);
      await db.query(`DROP TRIGGER "${table}_immutable" ON "${table}"`);
      await db.query(`DROP FUNCTION "${table}_immutable"()`);
    }
    await db.query(`REVOKE ALL ON "evidence_item", "evidence_revision", "evidence_file", "evidence_link" FROM pairline_app`);
    await db.query(`ALTER TABLE "evidence_link" DROP CONSTRAINT "FK_b313bc07e63cee732a49017ef1a"`);
    await db.query(`ALTER TABLE "evidence_link" DROP CONSTRAINT "FK_de501fd7ebd98d0078d274801fe"`);
    await db.query(`ALTER TABLE "evidence_link" DROP CONSTRAINT "FK_ab34f02d34aa19ff9982be88411"`);
    await db.query(`ALTER TABLE "evidence_link" DROP CONSTRAINT "FK_8e12c35bb26ea457ba91953a738"`);
    await db.query(`ALTER TABLE "evidence_file" DROP CONSTRAINT "FK_d3a7a2d63d1ca3a9a375ee23b4d"`);
    await db.query(`ALTER TABLE "evidence_file" DROP CONSTRAINT "FK_c3f0ed6830494269fb30ef52d25"`);
    await db.query(`ALTER TABLE "evidence_revision" DROP CONSTRAINT "FK_522db6166c54530d90c41dba40e"`);
    await db.query(`ALTER TABLE "evidence_revision" DROP CONSTRAINT "FK_dc3049511d6703b305cf1ab2894"`);
    await db.query(`ALTER TABLE "evidence_revision" DROP CONSTRAINT "FK_7bc20e9285a7ac91550734aa052"`);
    await db.query(`ALTER TABLE "evidence_revision" DROP CONSTRAINT "FK_3c340012fc26bbea10c86c2e276"`);
    await db.query(`ALTER TABLE "evidence_item" DROP CONSTRAINT "FK_6d91f7aea8c59e4902e3cc3e772"`);
    await db.query(`ALTER TABLE "evidence_item" DROP CONSTRAINT "FK_b45f163115435fa9820e7a1a932"`);
    await db.query(`DROP INDEX "public"."evidence_link_scal_requirement_key"`);
    await db.query(`DROP INDEX "public"."evidence_link_scal_requirement_idx"`);
    await db.query(`DROP TABLE "evidence_link"`);
    await db.query(`DROP INDEX "public"."evidence_file_storage_key_key"`);
    await db.query(`DROP INDEX "public"."evidence_file_revision_id_idx"`);
    await db.query(`DROP TABLE "evidence_file"`);
    await db.query(`DROP INDEX "public"."evidence_revision_item_number_key"`);
    await db.query(`DROP INDEX "public"."evidence_revision_expires_on_idx"`);
    await db.query(`DROP TABLE "evidence_revision"`);
    await db.query(`DROP TABLE "evidence_item"`);
  }
}
