import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables whose rows belong to one organisation: row-level security on `organisation_id`. */
const TENANT_TABLES = ['membership', 'invitation', 'api_token', 'audit_event'];
const ORG = `NULLIF(current_setting('app.org_id', true), '')::uuid`;
const USER = `NULLIF(current_setting('app.user_id', true), '')::uuid`;
/** Set only while looking up a secret (invitation link, API token) before the tenant is known. */
const LOOKUP = `NULLIF(current_setting('app.lookup_token', true), '')`;
const ROLES = `'org_admin', 'compliance_lead', 'clinical_safety_officer', 'executive', 'contributor', 'auditor'`;

/**
 * Identity, tenancy and the audit trail. The application runs as `pairline_app`: it owns no table,
 * cannot bypass row-level security, and may only append to the audit trail. Migrations run as the
 * owner.
 */
export class Identity1795339000000 implements MigrationInterface {
  name = 'Identity1795339000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE "organisation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "ods_code" text, "mfa_required" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "PK_c725ae234ef1b74cce43d2d00c1" PRIMARY KEY ("id"))`);
    await db.query(`CREATE UNIQUE INDEX "organisation_ods_code_key" ON "organisation"  ("ods_code") `);
    await db.query(`CREATE TABLE "api_token" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "user_id" uuid NOT NULL, "name" text NOT NULL, "role" text NOT NULL, "token_hash" text NOT NULL, "prefix" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_d862311c568d175c26f41bc6f98" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "api_token_user_id_idx" ON "api_token"  ("user_id") `);
    await db.query(`CREATE UNIQUE INDEX "api_token_token_hash_key" ON "api_token"  ("token_hash") `);
    await db.query(`CREATE TABLE "audit_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "seq" bigint NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_user_id" uuid, "actor_label" text NOT NULL, "action" text NOT NULL, "entity_type" text NOT NULL, "entity_id" text, "changes" jsonb, "request_id" text, "ip" text, "prev_hash" text NOT NULL, "hash" text NOT NULL, CONSTRAINT "PK_481efbe8b0a403efe3f47a6528f" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "audit_event_organisation_action_idx" ON "audit_event"  ("organisation_id", "action") `);
    await db.query(`CREATE INDEX "audit_event_organisation_actor_idx" ON "audit_event"  ("organisation_id", "actor_user_id") `);
    await db.query(`CREATE INDEX "audit_event_organisation_entity_idx" ON "audit_event"  ("organisation_id", "entity_type", "entity_id") `);
    await db.query(`CREATE INDEX "audit_event_organisation_occurred_idx" ON "audit_event"  ("organisation_id", "occurred_at") `);
    await db.query(`CREATE UNIQUE INDEX "audit_event_organisation_seq_key" ON "audit_event"  ("organisation_id", "seq") `);
    await db.query(`CREATE TABLE "security_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "kind" text NOT NULL, "email" text, "ip" text, "request_id" text, CONSTRAINT "PK_fb070407ce281c218223836bad4" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "security_event_occurred_at_idx" ON "security_event"  ("occurred_at") `);
    await db.query(`CREATE TABLE "user_session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "token_hash" text NOT NULL, "user_id" uuid NOT NULL, "organisation_id" uuid NOT NULL, "csrf_token" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "ip" text, "user_agent" text, CONSTRAINT "PK_adf3b49590842ac3cf54cac451a" PRIMARY KEY ("id"))`);
    await db.query(`CREATE UNIQUE INDEX "user_session_token_hash_key" ON "user_session"  ("token_hash") `);
    await db.query(`CREATE INDEX "user_session_user_id_idx" ON "user_session"  ("user_id") `);
    await db.query(`CREATE TABLE "invitation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "email" text NOT NULL, "role" text NOT NULL, "token_hash" text NOT NULL, "invited_by" uuid, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE, "accepted_by" uuid, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_beb994737756c0f18a1c1f8669c" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "invitation_organisation_id_idx" ON "invitation"  ("organisation_id") `);
    await db.query(`CREATE UNIQUE INDEX "invitation_token_hash_key" ON "invitation"  ("token_hash") `);
    await db.query(`CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "name" text NOT NULL, "password_hash" text NOT NULL, "password_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "totp_secret" text, "totp_enabled" boolean NOT NULL DEFAULT false, "totp_last_step" bigint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))`);
    await db.query(`CREATE UNIQUE INDEX "app_user_email_key" ON "app_user"  ("email") `);
    await db.query(`CREATE TABLE "membership" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL DEFAULT '1', CONSTRAINT "PK_83c1afebef3059472e7c37e8de8" PRIMARY KEY ("id"))`);
    await db.query(`CREATE INDEX "membership_user_id_idx" ON "membership"  ("user_id") `);
    await db.query(`CREATE UNIQUE INDEX "membership_organisation_user_key" ON "membership"  ("organisation_id", "user_id") `);
    await db.query(`ALTER TABLE "api_token" ADD CONSTRAINT "FK_5ac1adf0bb16e6e7702e7545a4f" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "invitation" ADD CONSTRAINT "FK_913833c1541e680e8112131222f" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "membership" ADD CONSTRAINT "FK_be659e88cd5ed71eef6d4122aac" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await db.query(`ALTER TABLE "membership" ADD CONSTRAINT "FK_e9c72e8d29784031c96f5c6af8d" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

    // --- hand-written: role constraints, the application role, row-level security, append-only audit
    await db.query(`ALTER TABLE "membership" ADD CONSTRAINT "membership_role_check" CHECK ("role" IN (${ROLES}))`);
    await db.query(`ALTER TABLE "invitation" ADD CONSTRAINT "invitation_role_check" CHECK ("role" IN (${ROLES}))`);
    await db.query(`ALTER TABLE "api_token" ADD CONSTRAINT "api_token_role_check" CHECK ("role" IN (${ROLES}))`);
    await db.query(`ALTER TABLE "app_user" ADD CONSTRAINT "app_user_email_check" CHECK ("email" = lower(btrim("email")) AND "email" LIKE '%_@_%')`);

    await db.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pairline_app') THEN
        CREATE ROLE pairline_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
      END IF;
    END $$`);
    // The migrating role connects and then switches to pairline_app (SET ROLE), so it must be a member.
    await db.query(`DO $$ BEGIN
      IF NOT pg_has_role(current_user, 'pairline_app', 'MEMBER') THEN
        EXECUTE format('GRANT pairline_app TO %I', current_user);
      END IF;
    END $$`);
    await db.query(`GRANT USAGE ON SCHEMA public TO pairline_app`);
    await db.query(`GRANT SELECT ON "typeorm_migration", "provider_supplier" TO pairline_app`);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON "organisation", "app_user", "membership", "invitation", "api_token", "user_session" TO pairline_app`);
    await db.query(`GRANT SELECT, INSERT ON "audit_event", "security_event" TO pairline_app`);

    for (const table of [...TENANT_TABLES, 'organisation']) {
      await db.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await db.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
    }
    // A user sees the organisations they belong to (for the switcher) but writes only the current one.
    await db.query(`CREATE POLICY "organisation_tenant" ON "organisation" USING ("id" = ${ORG} OR "id" IN (SELECT "organisation_id" FROM "membership" WHERE "user_id" = ${USER})) WITH CHECK ("id" = ${ORG})`);
    await db.query(`CREATE POLICY "membership_tenant" ON "membership" USING ("organisation_id" = ${ORG} OR "user_id" = ${USER}) WITH CHECK ("organisation_id" = ${ORG})`);
    await db.query(`CREATE POLICY "invitation_tenant" ON "invitation" USING ("organisation_id" = ${ORG} OR "token_hash" = ${LOOKUP}) WITH CHECK ("organisation_id" = ${ORG})`);
    await db.query(`CREATE POLICY "api_token_tenant" ON "api_token" USING ("organisation_id" = ${ORG} OR "token_hash" = ${LOOKUP}) WITH CHECK ("organisation_id" = ${ORG})`);
    await db.query(`CREATE POLICY "audit_event_tenant" ON "audit_event" USING ("organisation_id" = ${ORG}) WITH CHECK ("organisation_id" = ${ORG})`);

    // Authentication in one round trip, outside any transaction: each function sets the tenant
    // local to its own statement (so nothing leaks), then reads the membership under RLS as usual.
    await db.query(`CREATE FUNCTION "app_resolve_session"(p_token_hash text)
      RETURNS TABLE ("session_id" uuid, "user_id" uuid, "organisation_id" uuid, "csrf_token" text, "last_seen_at" timestamptz, "expires_at" timestamptz, "role" text, "email" text, "totp_enabled" boolean, "mfa_required" boolean)
      LANGUAGE plpgsql VOLATILE SECURITY INVOKER AS $$
      DECLARE s "user_session"%ROWTYPE;
      BEGIN
        SELECT * INTO s FROM "user_session" WHERE "token_hash" = p_token_hash AND "revoked_at" IS NULL;
        IF NOT FOUND THEN RETURN; END IF;
        PERFORM set_config('app.org_id', s."organisation_id"::text, true), set_config('app.user_id', s."user_id"::text, true);
        RETURN QUERY SELECT s."id", s."user_id", s."organisation_id", s."csrf_token", s."last_seen_at", s."expires_at", m."role", u."email", u."totp_enabled", o."mfa_required"
          FROM "membership" m JOIN "app_user" u ON u."id" = m."user_id" JOIN "organisation" o ON o."id" = m."organisation_id"
         WHERE m."organisation_id" = s."organisation_id" AND m."user_id" = s."user_id";
      END $$`);
    await db.query(`CREATE FUNCTION "app_resolve_api_token"(p_token_hash text)
      RETURNS TABLE ("token_id" uuid, "user_id" uuid, "organisation_id" uuid, "token_role" text, "last_used_at" timestamptz, "member_role" text, "email" text)
      LANGUAGE plpgsql VOLATILE SECURITY INVOKER AS $$
      DECLARE t "api_token"%ROWTYPE;
      BEGIN
        PERFORM set_config('app.lookup_token', p_token_hash, true);
        SELECT * INTO t FROM "api_token" WHERE "token_hash" = p_token_hash AND "revoked_at" IS NULL AND ("expires_at" IS NULL OR "expires_at" > now());
        IF NOT FOUND THEN RETURN; END IF;
        PERFORM set_config('app.org_id', t."organisation_id"::text, true), set_config('app.user_id', t."user_id"::text, true);
        RETURN QUERY SELECT t."id", t."user_id", t."organisation_id", t."role", t."last_used_at", m."role", u."email"
          FROM "membership" m JOIN "app_user" u ON u."id" = m."user_id"
         WHERE m."organisation_id" = t."organisation_id" AND m."user_id" = t."user_id";
      END $$`);
    // Appending to the audit chain in one call: take the organisation's chain lock, read the head,
    // hash (same text as libs/domain chainInput) and insert, so the lock is held for as few round
    // trips as possible. The caller passes the canonical body it built from the same values.
    await db.query(`CREATE FUNCTION "audit_append"(p_organisation_id uuid, p_body text, p_occurred_at timestamptz, p_actor_user_id uuid, p_actor_label text,
        p_action text, p_entity_type text, p_entity_id text, p_changes jsonb, p_request_id text, p_ip text)
      RETURNS bigint LANGUAGE plpgsql VOLATILE SECURITY INVOKER AS $$
      DECLARE v_seq bigint; v_prev text; v_hash text;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtextextended('audit:' || p_organisation_id::text, 0));
        SELECT e."seq", e."hash" INTO v_seq, v_prev FROM "audit_event" e WHERE e."organisation_id" = p_organisation_id ORDER BY e."seq" DESC LIMIT 1;
        v_seq := coalesce(v_seq, 0) + 1;
        v_prev := coalesce(v_prev, repeat('0', 64));
        v_hash := encode(sha256(convert_to(v_prev || E'\\n' || v_seq::text || E'\\n' || p_body, 'UTF8')), 'hex');
        INSERT INTO "audit_event" ("organisation_id", "seq", "occurred_at", "actor_user_id", "actor_label", "action", "entity_type", "entity_id", "changes", "request_id", "ip", "prev_hash", "hash")
        VALUES (p_organisation_id, v_seq, p_occurred_at, p_actor_user_id, p_actor_label, p_action, p_entity_type, p_entity_id, p_changes, p_request_id, p_ip, v_prev, v_hash);
        RETURN v_seq;
      END $$`);
    await db.query(`GRANT EXECUTE ON FUNCTION "app_resolve_session"(text), "app_resolve_api_token"(text), "audit_append"(uuid, text, timestamptz, uuid, text, text, text, text, jsonb, text, text) TO pairline_app`);

    await db.query(`CREATE FUNCTION "reject_change_to_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['audit_event', 'security_event']) {
      await db.query(`CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "reject_change_to_append_only"()`);
      await db.query(`CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION "reject_change_to_append_only"()`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['audit_event', 'security_event']) {
      await db.query(`DROP TRIGGER "${table}_no_truncate" ON "${table}"`);
      await db.query(`DROP TRIGGER "${table}_append_only" ON "${table}"`);
    }
    await db.query(`DROP FUNCTION "reject_change_to_append_only"()`);
    await db.query(`DROP FUNCTION "audit_append"(uuid, text, timestamptz, uuid, text, text, text, text, jsonb, text, text)`);
    await db.query(`DROP FUNCTION "app_resolve_api_token"(text)`);
    await db.query(`DROP FUNCTION "app_resolve_session"(text)`);
    for (const table of [...TENANT_TABLES, 'organisation']) {
      await db.query(`DROP POLICY "${table}_tenant" ON "${table}"`);
    }
    await db.query(`REVOKE ALL ON "typeorm_migration", "provider_supplier" FROM pairline_app`);
    await db.query(`REVOKE USAGE ON SCHEMA public FROM pairline_app`);
    // The role itself is cluster-wide and may serve other databases: it stays.
    await db.query(`ALTER TABLE "membership" DROP CONSTRAINT "FK_e9c72e8d29784031c96f5c6af8d"`);
    await db.query(`ALTER TABLE "membership" DROP CONSTRAINT "FK_be659e88cd5ed71eef6d4122aac"`);
    await db.query(`ALTER TABLE "invitation" DROP CONSTRAINT "FK_913833c1541e680e8112131222f"`);
    await db.query(`ALTER TABLE "api_token" DROP CONSTRAINT "FK_5ac1adf0bb16e6e7702e7545a4f"`);
    await db.query(`DROP INDEX "public"."membership_organisation_user_key"`);
    await db.query(`DROP INDEX "public"."membership_user_id_idx"`);
    await db.query(`DROP TABLE "membership"`);
    await db.query(`DROP INDEX "public"."app_user_email_key"`);
    await db.query(`DROP TABLE "app_user"`);
    await db.query(`DROP INDEX "public"."invitation_token_hash_key"`);
    await db.query(`DROP INDEX "public"."invitation_organisation_id_idx"`);
    await db.query(`DROP TABLE "invitation"`);
    await db.query(`DROP INDEX "public"."user_session_user_id_idx"`);
    await db.query(`DROP INDEX "public"."user_session_token_hash_key"`);
    await db.query(`DROP TABLE "user_session"`);
    await db.query(`DROP INDEX "public"."security_event_occurred_at_idx"`);
    await db.query(`DROP TABLE "security_event"`);
    await db.query(`DROP INDEX "public"."audit_event_organisation_seq_key"`);
    await db.query(`DROP INDEX "public"."audit_event_organisation_occurred_idx"`);
    await db.query(`DROP INDEX "public"."audit_event_organisation_entity_idx"`);
    await db.query(`DROP INDEX "public"."audit_event_organisation_actor_idx"`);
    await db.query(`DROP INDEX "public"."audit_event_organisation_action_idx"`);
    await db.query(`DROP TABLE "audit_event"`);
    await db.query(`DROP INDEX "public"."api_token_token_hash_key"`);
    await db.query(`DROP INDEX "public"."api_token_user_id_idx"`);
    await db.query(`DROP TABLE "api_token"`);
    await db.query(`DROP INDEX "public"."organisation_ods_code_key"`);
    await db.query(`DROP TABLE "organisation"`);
  }
}
