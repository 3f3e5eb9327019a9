import type { MigrationInterface, QueryRunner } from 'typeorm';

const ORG = `NULLIF(current_setting('app.org_id', true), '')::uuid`;

/**
 * Signed checkpoints of each organisation's audit chain head. Tenant-owned and append-only like
 * the trail itself: the app role may only INSERT and SELECT, and the trail's trigger refuses
 * UPDATE, DELETE and TRUNCATE for everyone. The signing key is not in the database.
 */
export class AuditCheckpoints1796695899253 implements MigrationInterface {
  name = 'AuditCheckpoints1796695899253';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE "audit_checkpoint" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "seq" bigint NOT NULL, "hash" text NOT NULL, "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "key_id" text NOT NULL, "signature" text NOT NULL, "trigger" text NOT NULL, "created_by" uuid, CONSTRAINT "audit_checkpoint_trigger_check" CHECK ("trigger" IN ('scheduled', 'on_demand')), CONSTRAINT "PK_9720e45bb755b61bb1ab7d43839" PRIMARY KEY ("id"))`);
    await db.query(`CREATE UNIQUE INDEX "audit_checkpoint_organisation_seq_key" ON "audit_checkpoint"  ("organisation_id", "seq") `);
    await db.query(`GRANT SELECT, INSERT ON "audit_checkpoint" TO pairline_app`);
    await db.query(`ALTER TABLE "audit_checkpoint" ENABLE ROW LEVEL SECURITY`);
    await db.query(`ALTER TABLE "audit_checkpoint" FORCE ROW LEVEL SECURITY`);
    await db.query(`CREATE POLICY "audit_checkpoint_tenant" ON "audit_checkpoint" USING ("organisation_id" = ${ORG}) WITH CHECK ("organisation_id" = ${ORG})`);
    await db.query(`CREATE TRIGGER "audit_checkpoint_append_only" BEFORE UPDATE OR DELETE ON "audit_checkpoint" FOR EACH ROW EXECUTE FUNCTION "reject_change_to_append_only"()`);
    await db.query(`CREATE TRIGGER "audit_checkpoint_no_truncate" BEFORE TRUNCATE ON "audit_checkpoint" FOR EACH STATEMENT EXECUTE FUNCTION "reject_change_to_append_only"()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "audit_checkpoint"`);
  }
}
