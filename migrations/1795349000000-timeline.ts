import type { MigrationInterface, QueryRunner } from 'typeorm';

const TENANT_TABLES = ['journey_forecast_snapshot', 'timeline_baseline', 'timeline_baseline_stage'];
const ORG = `NULLIF(current_setting('app.org_id', true), '')::uuid`;

/**
 * The executive timeline's history: one stored outlook per journey per day (forecast drift) and
 * named baselines of every journey's stage dates. Tenant-owned, under row-level security; a
 * baseline's dates are never updated (it may be deleted as a whole, which is audited).
 */
export class Timeline1795349000000 implements MigrationInterface {
  name = 'Timeline1795349000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE "journey_forecast_snapshot" ("journey_id" uuid NOT NULL, "as_of" date NOT NULL, "organisation_id" uuid NOT NULL, "current_stage_key" text NOT NULL, "forecast_go_live" date, CONSTRAINT "PK_b89669c196e74a6e71a24d1a75d" PRIMARY KEY ("journey_id", "as_of"))`);
    await db.query(`CREATE TABLE "timeline_baseline" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "name" text NOT NULL, "note" text, "as_of" date NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "timeline_baseline_name_check" CHECK (length(btrim("name")) BETWEEN 1 AND 120), CONSTRAINT "PK_60f815b3d2aa3ea86376f5f5e61" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "timeline_baseline_organisation_id_idx" ON "timeline_baseline"  ("organisation_id") `);
    await db.query(`CREATE TABLE "timeline_baseline_stage" ("baseline_id" uuid NOT NULL, "journey_id" uuid NOT NULL, "stage_key" text NOT NULL, "organisation_id" uuid NOT NULL, "position" integer NOT NULL, "start_on" date, "end_on" date, "source" text NOT NULL, CONSTRAINT "timeline_baseline_stage_source_check" CHECK ("source" IN ('planned', 'forecast', 'actual')), CONSTRAINT "PK_47674f684ea52d108c714d1b91a" PRIMARY KEY ("baseline_id", "journey_id", "stage_key"))`);
    await db.query(`ALTER TABLE "journey_forecast_snapshot" ADD CONSTRAINT "FK_7594301d2b9f8dbdaec2b4fd54c" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "journey_forecast_snapshot" ADD CONSTRAINT "FK_6588c8b679dd1b0b58e38bf71de" FOREIGN KEY ("journey_id") REFERENCES "journey"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "timeline_baseline" ADD CONSTRAINT "FK_28b925cacd6e3a9a4a87385060d" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "timeline_baseline" ADD CONSTRAINT "FK_b248cc4eea44133e05cfc4671a1" FOREIGN KEY ("created_by") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "timeline_baseline_stage" ADD CONSTRAINT "FK_5e3dc642aa56eca2b53d20ebb3a" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "timeline_baseline_stage" ADD CONSTRAINT "FK_9ca61da8bb7cbdcff648748a9a5" FOREIGN KEY ("baseline_id") REFERENCES "timeline_baseline"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`CREATE TRIGGER "timeline_baseline_stage_frozen" BEFORE UPDATE ON "timeline_baseline_stage" FOR EACH ROW EXECUTE FUNCTION "reject_change_to_append_only"()`);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "journey_forecast_snapshot", "timeline_baseline", "timeline_baseline_stage" TO pairline_app`);
    for (const table of TENANT_TABLES) {
      await db.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await db.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
      await db.query(`CREATE POLICY "${table}_tenant" ON "${table}" USING ("organisation_id" = ${ORG}) WITH CHECK ("organisation_id" = ${ORG})`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of TENANT_TABLES) await db.query(`DROP POLICY "${table}_tenant" ON "${table}"`);
    await db.query(`REVOKE ALL ON "journey_forecast_snapshot", "timeline_baseline", "timeline_baseline_stage" FROM pairline_app`);
    await db.query(`DROP TRIGGER "timeline_baseline_stage_frozen" ON "timeline_baseline_stage"`);
    await db.query(`ALTER TABLE "timeline_baseline_stage" DROP CONSTRAINT "FK_9ca61da8bb7cbdcff648748a9a5"`);
    await db.query(`ALTER TABLE "timeline_baseline_stage" DROP CONSTRAINT "FK_5e3dc642aa56eca2b53d20ebb3a"`);
    await db.query(`ALTER TABLE "timeline_baseline" DROP CONSTRAINT "FK_b248cc4eea44133e05cfc4671a1"`);
    await db.query(`ALTER TABLE "timeline_baseline" DROP CONSTRAINT "FK_28b925cacd6e3a9a4a87385060d"`);
    await db.query(`ALTER TABLE "journey_forecast_snapshot" DROP CONSTRAINT "FK_6588c8b679dd1b0b58e38bf71de"`);
    await db.query(`ALTER TABLE "journey_forecast_snapshot" DROP CONSTRAINT "FK_7594301d2b9f8dbdaec2b4fd54c"`);
    await db.query(`DROP TABLE "timeline_baseline_stage"`);
    await db.query(`DROP INDEX "public"."timeline_baseline_organisation_id_idx"`);
    await db.query(`DROP TABLE "timeline_baseline"`);
    await db.query(`DROP TABLE "journey_forecast_snapshot"`);
  }
}
