// Baseline for every list: a bare Fastify handler that, for each list URL, runs the very SQL the
// app sent for it (texts and values recorded in-process, BENCH_REPLAY_FILE) in the same kind of
// transaction (application role, tenant set locally), with no framework, no authentication, no
// logging and no prepared statements, and answers the page's rows as they come.
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';
import { Pool } from 'pg';

const env = process.env;
const replay = JSON.parse(readFileSync(env.BENCH_REPLAY_FILE!, 'utf8')) as Record<string, { text: string; values: unknown[] }[]>;
const pool = new Pool({
  connectionString: env.DATABASE_URL,
  max: Number(env.DATABASE_POOL_MAX ?? 10),
  onConnect: (client) => client.query(`SET ROLE ${env.DATABASE_APP_ROLE ?? 'pairline_app'}`).then(() => undefined),
});
const app = Fastify();

app.get('/*', async (request, reply) => {
  const statements = replay[request.url];
  if (!statements) return reply.code(404).send();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT set_config('app.org_id', $1, true), set_config('app.user_id', $2, true), set_config('app.lookup_token', '', true)`, [env.BENCH_ORG_ID, env.BENCH_USER_ID]);
    let page: unknown[] = [];
    for (const [i, statement] of statements.entries()) {
      const { rows } = await client.query(statement.text, statement.values);
      if (i === 0) page = rows;
    }
    await client.query('COMMIT');
    reply.header('Content-Range', `items 0-${page.length - 1}/${page.length}`);
    return page;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
});

void app.listen({ host: '127.0.0.1', port: Number(env.PORT) }).then(() => process.send?.('ready'));
process.on('SIGTERM', () => void app.close().then(() => pool.end()).then(() => process.exit(0)));
