import type { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_TABLES = ['scal_comment', 'scal_snapshot'];
const ORG = `NULLIF(current_setting('app.org_id', true), '')::uuid`;

/**
 * SCAL review: reviewers' threaded comments per requirement, and the snapshots that freeze a SCAL
 * when it reaches a stage (stage one, fully completed, agreed, assured). Tenant-owned, under
 * row-level security; snapshots are append-only for everyone, like gate overrides and the audit trail.
 */
export class ScalReviews1795344000000 implements MigrationInterface {
  name = 'ScalReviews1795344000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE "scal_comment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "scal_id" uuid NOT NULL, "identifier" text NOT NULL, "parent_id" uuid, "author_user_id" uuid, "body" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "resolved_at" TIMESTAMP WITH TIME ZONE, "resolved_by" uuid, CONSTRAINT "scal_comment_resolved_on_thread_check" CHECK ("parent_id" IS NULL OR ("resolved_at" IS NULL AND "resolved_by" IS NULL)), CONSTRAINT "scal_comment_body_check" CHECK (length(btrim("body")) BETWEEN 1 AND 10000), CONSTRAINT "PK_bb17ab3da3b41cef6185c694c48" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "scal_comment_parent_id_idx" ON "scal_comment"  ("parent_id") `);
    await db.query(`CREATE INDEX "scal_comment_author_user_id_idx" ON "scal_comment"  ("author_user_id") `);
    await db.query(`CREATE INDEX "scal_comment_resolved_by_idx" ON "scal_comment"  ("resolved_by") `);
    await db.query(`CREATE INDEX "scal_comment_scal_identifier_idx" ON "scal_comment"  ("scal_id", "identifier", "created_at") `);
    await db.query(`CREATE TABLE "scal_snapshot" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "scal_id" uuid NOT NULL, "number" integer NOT NULL, "stage" text NOT NULL, "note" text, "taken_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "taken_by" uuid NOT NULL, "template" jsonb NOT NULL, "source_sheets" jsonb, "journey_ids" jsonb NOT NULL, "row_count" integer NOT NULL, "by_status" jsonb NOT NULL, "rows" jsonb NOT NULL, "rows_sha256" text NOT NULL, CONSTRAINT "scal_snapshot_number_check" CHECK ("number" >= 1), CONSTRAINT "scal_snapshot_stage_check" CHECK ("stage" IN ('stage_one', 'fully_completed', 'agreed', 'assured')), CONSTRAINT "PK_875b7cafaeb0e8c0faaebe61944" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "scal_snapshot_taken_by_idx" ON "scal_snapshot"  ("taken_by") `);
    await db.query(`CREATE UNIQUE INDEX "scal_snapshot_scal_number_key" ON "scal_snapshot"  ("scal_id", "number") `);
    await db.query(`ALTER TABLE "scal_comment" ADD CONSTRAINT "FK_9cd67a4b00cd52517138e9ff1ed" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "scal_comment" ADD CONSTRAINT "FK_434228946f7e17429f767374dc1" FOREIGN KEY ("scal_id") REFERENCES "scal"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "scal_comment" ADD CONSTRAINT "FK_ce03165358a67a02b67280ae2f5" FOREIGN KEY ("parent_id") REFERENCES "scal_comment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "scal_comment" ADD CONSTRAINT "FK_b41d98fcf3a99dc32c885f219dd" FOREIGN KEY ("author_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "scal_comment" ADD CONSTRAINT "FK_6c7581b7b115a1cbff8097c6ce8" FOREIGN KEY ("resolved_by") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "scal_snapshot" ADD CONSTRAINT "FK_7d4c660c0cac68682333497ed72" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "scal_snapshot" ADD CONSTRAINT "FK_fa983d30996709e06ea1fb5e8e4" FOREIGN KEY ("scal_id") REFERENCES "scal"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "scal_snapshot" ADD CONSTRAINT "FK_28026a6aae5edbdddea22c5f874" FOREIGN KEY ("taken_by") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    // Comments are never deleted (a review is part of the record); only a thread's resolution changes.
    await db.query(`GRANT SELECT, INSERT, UPDATE ON "scal_comment" TO pairline_app`);
    // A snapshot is what was submitted to NHS England: never edited or removed.
    await db.query(`GRANT SELECT, INSERT ON "scal_snapshot" TO pairline_app`);
    await db.query(`CREATE TRIGGER "scal_snapshot_append_only" BEFORE UPDATE OR DELETE ON "scal_snapshot" FOR EACH ROW EXECUTE FUNCTION "reject_change_to_append_only"()`);
    await db.query(`CREATE TRIGGER "scal_snapshot_no_truncate" BEFORE TRUNCATE ON "scal_snapshot" FOR EACH STATEMENT EXECUTE FUNCTION "reject_change_to_append_only"()`);
    for (const table of TENANT_TABLES) {
      await db.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await db.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
      await db.query(`CREATE POLICY "${table}_tenant" ON "${table}" USING ("organisation_id" = ${ORG}) WITH CHECK ("organisation_id" = ${ORG})`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of TENANT_TABLES) await db.query(`DROP POLICY "${table}_tenant" ON "${table}"`);
    await db.query(`DROP TRIGGER "scal_snapshot_no_truncate" ON "scal_snapshot"`);
    await db.query(`DROP TRIGGER "scal_snapshot_append_only" ON "scal_snapshot"`);
    await db.query(`REVOKE ALL ON "scal_comment", "scal_snapshot" FROM pairline_app`);
    await db.query(`ALTER TABLE "scal_snapshot" DROP CONSTRAINT "FK_28026a6aae5edbdddea22c5f874"`);
    await db.query(`ALTER TABLE "scal_snapshot" DROP CONSTRAINT "FK_fa983d30996709e06ea1fb5e8e4"`);
    await db.query(`ALTER TABLE "scal_snapshot" DROP CONSTRAINT "FK_7d4c660c0cac68682333497ed72"`);
    await db.query(`ALTER TABLE "scal_comment" DROP CONSTRAINT "FK_6c7581b7b115a1cbff8097c6ce8"`);
    await db.query(`ALTER TABLE "scal_comment" DROP CONSTRAINT "FK_b41d98fcf3a99dc32c885f219dd"`);
    await db.query(`ALTER TABLE "scal_comment" DROP CONSTRAINT "FK_ce03165358a67a02b67280ae2f5"`);
    await db.query(`ALTER TABLE "scal_comment" DROP CONSTRAINT "FK_434228946f7e17429f767374dc1"`);
    await db.query(`ALTER TABLE "scal_comment" DROP CONSTRAINT "FK_9cd67a4b00cd52517138e9ff1ed"`);
    await db.query(`DROP INDEX "public"."scal_snapshot_scal_number_key"`);
    await db.query(`DROP INDEX "public"."scal_snapshot_taken_by_idx"`);
    await db.query(`DROP TABLE "scal_snapshot"`);
    await db.query(`DROP INDEX "public"."scal_comment_scal_identifier_idx"`);
    await db.query(`DROP INDEX "public"."scal_comment_resolved_by_idx"`);
    await db.query(`DROP INDEX "public"."scal_comment_author_user_id_idx"`);
    await db.query(`DROP INDEX "public"."scal_comment_parent_id_idx"`);
    await db.query(`DROP TABLE "scal_comment"`);
  }
}
