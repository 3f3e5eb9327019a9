// The baseline: a bare Fastify server answering the same two routes with the same SQL and Redis
// calls, with nothing else (no Nest, no ORM, no validation, no logging, no metrics).
import { Queue } from 'bullmq';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { Pool } from 'pg';

const env = process.env;
const pool = new Pool({ connectionString: env.DATABASE_URL, max: Number(env.DATABASE_POOL_MAX ?? 10) });
const redis = new Redis(env.REDIS_URL!, { enableOfflineQueue: false });
const queue = new Queue('system', { connection: { url: env.REDIS_URL! }, prefix: env.QUEUE_PREFIX });
const app = Fastify();

const PAGE_SQL = `SELECT "key", "name", "system_name", "short_name", "status_unconfirmed", "status_note", "source"
  FROM "provider_supplier" ORDER BY "name" ASC, "key" ASC LIMIT $1 OFFSET $2`;

app.get('/api/health', async () => {
  await pool.query('SELECT 1');
  await pool.query('SELECT * FROM "typeorm_migration" ORDER BY "id" DESC');
  await redis.ping();
  const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized');
  const heartbeat = await redis.get(`${env.QUEUE_PREFIX}:worker-heartbeat`);
  return { status: 'ok', details: { database: { status: 'up' }, queue: { status: 'up', counts }, worker: { status: heartbeat ? 'up' : 'down' } } };
});

app.get('/api/provider-suppliers', async (_request, reply) => {
  const limit = 25;
  const offset = 0;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query(PAGE_SQL, [limit, offset]);
    // Like TypeORM's getManyAndCount: count only when the page does not already tell the total.
    const total = rows.length < limit && offset === 0 ? rows.length : Number((await client.query('SELECT COUNT(*) FROM "provider_supplier"')).rows[0].count);
    await client.query('COMMIT');
    reply.header('Content-Range', `provider-suppliers ${offset}-${offset + rows.length - 1}/${total}`);
    return rows.map((r) => ({ id: r.key, name: r.name, systemName: r.system_name, shortName: r.short_name, statusUnconfirmed: r.status_unconfirmed, statusNote: r.status_note, source: r.source }));
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
});

void app.listen({ host: '127.0.0.1', port: Number(env.PORT) }).then(() => process.send?.('ready'));
process.on('SIGTERM', () => void app.close().then(() => Promise.all([pool.end(), queue.close(), redis.quit()])).then(() => process.exit(0)));
