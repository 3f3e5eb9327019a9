import type { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_TABLES = ['risk_plan', 'clinical_safety_officer', 'hazard_counter', 'hazard_library_item', 'hazard', 'hazard_journey', 'hazard_control', 'hazard_control_link', 'hazard_log_version', 'hazard_log_approval'];
const EDITABLE = ['clinical_safety_officer', 'hazard_counter', 'hazard', 'hazard_journey', 'hazard_control', 'hazard_control_link', 'hazard_library_item'];
const APPEND_ONLY = ['hazard_log_version', 'hazard_log_approval'];
const ORG = `NULLIF(current_setting('app.org_id', true), '')::uuid`;

/**
 * The DCB0129 clinical safety file: risk management plan versions, each product's CSO, hazard log,
 * controls, issued hazard log versions and their CSO approvals, and the library of suggested
 * hazards. Tenant-owned, under row-level security. Issued versions and approvals are evidence of a
 * legal sign-off: append-only for everyone, like gate overrides and the audit trail.
 */
export class ClinicalSafety1795345000000 implements MigrationInterface {
  name = 'ClinicalSafety1795345000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE "risk_plan" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "product_id" uuid, "version" integer NOT NULL, "severities" jsonb NOT NULL, "likelihoods" jsonb NOT NULL, "matrix" jsonb NOT NULL, "acceptability" jsonb NOT NULL, "source" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by" uuid, "approved_at" TIMESTAMP WITH TIME ZONE, "approved_by" uuid, CONSTRAINT "PK_e1fe698ff79e4c695b164a1b9f7" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "risk_plan_product_id_idx" ON "risk_plan"  ("product_id") `);
    await db.query(`CREATE UNIQUE INDEX "risk_plan_organisation_version_key" ON "risk_plan"  ("organisation_id", "version") `);
    await db.query(`CREATE TABLE "clinical_safety_officer" ("product_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "user_id" uuid, "name" text NOT NULL, "profession" text NOT NULL DEFAULT '', "registration_number" text NOT NULL DEFAULT '', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "clinical_safety_officer_name_check" CHECK (btrim("name") <> ''), CONSTRAINT "PK_afdf5ec5b6a5962fb8d2cb1e254" PRIMARY KEY ("product_id"))`);
    await db.query(`CREATE TABLE "hazard_counter" ("product_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "last_sequence" integer NOT NULL, CONSTRAINT "PK_f66c98e28f244b6218a0b0c740b" PRIMARY KEY ("product_id"))`);
    await db.query(`CREATE TABLE "hazard" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "product_id" uuid NOT NULL, "sequence" integer NOT NULL, "number" text NOT NULL, "name" text NOT NULL, "description" text NOT NULL, "potential_clinical_impact" text NOT NULL DEFAULT '', "possible_causes" jsonb NOT NULL DEFAULT '[]', "effect" text NOT NULL DEFAULT '', "harm" text NOT NULL DEFAULT '', "existing_controls" text NOT NULL DEFAULT '', "hazard_type" text, "risk_plan_id" uuid, "initial_severity" text, "initial_likelihood" text, "initial_rating" smallint, "residual_severity" text, "residual_likelihood" text, "residual_rating" smallint, "residual_increase_justification" text, "residual_acceptance_justification" text, "action_summary" text NOT NULL DEFAULT '', "owner_user_id" uuid, "status" text NOT NULL DEFAULT 'open', "deploying_organisation_actions" text, "next_review_on" date, "withdrawn_reason" text, "withdrawn_at" TIMESTAMP WITH TIME ZONE, "library_item_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "hazard_transfer_check" CHECK (("status" = 'transferred') = ("deploying_organisation_actions" IS NOT NULL)), CONSTRAINT "hazard_residual_likelihood_check" CHECK ("residual_likelihood" IS NULL OR "residual_likelihood" IN ('very_low', 'low', 'medium', 'high', 'very_high')), CONSTRAINT "hazard_residual_severity_check" CHECK ("residual_severity" IS NULL OR "residual_severity" IN ('minor', 'significant', 'considerable', 'major', 'catastrophic')), CONSTRAINT "hazard_initial_likelihood_check" CHECK ("initial_likelihood" IS NULL OR "initial_likelihood" IN ('very_low', 'low', 'medium', 'high', 'very_high')), CONSTRAINT "hazard_initial_severity_check" CHECK ("initial_severity" IS NULL OR "initial_severity" IN ('minor', 'significant', 'considerable', 'major', 'catastrophic')), CONSTRAINT "hazard_status_check" CHECK ("status" IN ('open', 'transferred', 'closed')), CONSTRAINT "PK_858b71d38b62597cf819d2da486" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "hazard_hazard_type_idx" ON "hazard"  ("hazard_type") `);
    await db.query(`CREATE INDEX "hazard_initial_rating_idx" ON "hazard"  ("initial_rating") `);
    await db.query(`CREATE INDEX "hazard_residual_rating_idx" ON "hazard"  ("residual_rating") `);
    await db.query(`CREATE INDEX "hazard_owner_user_id_idx" ON "hazard"  ("owner_user_id") `);
    await db.query(`CREATE INDEX "hazard_status_idx" ON "hazard"  ("status") `);
    await db.query(`CREATE INDEX "hazard_product_sequence_idx" ON "hazard"  ("product_id", "sequence") `);
    await db.query(`CREATE UNIQUE INDEX "hazard_product_number_key" ON "hazard"  ("product_id", "number") `);
    await db.query(`CREATE TABLE "hazard_journey" ("hazard_id" uuid NOT NULL, "journey_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, CONSTRAINT "PK_513ac257906d4e8509db61fe194" PRIMARY KEY ("hazard_id", "journey_id"))`);
    await db.query(`CREATE INDEX "hazard_journey_journey_id_idx" ON "hazard_journey"  ("journey_id") `);
    await db.query(`CREATE TABLE "hazard_control" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "product_id" uuid NOT NULL, "type" text NOT NULL, "description" text NOT NULL, "owner_user_id" uuid, "status" text NOT NULL DEFAULT 'planned', "verification_evidence_id" uuid, "verification_reference" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "hazard_control_description_check" CHECK (btrim("description") <> ''), CONSTRAINT "hazard_control_status_check" CHECK ("status" IN ('planned', 'implemented', 'verified')), CONSTRAINT "hazard_control_type_check" CHECK ("type" IN ('design', 'test', 'training', 'business_process_change')), CONSTRAINT "PK_bde8c2e81a0f91980fdb0d51bfa" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "hazard_control_product_id_idx" ON "hazard_control"  ("product_id") `);
    await db.query(`CREATE TABLE "hazard_control_link" ("hazard_id" uuid NOT NULL, "control_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, CONSTRAINT "PK_cad58e7bddd69488e92035c2fca" PRIMARY KEY ("hazard_id", "control_id"))`);
    await db.query(`CREATE INDEX "hazard_control_link_control_id_idx" ON "hazard_control_link"  ("control_id") `);
    await db.query(`CREATE TABLE "hazard_log_version" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "product_id" uuid NOT NULL, "version" text NOT NULL, "change_summary" text NOT NULL, "hazards" jsonb NOT NULL, "controls" jsonb NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "issued_by" uuid NOT NULL, CONSTRAINT "PK_21cb350f5b7b047872acc7e4e70" PRIMARY KEY ("id"))`);
    await db.query(`CREATE UNIQUE INDEX "hazard_log_version_product_version_key" ON "hazard_log_version"  ("product_id", "version") `);
    await db.query(`CREATE TABLE "hazard_log_approval" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "hazard_log_version_id" uuid NOT NULL, "approver_user_id" uuid NOT NULL, "approver_name" text NOT NULL, "profession" text NOT NULL, "professional_registration" text NOT NULL, "statement" text NOT NULL, "residual_risk_profile" jsonb NOT NULL, "approved_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "hazard_log_approval_statement_check" CHECK (btrim("statement") <> ''), CONSTRAINT "PK_c264081f56661e82c7670ec9a05" PRIMARY KEY ("id"))`);
    await db.query(`CREATE UNIQUE INDEX "hazard_log_approval_version_key" ON "hazard_log_approval"  ("hazard_log_version_id") `);
    await db.query(`CREATE TABLE "hazard_library_item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "source" text NOT NULL, "source_row" integer NOT NULL, "number" text NOT NULL, "hazard_type" text, "name" text NOT NULL, "description" text NOT NULL, "potential_clinical_impact" text NOT NULL DEFAULT '', "possible_causes" text NOT NULL DEFAULT '', "suggested_actions" text NOT NULL DEFAULT '', "links" text NOT NULL DEFAULT '', "imported_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_075e54142a9ae9f4c8eb43db5af" PRIMARY KEY ("id"))`);
    await db.query(`CREATE UNIQUE INDEX "hazard_library_item_source_number_key" ON "hazard_library_item"  ("organisation_id", "source", "number") `);
    await db.query(`ALTER TABLE "risk_plan" ADD CONSTRAINT "FK_4d77a04228510e8cac9a7907a22" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "risk_plan" ADD CONSTRAINT "FK_760cc114e0a12ed199714615ef8" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "risk_plan" ADD CONSTRAINT "FK_7189a0a2c61e6aa5a26d7da61f1" FOREIGN KEY ("created_by") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "risk_plan" ADD CONSTRAINT "FK_b37143328116dee46f99bcf6624" FOREIGN KEY ("approved_by") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "clinical_safety_officer" ADD CONSTRAINT "FK_afdf5ec5b6a5962fb8d2cb1e254" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "clinical_safety_officer" ADD CONSTRAINT "FK_1bd9b5a0ecc59d9c1eebfbf958b" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "clinical_safety_officer" ADD CONSTRAINT "FK_ecb19b2c806ca7a400b70d3434f" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "hazard_counter" ADD CONSTRAINT "FK_f66c98e28f244b6218a0b0c740b" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "hazard_counter" ADD CONSTRAINT "FK_06fc844429317443ae0c292cf30" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "hazard" ADD CONSTRAINT "FK_2502d0b51c4d8388234c11dc69e" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "hazard" ADD CONSTRAINT "FK_93da039506a3f3648070fe925d8" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "hazard" ADD CONSTRAINT "FK_bb5c31306db217b75a1ca90bb47" FOREIGN KEY ("risk_plan_id") REFERENCES "risk_plan"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "hazard" ADD CONSTRAINT "FK_a918c3cd243adff3200b062e112" FOREIGN KEY ("owner_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "hazard" ADD CONSTRAINT "FK_075e54142a9ae9f4c8eb43db5af" FOREIGN KEY ("library_item_id") REFERENCES "hazard_library_item"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "hazard_journey" ADD CONSTRAINT "FK_bcd4352817859c410fd48c198d6" FOREIGN KEY ("hazard_id") REFERENCES "hazard"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "hazard_journey" ADD CONSTRAINT "FK_2b27d5e65171fc7b7b232956e6d" FOREIGN KEY ("journey_id") REFERENCES "journey"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "hazard_journey" ADD CONSTRAINT "FK_078f938ec793b2090c9b40a4447" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "hazard_control" ADD CONSTRAINT "FK_3270e37a5cb57c2b3a12fdc79b7" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "hazard_control" ADD CONSTRAINT "FK_64f6e60abc9f56c540a5ac90495" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "hazard_control" ADD CONSTRAINT "FK_9bf6de75c3b0ae0b93b3a1425ff" FOREIGN KEY ("owner_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "hazard_control_link" ADD CONSTRAINT "FK_7db2bbd78528773c0b69f49834e" FOREIGN KEY ("hazard_id") REFERENCES "hazard"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "hazard_control_link" ADD CONSTRAINT "FK_f6a73794b0199952664e1142be0" FOREIGN KEY ("control_id") REFERENCES "hazard_control"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "hazard_control_link" ADD CONSTRAINT "FK_bde75d73b378d2734dd8a7497a4" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "hazard_log_version" ADD CONSTRAINT "FK_db941e010d54660d0435d8fd229" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "hazard_log_version" ADD CONSTRAINT "FK_eeb5fbdab1eab6a5f448ba6de60" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "hazard_log_version" ADD CONSTRAINT "FK_aa4a899f4ea3eaf735c52026743" FOREIGN KEY ("issued_by") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "hazard_log_approval" ADD CONSTRAINT "FK_efb5f80d5e2fa1aaa80755a73f2" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "hazard_log_approval" ADD CONSTRAINT "FK_69dd75414c4c01cc32f27da1047" FOREIGN KEY ("hazard_log_version_id") REFERENCES "hazard_log_version"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "hazard_log_approval" ADD CONSTRAINT "FK_f1565e79255e649fad9a5ec6098" FOREIGN KEY ("approver_user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "hazard_library_item" ADD CONSTRAINT "FK_ada843d5c92ee6db70333dd6fb3" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    // A control's verification evidence is an evidence vault item (migration 1795343000000).
    await db.query(`CREATE INDEX "hazard_control_verification_evidence_id_idx" ON "hazard_control"  ("verification_evidence_id") `);
    await db.query(`ALTER TABLE "hazard_control" ADD CONSTRAINT "FK_e59ca6289ef546c0c8df73abb5c" FOREIGN KEY ("verification_evidence_id") REFERENCES "evidence_item"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${EDITABLE.map((t) => `"${t}"`).join(', ')} TO pairline_app`);
    // A plan version's settings never change; the only update is its one approval.
    await db.query(`GRANT SELECT, INSERT, UPDATE ON "risk_plan" TO pairline_app`);
    await db.query(`CREATE FUNCTION "risk_plan_settings_frozen"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD."approved_at" IS NOT NULL
           OR (NEW."organisation_id", NEW."product_id", NEW."version", NEW."severities", NEW."likelihoods", NEW."matrix", NEW."acceptability", NEW."source", NEW."created_at", NEW."created_by")
              IS DISTINCT FROM (OLD."organisation_id", OLD."product_id", OLD."version", OLD."severities", OLD."likelihoods", OLD."matrix", OLD."acceptability", OLD."source", OLD."created_at", OLD."created_by") THEN
          RAISE EXCEPTION 'risk_plan versions are never edited: create a new version' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`CREATE TRIGGER "risk_plan_frozen" BEFORE UPDATE ON "risk_plan" FOR EACH ROW EXECUTE FUNCTION "risk_plan_settings_frozen"()`);
    await db.query(`CREATE TRIGGER "risk_plan_no_delete" BEFORE DELETE ON "risk_plan" FOR EACH ROW EXECUTE FUNCTION "reject_change_to_append_only"()`);
    await db.query(`GRANT SELECT, INSERT ON ${APPEND_ONLY.map((t) => `"${t}"`).join(', ')} TO pairline_app`);
    for (const table of APPEND_ONLY) {
      await db.query(`CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "reject_change_to_append_only"()`);
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
    for (const table of APPEND_ONLY) {
      await db.query(`DROP TRIGGER "${table}_no_truncate" ON "${table}"`);
      await db.query(`DROP TRIGGER "${table}_append_only" ON "${table}"`);
    }
    await db.query(`DROP TRIGGER "risk_plan_no_delete" ON "risk_plan"`);
    await db.query(`DROP TRIGGER "risk_plan_frozen" ON "risk_plan"`);
    await db.query(`DROP FUNCTION "risk_plan_settings_frozen"()`);
    await db.query(`REVOKE ALL ON ${TENANT_TABLES.map((t) => `"${t}"`).join(', ')} FROM pairline_app`);
    await db.query(`ALTER TABLE "hazard_control" DROP CONSTRAINT "FK_e59ca6289ef546c0c8df73abb5c"`);
    await db.query(`DROP INDEX "public"."hazard_control_verification_evidence_id_idx"`);
    await db.query(`ALTER TABLE "hazard_library_item" DROP CONSTRAINT "FK_ada843d5c92ee6db70333dd6fb3"`);
    await db.query(`ALTER TABLE "hazard_log_approval" DROP CONSTRAINT "FK_f1565e79255e649fad9a5ec6098"`);
    await db.query(`ALTER TABLE "hazard_log_approval" DROP CONSTRAINT "FK_69dd75414c4c01cc32f27da1047"`);
    await db.query(`ALTER TABLE "hazard_log_approval" DROP CONSTRAINT "FK_efb5f80d5e2fa1aaa80755a73f2"`);
    await db.query(`ALTER TABLE "hazard_log_version" DROP CONSTRAINT "FK_aa4a899f4ea3eaf735c52026743"`);
    await db.query(`ALTER TABLE "hazard_log_version" DROP CONSTRAINT "FK_eeb5fbdab1eab6a5f448ba6de60"`);
    await db.query(`ALTER TABLE "hazard_log_version" DROP CONSTRAINT "FK_db941e010d54660d0435d8fd229"`);
    await db.query(`ALTER TABLE "hazard_control_link" DROP CONSTRAINT "FK_bde75d73b378d2734dd8a7497a4"`);
    await db.query(`ALTER TABLE "hazard_control_link" DROP CONSTRAINT "FK_f6a73794b0199952664e1142be0"`);
    await db.query(`ALTER TABLE "hazard_control_link" DROP CONSTRAINT "FK_7db2bbd78528773c0b69f49834e"`);
    await db.query(`ALTER TABLE "hazard_control" DROP CONSTRAINT "FK_9bf6de75c3b0ae0b93b3a1425ff"`);
    await db.query(`ALTER TABLE "hazard_control" DROP CONSTRAINT "FK_64f6e60abc9f56c540a5ac90495"`);
    await db.query(`ALTER TABLE "hazard_control" DROP CONSTRAINT "FK_3270e37a5cb57c2b3a12fdc79b7"`);
    await db.query(`ALTER TABLE "hazard_journey" DROP CONSTRAINT "FK_078f938ec793b2090c9b40a4447"`);
    await db.query(`ALTER TABLE "hazard_journey" DROP CONSTRAINT "FK_2b27d5e65171fc7b7b232956e6d"`);
    await db.query(`ALTER TABLE "hazard_journey" DROP CONSTRAINT "FK_bcd4352817859c410fd48c198d6"`);
    await db.query(`ALTER TABLE "hazard" DROP CONSTRAINT "FK_075e54142a9ae9f4c8eb43db5af"`);
    await db.query(`ALTER TABLE "hazard" DROP CONSTRAINT "FK_a918c3cd243adff3200b062e112"`);
    await db.query(`ALTER TABLE "hazard" DROP CONSTRAINT "FK_bb5c31306db217b75a1ca90bb47"`);
    await db.query(`ALTER TABLE "hazard" DROP CONSTRAINT "FK_93da039506a3f3648070fe925d8"`);
    await db.query(`ALTER TABLE "hazard" DROP CONSTRAINT "FK_2502d0b51c4d8388234c11dc69e"`);
    await db.query(`ALTER TABLE "hazard_counter" DROP CONSTRAINT "FK_06fc844429317443ae0c292cf30"`);
    await db.query(`ALTER TABLE "hazard_counter" DROP CONSTRAINT "FK_f66c98e28f244b6218a0b0c740b"`);
    await db.query(`ALTER TABLE "clinical_safety_officer" DROP CONSTRAINT "FK_ecb19b2c806ca7a400b70d3434f"`);
    await db.query(`ALTER TABLE "clinical_safety_officer" DROP CONSTRAINT "FK_1bd9b5a0ecc59d9c1eebfbf958b"`);
    await db.query(`ALTER TABLE "clinical_safety_officer" DROP CONSTRAINT "FK_afdf5ec5b6a5962fb8d2cb1e254"`);
    await db.query(`ALTER TABLE "risk_plan" DROP CONSTRAINT "FK_b37143328116dee46f99bcf6624"`);
    await db.query(`ALTER TABLE "risk_plan" DROP CONSTRAINT "FK_7189a0a2c61e6aa5a26d7da61f1"`);
    await db.query(`ALTER TABLE "risk_plan" DROP CONSTRAINT "FK_760cc114e0a12ed199714615ef8"`);
    await db.query(`ALTER TABLE "risk_plan" DROP CONSTRAINT "FK_4d77a04228510e8cac9a7907a22"`);
    await db.query(`DROP INDEX "public"."hazard_library_item_source_number_key"`);
    await db.query(`DROP TABLE "hazard_library_item"`);
    await db.query(`DROP INDEX "public"."hazard_log_approval_version_key"`);
    await db.query(`DROP TABLE "hazard_log_approval"`);
    await db.query(`DROP INDEX "public"."hazard_log_version_product_version_key"`);
    await db.query(`DROP TABLE "hazard_log_version"`);
    await db.query(`DROP INDEX "public"."hazard_control_link_control_id_idx"`);
    await db.query(`DROP TABLE "hazard_control_link"`);
    await db.query(`DROP INDEX "public"."hazard_control_product_id_idx"`);
    await db.query(`DROP TABLE "hazard_control"`);
    await db.query(`DROP INDEX "public"."hazard_journey_journey_id_idx"`);
    await db.query(`DROP TABLE "hazard_journey"`);
    await db.query(`DROP INDEX "public"."hazard_product_number_key"`);
    await db.query(`DROP INDEX "public"."hazard_product_sequence_idx"`);
    await db.query(`DROP INDEX "public"."hazard_status_idx"`);
    await db.query(`DROP INDEX "public"."hazard_owner_user_id_idx"`);
    await db.query(`DROP INDEX "public"."hazard_residual_rating_idx"`);
    await db.query(`DROP INDEX "public"."hazard_initial_rating_idx"`);
    await db.query(`DROP INDEX "public"."hazard_hazard_type_idx"`);
    await db.query(`DROP TABLE "hazard"`);
    await db.query(`DROP TABLE "hazard_counter"`);
    await db.query(`DROP TABLE "clinical_safety_officer"`);
    await db.query(`DROP INDEX "public"."risk_plan_organisation_version_key"`);
    await db.query(`DROP INDEX "public"."risk_plan_product_id_idx"`);
    await db.query(`DROP TABLE "risk_plan"`);
  }
}
