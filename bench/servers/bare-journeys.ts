// Baseline for the portfolio and the journey list: a bare Fastify handler per route that runs the
// same SQL statements as the app, in the same kind of transaction (application role, tenant set
// locally), and returns the raw rows as JSON: no framework, no authentication, no logging, and no
// status colour or stage names worked out.
import Fastify from 'fastify';
import { Pool, types, type PoolClient } from 'pg';

// As the app does: a DATE stays PostgreSQL's 'YYYY-MM-DD' text.
types.setTypeParser(types.builtins.DATE, (value: string) => value);

const env = process.env;
const ORG = env.BENCH_ORG_ID!;
const USER = env.BENCH_USER_ID!;
const pool = new Pool({
  connectionString: env.DATABASE_URL,
  max: Number(env.DATABASE_POOL_MAX ?? 10),
  onConnect: (client) => client.query(`SET ROLE ${env.DATABASE_APP_ROLE ?? 'pairline_app'}`).then(() => undefined),
});
const app = Fastify();

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

// The statements of libs/server/src/journeys/journey-views.ts, portfolio/portfolio.ts and
// journeys.service.ts (list) when every journey's stored outlook is today's (the steady state: the
// bench reads after one warm-up request has stored them), copied so the baseline does not depend
// on the app's code.
const JOURNEY_SELECT = `SELECT j."id", j."product_id", p."name" AS "product_name", j."mechanism_key", j."provider_key", j."template_key", j."template_version",
  j."owner_user_id", u."name" AS "owner_name", j."target_go_live", j."status", j."notes", j."withdrawn_reason",
  j."current_stage_key", j."forecast_go_live", j."outlook_as_of", j."created_at", j."updated_at", j."version"
  FROM "journey" j JOIN "product" p ON p."id" = j."product_id" LEFT JOIN "app_user" u ON u."id" = j."owner_user_id"`;
const PRODUCTS = `SELECT "id", "name" FROM "product" WHERE "organisation_id" = $1 ORDER BY "name", "id"`;
const PORTFOLIO_JOURNEYS = `SELECT "id", "product_id", "mechanism_key", "provider_key", "template_key", "template_version", "target_go_live", "status", "current_stage_key", "forecast_go_live", "outlook_as_of"
           FROM "journey" WHERE "organisation_id" = $1 AND "status" <> 'withdrawn' ORDER BY "created_at", "id"`;
const ORGANISATION = `SELECT "at_risk_within_working_days", "late_after_working_days" FROM "organisation" WHERE "id" = $1`;
const FREEZES = `SELECT "id", "provider_key", "starts_on", "ends_on", "reason", "created_at", "version" FROM "change_freeze" WHERE "organisation_id" = $1 AND "ends_on" >= $2 ORDER BY "starts_on", "id"`;
// libs/server/src/scals/scal-counts.ts
const SCAL_COUNTS = `SELECT sj."journey_id",
              (SELECT count(*) FROM "scal_requirement" r WHERE r."template_id" = s."template_id")::int AS "total",
              (SELECT count(*) FROM "scal_answer" a JOIN "scal_requirement" r ON r."template_id" = s."template_id" AND r."identifier" = a."identifier"
                WHERE a."scal_id" = s."id" AND (a."status" = 'accepted' OR a."response" = 'not_applicable'))::int AS "done",
              (SELECT coalesce(json_object_agg(x."status", x."n"), '{}') FROM (
                 SELECT a."status", count(*)::int AS "n" FROM "scal_answer" a
                   JOIN "scal_requirement" r ON r."template_id" = s."template_id" AND r."identifier" = a."identifier"
                  WHERE a."scal_id" = s."id" GROUP BY a."status") x) AS "by_status"
         FROM "scal_journey" sj JOIN "scal" s ON s."id" = sj."scal_id" WHERE sj."organisation_id" = $1`;
// The default sort of the journey list (productName ASC), then its tie-breaker.
const PAGE = `${JOURNEY_SELECT} WHERE j."organisation_id" = $1 ORDER BY p.name ASC, j."id" ASC LIMIT $2 OFFSET $3`;
const COUNT = `SELECT COUNT(*) AS "total" FROM "journey" j JOIN "product" p ON p."id" = j."product_id" LEFT JOIN "app_user" u ON u."id" = j."owner_user_id" WHERE j."organisation_id" = $1`;

async function inTenantTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.org_id', $1, true), set_config('app.user_id', $2, true), set_config('app.lookup_token', '', true)`, [ORG, USER]);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

app.get('/api/portfolio', () =>
  inTenantTransaction(async (client) => {
    const products = (await client.query(PRODUCTS, [ORG])).rows;
    const journeys = (await client.query(PORTFOLIO_JOURNEYS, [ORG])).rows;
    const [organisation] = (await client.query(ORGANISATION, [ORG])).rows;
    const freezes = (await client.query(FREEZES, [ORG, today()])).rows;
    const scals = (await client.query(SCAL_COUNTS, [ORG])).rows;
    return { products, journeys, organisation, freezes, scals };
  }),
);

app.get('/api/journeys', async (_request, reply) => {
  const limit = 25;
  const offset = 0;
  const body = await inTenantTransaction(async (client) => {
    const journeys = (await client.query(PAGE, [ORG, limit, offset])).rows;
    const total = journeys.length < limit ? offset + journeys.length : Number((await client.query(COUNT, [ORG])).rows[0].total);
    if (journeys.length === 0) return { total, journeys };
    const [organisation] = (await client.query(ORGANISATION, [ORG])).rows;
    const freezes = (await client.query(FREEZES, [ORG, today()])).rows;
    return { total, journeys, organisation, freezes };
  });
  reply.header('Content-Range', `journeys ${offset}-${offset + body.journeys.length - 1}/${body.total}`);
  return body;
});

// The timeline's statements (libs/server/src/timeline/timeline.service.ts with no filter and no
// baseline): outlook setting, every open journey, their stages and open blocking items.
const TIMELINE_JOURNEYS = `${JOURNEY_SELECT} WHERE j."organisation_id" = $1 AND j."status" <> 'withdrawn' ORDER BY p."name", p."id", j."provider_key" NULLS LAST, j."mechanism_key", j."id"`;
const STAGES = `SELECT s."id", s."journey_id", s."key", s."name", s."status", s."planned_start", s."planned_end", s."pinned", s."actual_start", s."actual_end", s."waiting_since",
  s."duration_working_days", s."sla_working_days", s."route", s."skip_reason" FROM "journey_stage" s WHERE s."organisation_id" = $1 AND s."journey_id" = ANY($2::uuid[]) ORDER BY s."journey_id", s."position"`;
const OPEN_BLOCKERS = `SELECT s."id", s."journey_id", s."stage_key", s."title", s."description", s."owed_by", s."raised_on", s."due_on", s."status", s."resolved_on", s."owner_user_id", s."created_at", s."version"
  FROM "blocking_item" s WHERE s."organisation_id" = $1 AND s."journey_id" = ANY($2::uuid[]) AND s."status" = 'open' ORDER BY s."raised_on", s."id"`;

app.get('/api/timeline', () =>
  inTenantTransaction(async (client) => {
    const [organisation] = (await client.query(ORGANISATION, [ORG])).rows;
    const freezes = (await client.query(FREEZES, [ORG, today()])).rows;
    const journeys = (await client.query(TIMELINE_JOURNEYS, [ORG])).rows;
    const ids = journeys.map((j) => j.id);
    const stages = (await client.query(STAGES, [ORG, ids])).rows;
    const blockers = (await client.query(OPEN_BLOCKERS, [ORG, ids])).rows;
    return { organisation, freezes, journeys, stages, blockers };
  }),
);

void app.listen({ host: '127.0.0.1', port: Number(env.PORT) }).then(() => process.send?.('ready'));
process.on('SIGTERM', () => void app.close().then(() => pool.end()).then(() => process.exit(0)));
