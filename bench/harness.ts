/**
 * What the benchmarks share: the settings the product is started with, starting a server script
 * from bench/servers in its own process, stopping it, signing in over HTTP, driving it with
 * autocannon, and counting the SQL statements a piece of work sends (or each request to the real
 * app, in-process).
 */
import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { CSRF_HEADER } from '@pairline/contracts';
import { createHttpApp, loadConfig } from '@pairline/server';
import { freePort } from '@pairline/testing';

/**
 * The product's settings in a benchmark: production mode, warn-level JSON logs (we measure the
 * request path, not stdout), no web build to serve, no sign-in rate limit, a queue prefix of its
 * own. `extra` adds or overrides.
 */
export function serverEnv(name: string, databaseUrl: string, redisUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: '10',
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: `pairline-${name}-${process.pid}`,
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    WEB_DIST_DIR: 'tmp/none',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    SWC_NODE_PROJECT: join(__dirname, '..', 'tsconfig.base.json'),
    ...extra,
  };
}

/** Signs in over HTTP: the session cookie, the session itself, and the headers a write needs. */
export async function signIn(base: string, email: string, password: string) {
  const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!login.ok) throw new Error(`sign-in of ${email} answered ${login.status}`);
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const session = (await login.json()) as { csrfToken: string; organisation: { id: string }; user: { id: string } };
  return { cookie, session, headers: { cookie, [CSRF_HEADER]: session.csrfToken } };
}

/** Forks `bench/servers/<script>` (TypeScript through SWC) on a free port; resolves once it says it is listening. */
export async function startServer(script: string, env: Record<string, string>, execArgv: string[] = []): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = fork(join(__dirname, 'servers', script), { env: { ...process.env, ...env, PORT: String(port) }, execArgv: ['-r', '@swc-node/register', ...execArgv], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

export const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

/**
 * One autocannon run, then a second's pause: autocannon drops the requests in flight at its
 * deadline, and the server should finish them before the next measurement starts.
 */
export async function measure(url: string, headers: Record<string, string>, seconds: number, connections: number) {
  const r = await autocannon({ url, headers, connections, duration: seconds });
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, completed: r.requests.total, errors: r.errors + r.timeouts + r.non2xx };
}

/** Every statement any pg client in this process sends while `work` runs, whitespace folded. */
export async function statementsDuring(work: () => Promise<unknown>): Promise<string[]> {
  const original = Client.prototype.query;
  const statements: string[] = [];
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    const sql = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string })?.text ?? '');
    statements.push(sql.replace(/\s+/g, ' ').trim());
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await work();
  } finally {
    Client.prototype.query = original;
  }
  return statements;
}

/** The middle value (the upper one of the two middles for an even count). */
export const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * The statements each GET sends, measured in-process on the real app: for each account, signs in,
 * sends every URL once (so pooled connections are opened, with their SET ROLE, outside the counted
 * requests), then records each URL's statements. Result: per account, per URL.
 */
export async function statementsPerRequest(env: Record<string, string>, accounts: readonly { email: string; password: string; urls: readonly string[] }[]): Promise<string[][][]> {
  const app = await createHttpApp(loadConfig({ ...env, WORKER_IN_PROCESS: 'false', DATABASE_RUN_MIGRATIONS: 'false' }));
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  try {
    const results: string[][][] = [];
    for (const { email, password, urls } of accounts) {
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
      if (login.statusCode !== 200) throw new Error(`sign-in as ${email} answered ${login.statusCode}: ${login.body}`);
      const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const get = async (url: string) => {
        const response = await app.inject({ method: 'GET', url, headers: { cookie } });
        if (response.statusCode !== 200) throw new Error(`GET ${url} answered ${response.statusCode}: ${response.body}`);
      };
      for (const url of urls) await get(url);
      const counted: string[][] = [];
      for (const url of urls) counted.push(await statementsDuring(() => get(url)));
      results.push(counted);
    }
    return results;
  } finally {
    await app.close();
  }
}
