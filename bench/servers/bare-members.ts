// Baseline for the RLS-scoped list: a bare Fastify handler that runs the same member-list SQL in
// the same kind of transaction (application role, tenant set locally), with no framework, no
// authentication and no logging.
import Fastify from 'fastify';
import { Pool } from 'pg';

const env = process.env;
const pool = new Pool({
  connectionString: env.DATABASE_URL,
  max: Number(env.DATABASE_POOL_MAX ?? 10),
  onConnect: (client) => client.query(`SET ROLE ${env.DATABASE_APP_ROLE ?? 'pairline_app'}`).then(() => undefined),
});
const app = Fastify();

const PAGE = `SELECT m."id", m."user_id", m."role", m."created_at", m."version", u."email", u."name"
  FROM "membership" m INNER JOIN "app_user" u ON u."id" = m."user_id"
 WHERE m."organisation_id" = $1 ORDER BY u."name" ASC, m."id" ASC LIMIT 25 OFFSET 0`;
const COUNT = `SELECT COUNT(DISTINCT m."id") AS "cnt" FROM "membership" m INNER JOIN "app_user" u ON u."id" = m."user_id" WHERE m."organisation_id" = $1`;

app.get('/api/members', async (_request, reply) => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.org_id', $1, true), set_config('app.user_id', $2, true), set_config('app.lookup_token', '', true)`, [env.BENCH_ORG_ID, env.BENCH_USER_ID]);
    const { rows } = await client.query(PAGE, [env.BENCH_ORG_ID]);
    const total = rows.length < 25 ? rows.length : Number((await client.query(COUNT, [env.BENCH_ORG_ID])).rows[0].cnt);
    await client.query('COMMIT');
    reply.header('Content-Range', `members 0-${rows.length - 1}/${total}`);
    return rows.map((r) => ({ id: r.id, userId: r.user_id, email: r.email, name: r.name, role: r.role, createdAt: r.created_at, version: r.version }));
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
});

void app.listen({ host: '127.0.0.1', port: Number(env.PORT) }).then(() => process.send?.('ready'));
process.on('SIGTERM', () => void app.close().then(() => pool.end()).then(() => process.exit(0)));
