import type { MigrationInterface, QueryRunner } from 'typeorm';

const ORG = `NULLIF(current_setting('app.org_id', true), '')::uuid`;
const USER = `NULLIF(current_setting('app.user_id', true), '')::uuid`;
const LOOKUP = `NULLIF(current_setting('app.lookup_token', true), '')`;
/** The reminder sweeps' tables, opened to the sweep role for SELECT only. */
const SWEPT_TABLES = ['planned_reminders', 'email_outbox', 'organisation', 'notification'];
const IDENTITY_FUNCTIONS = ['app_user_sign_in(text)', 'app_user_id_by_email(text)', 'app_user_create(uuid, text, text, text)', 'app_has_users()'];

/**
 * The request role sees one organisation only, identity tables included.
 *
 * - `app_user` and `user_session` get row-level security: a user row is visible to the user
 *   itself and to the organisation it is a member of; a session to its own user, or to the
 *   lookup of its secret's hash (resolving a cookie). Security events become insert-only.
 * - Work that must cross organisations before a tenant is known (finding an account by email to
 *   sign in or accept an invitation, creating an account, seeing whether any exists) goes
 *   through SECURITY DEFINER functions owned by `pairline_identity`, a NOLOGIN role that owns no
 *   table: each answers exactly one question, and policies `TO pairline_identity` let only it
 *   read past the tenant. (Forced RLS applies to owners too, so the functions need a role of
 *   their own with policies of their own.)
 * - TOTP secrets are sealed (AES-256-GCM, key from configuration) by the app; at boot it seals
 *   again, as `pairline_identity`, those in clear or under an older key.
 * - The reminder sweeps no longer open anything through a setting any session may set
 *   (`app.sweep`): they switch their transaction to `pairline_sweep` (SET LOCAL ROLE), which may
 *   only SELECT the swept tables. `pairline_app` is not a member of either role.
 */
export class IdentityIsolation1796695000000 implements MigrationInterface {
  name = 'IdentityIsolation1796695000000';

  async up(db: QueryRunner): Promise<void> {
    for (const role of ['pairline_identity', 'pairline_sweep']) {
      await db.query(`DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN
          CREATE ROLE ${role} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
        END IF;
        IF NOT pg_has_role(current_user, '${role}', 'MEMBER') THEN
          EXECUTE format('GRANT ${role} TO %I', current_user);
        END IF;
      END $$`);
      await db.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
    }

    // Users and sessions: row-level security for the request role.
    await db.query(`REVOKE INSERT, DELETE ON "app_user" FROM pairline_app`);
    for (const table of ['app_user', 'user_session']) {
      await db.query(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
      await db.query(`ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`);
    }
    // A hashed subplan: the organisation's members are listed once per statement, not per row.
    await db.query(`CREATE POLICY "app_user_visible" ON "app_user" FOR SELECT TO pairline_app USING ("id" = ${USER} OR "id" IN (SELECT m."user_id" FROM "membership" m WHERE m."organisation_id" = ${ORG}))`);
    await db.query(`CREATE POLICY "app_user_own" ON "app_user" FOR UPDATE TO pairline_app USING ("id" = ${USER}) WITH CHECK ("id" = ${USER})`);
    await db.query(`CREATE POLICY "user_session_own" ON "user_session" TO pairline_app USING ("user_id" = ${USER} OR "token_hash" = ${LOOKUP}) WITH CHECK ("user_id" = ${USER})`);
    await db.query(`REVOKE SELECT ON "security_event" FROM pairline_app`);

    // The identity functions' role reads and creates accounts, nothing else.
    await db.query(`GRANT SELECT, INSERT ON "app_user" TO pairline_identity`);
    await db.query(`CREATE POLICY "app_user_identity_read" ON "app_user" FOR SELECT TO pairline_identity USING (true)`);
    await db.query(`CREATE POLICY "app_user_identity_create" ON "app_user" FOR INSERT TO pairline_identity WITH CHECK (true)`);
    // Sealing TOTP secrets again under a new key, at boot, for every account.
    await db.query(`GRANT UPDATE ("totp_secret") ON "app_user" TO pairline_identity`);
    await db.query(`CREATE POLICY "app_user_identity_reseal" ON "app_user" FOR UPDATE TO pairline_identity USING (true) WITH CHECK (true)`);
    await db.query(`CREATE FUNCTION "app_user_sign_in"(p_email text)
      RETURNS TABLE ("id" uuid, "email" text, "name" text, "password_hash" text, "totp_secret" text, "totp_enabled" boolean, "totp_last_step" bigint)
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        SELECT u."id", u."email", u."name", u."password_hash", u."totp_secret", u."totp_enabled", u."totp_last_step" FROM "app_user" u WHERE u."email" = p_email
      $$`);
    await db.query(`CREATE FUNCTION "app_user_id_by_email"(p_email text) RETURNS uuid
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$ SELECT u."id" FROM "app_user" u WHERE u."email" = p_email $$`);
    await db.query(`CREATE FUNCTION "app_user_create"(p_id uuid, p_email text, p_name text, p_password_hash text) RETURNS uuid
      LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp AS $$
        INSERT INTO "app_user" ("id", "email", "name", "password_hash", "password_changed_at", "totp_enabled") VALUES (p_id, p_email, p_name, p_password_hash, now(), false) RETURNING "id"
      $$`);
    await db.query(`CREATE FUNCTION "app_has_users"() RETURNS boolean
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$ SELECT EXISTS (SELECT 1 FROM "app_user") $$`);
    // A new owner needs CREATE on the schema (unless a superuser migrates); only for the handover.
    await db.query(`GRANT CREATE ON SCHEMA public TO pairline_identity`);
    for (const fn of IDENTITY_FUNCTIONS) {
      await db.query(`ALTER FUNCTION ${fn} OWNER TO pairline_identity`);
      await db.query(`REVOKE ALL ON FUNCTION ${fn} FROM PUBLIC`);
      await db.query(`GRANT EXECUTE ON FUNCTION ${fn} TO pairline_app`);
    }
    await db.query(`REVOKE CREATE ON SCHEMA public FROM pairline_identity`);

    // Resolving a cookie: look the session up by its hash first (the hash is the capability).
    await db.query(`CREATE OR REPLACE FUNCTION "app_resolve_session"(p_token_hash text)
      RETURNS TABLE ("session_id" uuid, "user_id" uuid, "organisation_id" uuid, "csrf_token" text, "last_seen_at" timestamptz, "expires_at" timestamptz, "role" text, "email" text, "totp_enabled" boolean, "mfa_required" boolean)
      LANGUAGE plpgsql VOLATILE SECURITY INVOKER AS $$
      DECLARE s "user_session"%ROWTYPE;
      BEGIN
        PERFORM set_config('app.lookup_token', p_token_hash, true);
        SELECT * INTO s FROM "user_session" WHERE "token_hash" = p_token_hash AND "revoked_at" IS NULL;
        IF NOT FOUND THEN RETURN; END IF;
        PERFORM set_config('app.org_id', s."organisation_id"::text, true), set_config('app.user_id', s."user_id"::text, true);
        RETURN QUERY SELECT s."id", s."user_id", s."organisation_id", s."csrf_token", s."last_seen_at", s."expires_at", m."role", u."email", u."totp_enabled", o."mfa_required"
          FROM "membership" m JOIN "app_user" u ON u."id" = m."user_id" JOIN "organisation" o ON o."id" = m."organisation_id"
         WHERE m."organisation_id" = s."organisation_id" AND m."user_id" = s."user_id";
      END $$`);

    // The sweeps: a role of their own instead of a setting.
    for (const table of ['planned_reminders', 'email_outbox', 'organisation']) await db.query(`DROP POLICY "${table}_reminder_sweep" ON "${table}"`);
    await db.query(`DROP POLICY "notification_reminder_sweep" ON "notification"`);
    for (const table of SWEPT_TABLES) {
      await db.query(`GRANT SELECT ON "${table}" TO pairline_sweep`);
      await db.query(`CREATE POLICY "${table}_sweep" ON "${table}" FOR SELECT TO pairline_sweep USING (true)`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of SWEPT_TABLES) {
      await db.query(`DROP POLICY "${table}_sweep" ON "${table}"`);
      await db.query(`REVOKE SELECT ON "${table}" FROM pairline_sweep`);
    }
    for (const table of ['planned_reminders', 'email_outbox', 'organisation', 'notification']) {
      await db.query(`CREATE POLICY "${table}_reminder_sweep" ON "${table}" FOR SELECT USING (current_setting('app.sweep', true) = 'reminders')`);
    }
    for (const fn of IDENTITY_FUNCTIONS) await db.query(`DROP FUNCTION ${fn}`);
    await db.query(`DROP POLICY "app_user_identity_reseal" ON "app_user"`);
    await db.query(`REVOKE UPDATE ("totp_secret") ON "app_user" FROM pairline_identity`);
    await db.query(`DROP POLICY "app_user_identity_create" ON "app_user"`);
    await db.query(`DROP POLICY "app_user_identity_read" ON "app_user"`);
    await db.query(`REVOKE SELECT, INSERT ON "app_user" FROM pairline_identity`);
    await db.query(`GRANT SELECT ON "security_event" TO pairline_app`);
    await db.query(`DROP POLICY "user_session_own" ON "user_session"`);
    await db.query(`DROP POLICY "app_user_own" ON "app_user"`);
    await db.query(`DROP POLICY "app_user_visible" ON "app_user"`);
    for (const table of ['app_user', 'user_session']) await db.query(`ALTER TABLE "${table}" DISABLE ROW LEVEL SECURITY`);
    await db.query(`GRANT INSERT, DELETE ON "app_user" TO pairline_app`);
    for (const role of ['pairline_identity', 'pairline_sweep']) await db.query(`REVOKE USAGE ON SCHEMA public FROM ${role}`);
    // app_resolve_session keeps its lookup-first form: it works under either set of policies.
  }
}
