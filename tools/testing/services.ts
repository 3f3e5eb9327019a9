/**
 * Finds the real PostgreSQL and Redis the tests run against, in this order: the URLs in the
 * environment; the standard local ports; private instances started from installed binaries in a
 * temporary directory. If none works, fails with one message naming what to install.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, chownSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';

export interface Service {
  readonly url: string;
  readonly origin: 'environment' | 'localhost' | 'private';
  stop(): Promise<void>;
}

const noop = async () => undefined;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function canQueryPostgres(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(noop);
  }
}

function redisPing(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(Number(port || 6379), hostname.replace(/^\[|\]$/g, ''), () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

function which(binary: string, extraDirs: string[] = []): string | null {
  for (const dir of [...(process.env.PATH ?? '').split(':'), ...extraDirs]) {
    const candidate = join(dir, binary);
    if (dir && existsSync(candidate)) return candidate;
  }
  return null;
}

function postgresBinDirs(): string[] {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => join(root, version, 'bin'));
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

export async function startPrivatePostgres(): Promise<Service | null> {
  const initdb = which('initdb', postgresBinDirs());
  const pgCtl = which('pg_ctl', postgresBinDirs());
  if (!initdb || !pgCtl) return null;
  const dir = mkdtempSync(join(tmpdir(), 'pairline-pg-'));
  const port = await freePort();
  // PostgreSQL refuses to run as root; run it as the postgres system user when we are root.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const run = (cmd: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : cmd, asRoot ? ['-u', 'postgres', '--', cmd, ...args] : args, { stdio: 'ignore' });
  run(initdb, ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '--no-sync']);
  run(pgCtl, ['-D', join(dir, 'data'), '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitFor(() => canQueryPostgres(url), 'the private PostgreSQL');
  return {
    url,
    origin: 'private',
    stop: async () => {
      run(pgCtl, ['-D', join(dir, 'data'), '-m', 'immediate', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startPrivateRedis(): Promise<Service | null> {
  const binary = which('redis-server');
  if (!binary) return null;
  const dir = mkdtempSync(join(tmpdir(), 'pairline-redis-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction'],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  await waitFor(() => redisPing(url), 'the private Redis');
  return {
    url,
    origin: 'private',
    stop: async () => {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function resolvePostgres(): Promise<Service> {
  const fromEnv = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (fromEnv) {
    if (await canQueryPostgres(fromEnv)) return { url: fromEnv, origin: 'environment', stop: noop };
    throw new Error('DATABASE_URL is set but PostgreSQL does not answer there.');
  }
  const local = 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await canQueryPostgres(local)) return { url: local, origin: 'localhost', stop: noop };
  const started = await startPrivatePostgres();
  if (started) return started;
  throw new Error(
    'Tests need PostgreSQL: set DATABASE_URL, run one on 127.0.0.1:5432 (user postgres, trust auth), or install it (e.g. `apt-get install postgresql`) so a private instance can be started.',
  );
}

export async function resolveRedis(): Promise<Service> {
  const fromEnv = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL;
  if (fromEnv) {
    if (await redisPing(fromEnv)) return { url: fromEnv, origin: 'environment', stop: noop };
    throw new Error('REDIS_URL is set but Redis does not answer there.');
  }
  const local = 'redis://127.0.0.1:6379';
  if (await redisPing(local)) return { url: local, origin: 'localhost', stop: noop };
  const started = await startPrivateRedis();
  if (started) return started;
  throw new Error(
    'Tests need Redis: set REDIS_URL, run one on 127.0.0.1:6379, or install it (e.g. `apt-get install redis-server`) so a private instance can be started.',
  );
}

/** Removes every key of one queue prefix, so test and benchmark runs leave nothing behind nor see each other's jobs. */
export async function dropRedisPrefix(redisUrl: string, prefix: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
