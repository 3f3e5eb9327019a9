import type { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_TABLES = ['product', 'journey', 'journey_stage', 'gate_override', 'blocking_item', 'change_freeze'];
const ORG = `NULLIF(current_setting('app.org_id', true), '')::uuid`;
const IM1 = 'https://digital.nhs.uk/services/gp-it-futures-systems/im1-pairing-integration/interface-mechanisms-guidance';
const GPC = 'https://github.com/nhsconnect/gpc-consumer-support';

/**
 * Products, pairing journeys (with each one's outlook as of a day, a cache the app recomputes so
 * lists need not read every stage) and their stages, gate overrides, blocking items and change freezes
 * (all tenant-owned, under row-level security), plus the mechanism reference data and the IM1
 * availability matrix. Reference values are written out (not imported from libs/domain) so this
 * migration means the same thing forever; an integration test checks they still match the domain.
 */
export class Journeys1795340000000 implements MigrationInterface {
  name = 'Journeys1795340000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE "product" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "name" text NOT NULL, "product_version" text, "use_case" text NOT NULL DEFAULT '', "intended_users" text NOT NULL DEFAULT '', "medical_device_status" text NOT NULL DEFAULT 'undetermined', "owner_user_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "product_name_check" CHECK (btrim("name") <> ''), CONSTRAINT "product_medical_device_status_check" CHECK ("medical_device_status" IN ('not_a_medical_device', 'undetermined', 'class_i', 'class_iia', 'class_iib', 'class_iii')), CONSTRAINT "PK_bebc9158e480b949565b4dc7a82" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "product_owner_user_id_idx" ON "product"  ("owner_user_id") `);
    await db.query(`CREATE UNIQUE INDEX "product_organisation_name_key" ON "product"  ("organisation_id", "name") `);
    await db.query(`CREATE TABLE "journey" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "product_id" uuid NOT NULL, "mechanism_key" text NOT NULL, "provider_key" text, "template_key" text NOT NULL, "template_version" integer NOT NULL, "owner_user_id" uuid, "target_go_live" date, "status" text NOT NULL DEFAULT 'not_started', "notes" text NOT NULL DEFAULT '', "withdrawn_reason" text, "current_stage_key" text, "forecast_go_live" date, "outlook_as_of" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "journey_withdrawn_reason_check" CHECK (("status" = 'withdrawn') = ("withdrawn_reason" IS NOT NULL)), CONSTRAINT "journey_status_check" CHECK ("status" IN ('not_started', 'in_progress', 'blocked', 'live', 'withdrawn')), CONSTRAINT "PK_0dfc23b6e61590ef493cf3adcde" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "journey_product_id_idx" ON "journey"  ("product_id") `);
    await db.query(`CREATE INDEX "journey_owner_user_id_idx" ON "journey"  ("owner_user_id") `);
    await db.query(`CREATE INDEX "journey_organisation_status_idx" ON "journey"  ("organisation_id", "status") `);
    await db.query(`CREATE TABLE "blocking_item" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "journey_id" uuid NOT NULL, "stage_key" text, "title" text NOT NULL, "description" text NOT NULL DEFAULT '', "owed_by" text NOT NULL, "raised_on" date NOT NULL, "due_on" date, "status" text NOT NULL DEFAULT 'open', "resolved_on" date, "owner_user_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "blocking_item_title_check" CHECK (btrim("title") <> ''), CONSTRAINT "blocking_item_dates_check" CHECK (("due_on" IS NULL OR "due_on" >= "raised_on") AND ("resolved_on" IS NULL OR "resolved_on" >= "raised_on")), CONSTRAINT "blocking_item_resolved_check" CHECK (("status" = 'resolved') = ("resolved_on" IS NOT NULL)), CONSTRAINT "blocking_item_status_check" CHECK ("status" IN ('open', 'resolved')), CONSTRAINT "blocking_item_owed_by_check" CHECK ("owed_by" IN ('us', 'nhs_england', 'provider')), CONSTRAINT "PK_a54f49cb8629513720e22fdfa4d" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "blocking_item_owner_user_id_idx" ON "blocking_item"  ("owner_user_id") `);
    await db.query(`CREATE INDEX "blocking_item_journey_status_idx" ON "blocking_item"  ("journey_id", "status") `);
    await db.query(`CREATE TABLE "change_freeze" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "provider_key" text, "starts_on" date NOT NULL, "ends_on" date NOT NULL, "reason" text NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "change_freeze_dates_check" CHECK ("starts_on" <= "ends_on"), CONSTRAINT "PK_32530643b70bf264484117904ac" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "change_freeze_organisation_ends_idx" ON "change_freeze"  ("organisation_id", "ends_on") `);
    await db.query(`CREATE TABLE "gate_override" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "journey_id" uuid NOT NULL, "stage_key" text NOT NULL, "action" text NOT NULL, "unmet" jsonb NOT NULL, "justification" text NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "gate_override_justification_check" CHECK (length(btrim("justification")) >= 10), CONSTRAINT "gate_override_action_check" CHECK ("action" IN ('start', 'complete')), CONSTRAINT "PK_7b44a210994e7d12497b9230117" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "gate_override_journey_id_idx" ON "gate_override"  ("journey_id") `);
    await db.query(`CREATE TABLE "journey_stage" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "journey_id" uuid NOT NULL, "key" text NOT NULL, "position" integer NOT NULL, "name" text NOT NULL, "status" text NOT NULL DEFAULT 'not_started', "planned_start" date, "planned_end" date, "pinned" boolean NOT NULL DEFAULT false, "actual_start" date, "actual_end" date, "waiting_since" date, "duration_working_days" integer NOT NULL, "sla_working_days" integer, "route" text, "skip_reason" text, "owner_user_id" uuid, "checklist" jsonb NOT NULL, "links" jsonb NOT NULL, "version" integer NOT NULL DEFAULT '1', CONSTRAINT "journey_stage_planned_check" CHECK ("planned_start" IS NULL OR "planned_end" IS NULL OR "planned_start" <= "planned_end"), CONSTRAINT "journey_stage_duration_check" CHECK ("duration_working_days" BETWEEN 0 AND 1000 AND ("sla_working_days" IS NULL OR "sla_working_days" BETWEEN 0 AND 1000)), CONSTRAINT "journey_stage_skip_reason_check" CHECK (("status" = 'skipped') = ("skip_reason" IS NOT NULL)), CONSTRAINT "journey_stage_status_check" CHECK ("status" IN ('not_started', 'in_progress', 'waiting_nhs_england', 'waiting_provider', 'blocked', 'done', 'skipped')), CONSTRAINT "PK_e82aa2d009525168e7bb78cdaba" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "journey_stage_owner_user_id_idx" ON "journey_stage"  ("owner_user_id") `);
    await db.query(`CREATE UNIQUE INDEX "journey_stage_journey_key" ON "journey_stage"  ("journey_id", "key") `);
    await db.query(`CREATE TABLE "mechanism" ("key" text NOT NULL, "family" text NOT NULL, "name" text NOT NULL, "notice" text, "source" text NOT NULL, "position" integer NOT NULL, CONSTRAINT "mechanism_family_check" CHECK ("family" IN ('im1', 'gp_connect')), CONSTRAINT "PK_3965cdcf06d5f45fc840a6a2e42" PRIMARY KEY ("key"))`);
    await db.query(`CREATE TABLE "im1_availability" ("provider_key" text NOT NULL, "mechanism_key" text NOT NULL, "availability" text NOT NULL, "note" text, CONSTRAINT "im1_availability_check" CHECK ("availability" IN ('offered', 'not_offered', 'unconfirmed')), CONSTRAINT "PK_f431785095ca520d9dd53eafad3" PRIMARY KEY ("provider_key", "mechanism_key"))`);
    await db.query(`ALTER TABLE "organisation" ADD "at_risk_within_working_days" integer NOT NULL DEFAULT '10'`);
    await db.query(`ALTER TABLE "organisation" ADD "late_after_working_days" integer NOT NULL DEFAULT '0'`);
    await db.query(`ALTER TABLE "organisation" ADD CONSTRAINT "organisation_thresholds_check" CHECK ("at_risk_within_working_days" BETWEEN 0 AND 260 AND "late_after_working_days" BETWEEN 0 AND 260)`);
    await db.query(`ALTER TABLE "product" ADD CONSTRAINT "FK_3f7485dd5b1c9ca6c18d6e347e2" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "product" ADD CONSTRAINT "FK_b76c2288a5bd3bba4524807ec39" FOREIGN KEY ("owner_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "journey" ADD CONSTRAINT "FK_3a6c5bfcbfa52ff2a98cc39de3f" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "journey" ADD CONSTRAINT "FK_6141b51fa8c73c700c746bab940" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "journey" ADD CONSTRAINT "FK_dc68aa1558191343d503d26a5ed" FOREIGN KEY ("owner_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "blocking_item" ADD CONSTRAINT "FK_112058fc8beb64b8a8c15bf3563" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "blocking_item" ADD CONSTRAINT "FK_4b9b34f46306c4dbd75e757572d" FOREIGN KEY ("journey_id") REFERENCES "journey"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "blocking_item" ADD CONSTRAINT "FK_337493a316617caec6ef8d9e578" FOREIGN KEY ("owner_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "change_freeze" ADD CONSTRAINT "FK_24c1153a434884bb36a1b86973b" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "change_freeze" ADD CONSTRAINT "FK_b3d9a3f02cf34696bbcb834e210" FOREIGN KEY ("provider_key") REFERENCES "provider_supplier"("key") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "gate_override" ADD CONSTRAINT "FK_d2ac568fc37133690ca38fb4394" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "gate_override" ADD CONSTRAINT "FK_3404ffefe994a41c522fe1c27bc" FOREIGN KEY ("journey_id") REFERENCES "journey"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "gate_override" ADD CONSTRAINT "FK_f75c017eaa6f9967cdafa3ae485" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "journey_stage" ADD CONSTRAINT "FK_e64c371666808b614c5a8713507" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "journey_stage" ADD CONSTRAINT "FK_98897ed302214ed46031a9ea32e" FOREIGN KEY ("journey_id") REFERENCES "journey"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "journey_stage" ADD CONSTRAINT "FK_ec131100b564e716eb6f30ab225" FOREIGN KEY ("owner_user_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "im1_availability" ADD CONSTRAINT "FK_fc79dab0003c15b62697b42426d" FOREIGN KEY ("provider_key") REFERENCES "provider_supplier"("key") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "im1_availability" ADD CONSTRAINT "FK_4843b0e25f69b5c51fb4db11df1" FOREIGN KEY ("mechanism_key") REFERENCES "mechanism"("key") ON DELETE CASCADE ON UPDATE NO ACTION`);

    // --- hand-written: the active-combination index, reference data, grants, row-level security
    await db.query(`CREATE UNIQUE INDEX "journey_active_combination_key" ON "journey" ("organisation_id", "product_id", "mechanism_key", coalesce("provider_key", '')) WHERE "status" <> 'withdrawn'`);
    await db.query(`ALTER TABLE "journey" ADD CONSTRAINT "journey_mechanism_fk" FOREIGN KEY ("mechanism_key") REFERENCES "mechanism"("key")`);
    await db.query(`ALTER TABLE "journey" ADD CONSTRAINT "journey_provider_fk" FOREIGN KEY ("provider_key") REFERENCES "provider_supplier"("key")`);
    await db.query(`INSERT INTO "mechanism" ("key", "family", "name", "notice", "source", "position") VALUES
      ('im1_patient', 'im1', 'IM1 Patient', NULL, '${IM1}', 1),
      ('im1_transaction', 'im1', 'IM1 Transaction', NULL, '${IM1}', 2),
      ('im1_bulk', 'im1', 'IM1 Bulk', NULL, '${IM1}', 3),
      ('im1_partner', 'im1', 'IM1 Partner', 'Offered by Optum (EMIS Web) only.', '${IM1}', 4),
      ('gpc_access_record_html', 'gp_connect', 'GP Connect Access Record: HTML', NULL, '${GPC}', 5),
      ('gpc_access_record_structured', 'gp_connect', 'GP Connect Access Record: Structured', NULL, '${GPC}', 6),
      ('gpc_access_document', 'gp_connect', 'GP Connect Access Document', NULL, '${GPC}', 7),
      ('gpc_send_document', 'gp_connect', 'GP Connect Send Document', 'Needs MESH and ITK3 conformance first.', '${GPC}', 8),
      ('gpc_appointment_management', 'gp_connect', 'GP Connect Appointment Management', 'New supplier development is paused by NHS England.', '${GPC}', 9),
      ('gpc_update_record', 'gp_connect', 'GP Connect Update Record', 'For community pharmacy use cases only; only EMIS and TPP are assured as GP systems.', '${GPC}', 10)`);
    const partnerOnlyEmis = `'IM1 Partner is offered by Optum (EMIS Web) only.'`;
    const visionUnconfirmed = `'No public source confirms this API for Vision.'`;
    await db.query(`INSERT INTO "im1_availability" ("provider_key", "mechanism_key", "availability", "note") VALUES
      ('optum', 'im1_patient', 'offered', NULL),
      ('optum', 'im1_transaction', 'offered', NULL),
      ('optum', 'im1_bulk', 'offered', NULL),
      ('optum', 'im1_partner', 'offered', 'IM1 Partner is offered by EMIS only.'),
      ('tpp', 'im1_patient', 'offered', NULL),
      ('tpp', 'im1_transaction', 'offered', NULL),
      ('tpp', 'im1_bulk', 'offered', 'As reporting extracts.'),
      ('tpp', 'im1_partner', 'not_offered', ${partnerOnlyEmis}),
      ('medicus', 'im1_patient', 'offered', 'Patient facing services API.'),
      ('medicus', 'im1_transaction', 'offered', '"Transactional API" (REST).'),
      ('medicus', 'im1_bulk', 'offered', 'SFTP extract at most once per 24 hours; access within 10 business days of RTC; reviewed every 3 months.'),
      ('medicus', 'im1_partner', 'not_offered', ${partnerOnlyEmis}),
      ('cegedim', 'im1_patient', 'unconfirmed', ${visionUnconfirmed}),
      ('cegedim', 'im1_transaction', 'unconfirmed', ${visionUnconfirmed}),
      ('cegedim', 'im1_bulk', 'unconfirmed', ${visionUnconfirmed}),
      ('cegedim', 'im1_partner', 'not_offered', ${partnerOnlyEmis})`);

    await db.query(`GRANT SELECT ON "mechanism", "im1_availability" TO pairline_app`);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "product", "journey", "journey_stage", "blocking_item", "change_freeze" TO pairline_app`);
    // An override is evidence of who bypassed NHS England's sequence and why: never edited or removed.
    await db.query(`GRANT SELECT, INSERT ON "gate_override" TO pairline_app`);
    await db.query(`CREATE TRIGGER "gate_override_append_only" BEFORE UPDATE OR DELETE ON "gate_override" FOR EACH ROW EXECUTE FUNCTION "reject_change_to_append_only"()`);
    for (const table of TENANT_TABLES) {
      await db.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await db.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
      await db.query(`CREATE POLICY "${table}_tenant" ON "${table}" USING ("organisation_id" = ${ORG}) WITH CHECK ("organisation_id" = ${ORG})`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of TENANT_TABLES) await db.query(`DROP POLICY "${table}_tenant" ON "${table}"`);
    await db.query(`DROP TRIGGER "gate_override_append_only" ON "gate_override"`);
    await db.query(`REVOKE ALL ON "mechanism", "im1_availability", "product", "journey", "journey_stage", "blocking_item", "change_freeze", "gate_override" FROM pairline_app`);
    await db.query(`ALTER TABLE "journey" DROP CONSTRAINT "journey_provider_fk"`);
    await db.query(`ALTER TABLE "journey" DROP CONSTRAINT "journey_mechanism_fk"`);
    await db.query(`DROP INDEX "journey_active_combination_key"`);
    await db.query(`ALTER TABLE "im1_availability" DROP CONSTRAINT "FK_4843b0e25f69b5c51fb4db11df1"`);
    await db.query(`ALTER TABLE "im1_availability" DROP CONSTRAINT "FK_fc79dab0003c15b62697b42426d"`);
    await db.query(`ALTER TABLE "journey_stage" DROP CONSTRAINT "FK_ec131100b564e716eb6f30ab225"`);
    await db.query(`ALTER TABLE "journey_stage" DROP CONSTRAINT "FK_98897ed302214ed46031a9ea32e"`);
    await db.query(`ALTER TABLE "journey_stage" DROP CONSTRAINT "FK_e64c371666808b614c5a8713507"`);
    await db.query(`ALTER TABLE "gate_override" DROP CONSTRAINT "FK_f75c017eaa6f9967cdafa3ae485"`);
    await db.query(`ALTER TABLE "gate_override" DROP CONSTRAINT "FK_3404ffefe994a41c522fe1c27bc"`);
    await db.query(`ALTER TABLE "gate_override" DROP CONSTRAINT "FK_d2ac568fc37133690ca38fb4394"`);
    await db.query(`ALTER TABLE "change_freeze" DROP CONSTRAINT "FK_b3d9a3f02cf34696bbcb834e210"`);
    await db.query(`ALTER TABLE "change_freeze" DROP CONSTRAINT "FK_24c1153a434884bb36a1b86973b"`);
    await db.query(`ALTER TABLE "blocking_item" DROP CONSTRAINT "FK_337493a316617caec6ef8d9e578"`);
    await db.query(`ALTER TABLE "blocking_item" DROP CONSTRAINT "FK_4b9b34f46306c4dbd75e757572d"`);
    await db.query(`ALTER TABLE "blocking_item" DROP CONSTRAINT "FK_112058fc8beb64b8a8c15bf3563"`);
    await db.query(`ALTER TABLE "journey" DROP CONSTRAINT "FK_dc68aa1558191343d503d26a5ed"`);
    await db.query(`ALTER TABLE "journey" DROP CONSTRAINT "FK_6141b51fa8c73c700c746bab940"`);
    await db.query(`ALTER TABLE "journey" DROP CONSTRAINT "FK_3a6c5bfcbfa52ff2a98cc39de3f"`);
    await db.query(`ALTER TABLE "product" DROP CONSTRAINT "FK_b76c2288a5bd3bba4524807ec39"`);
    await db.query(`ALTER TABLE "product" DROP CONSTRAINT "FK_3f7485dd5b1c9ca6c18d6e347e2"`);
    await db.query(`ALTER TABLE "organisation" DROP CONSTRAINT "organisation_thresholds_check"`);
    await db.query(`ALTER TABLE "organisation" DROP COLUMN "late_after_working_days"`);
    await db.query(`ALTER TABLE "organisation" DROP COLUMN "at_risk_within_working_days"`);
    await db.query(`DROP TABLE "im1_availability"`);
    await db.query(`DROP TABLE "mechanism"`);
    await db.query(`DROP INDEX "public"."journey_stage_journey_key"`);
    await db.query(`DROP INDEX "public"."journey_stage_owner_user_id_idx"`);
    await db.query(`DROP TABLE "journey_stage"`);
    await db.query(`DROP INDEX "public"."gate_override_journey_id_idx"`);
    await db.query(`DROP TABLE "gate_override"`);
    await db.query(`DROP INDEX "public"."change_freeze_organisation_ends_idx"`);
    await db.query(`DROP TABLE "change_freeze"`);
    await db.query(`DROP INDEX "public"."blocking_item_journey_status_idx"`);
    await db.query(`DROP INDEX "public"."blocking_item_owner_user_id_idx"`);
    await db.query(`DROP TABLE "blocking_item"`);
    await db.query(`DROP INDEX "public"."journey_organisation_status_idx"`);
    await db.query(`DROP INDEX "public"."journey_owner_user_id_idx"`);
    await db.query(`DROP INDEX "public"."journey_product_id_idx"`);
    await db.query(`DROP TABLE "journey"`);
    await db.query(`DROP INDEX "public"."product_organisation_name_key"`);
    await db.query(`DROP INDEX "public"."product_owner_user_id_idx"`);
    await db.query(`DROP TABLE "product"`);
  }
}
