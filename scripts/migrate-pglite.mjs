#!/usr/bin/env node
// `npm run migrate-pglite`: copies the embedded database of earlier versions (PGlite, in
// DATA_DIR/pglite) into the embedded PostgreSQL (DATA_DIR/postgres) that `npm start` now runs.
// PGlite is no longer a dependency, so it is installed for this run only, in a temporary directory.
// The new cluster gets the schema at the same migration as the old database (the built migrations,
// as far as the old database had applied them), then every row of every table, with triggers and
// foreign-key checks off while copying (rows come as they were, audit chain included), then the
// sequences. The next `npm start` applies any newer migrations. DATA_DIR/pglite is left in place.
import { fork, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = resolve(root, process.env.DATA_DIR ?? '.data');
const source = join(dataDir, 'pglite');
/** The PGlite release earlier versions stored their data with: its data directory format. */
const PGLITE = '@electric-sql/pglite@0.5.14';
const say = (line) => console.log(`[migrate-pglite] ${line}`);
const require = createRequire(import.meta.url);

function stop(message) {
  console.error(`[migrate-pglite] ${message}`);
  process.exit(1);
}

if (!existsSync(source)) stop(`nothing to migrate: ${source} does not exist`);
if (existsSync(join(dataDir, 'postgres', 'PG_VERSION'))) stop(`${join(dataDir, 'postgres')} already holds a cluster; move it away first to migrate into a new one`);
const built = join(root, 'dist/server/libs/server/src/database/data-source-options.js');
if (!existsSync(built)) stop('run `npm run build` first (the migration uses the built migrations)');

async function loadPglite() {
  const dir = mkdtempSync(join(tmpdir(), 'pairline-pglite-'));
  say(`installing ${PGLITE} for this run into ${dir}`);
  const npm = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--prefix', dir, PGLITE], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (npm.status !== 0) stop(`could not install ${PGLITE}`);
  const entry = join(dir, 'node_modules/@electric-sql/pglite/dist/index.js');
  const { PGlite } = await import(pathToFileURL(entry).href);
  return { PGlite, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function startPostgres() {
  const child = fork(join(root, 'scripts/embedded-postgres.mjs'), [dataDir, String(40000 + Math.floor(Math.random() * 20000))], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((ok, fail) => {
    child.once('message', (m) => (m.error ? fail(new Error(m.error)) : ok({ child, url: m.url })));
    child.once('exit', (code) => fail(new Error(`embedded PostgreSQL exited with code ${code}`)));
  });
}

const quote = (name) => `"${name.replace(/"/g, '""')}"`;

async function main() {
  const { PGlite, cleanup } = await loadPglite();
  const old = new PGlite(source);
  await old.waitReady;
  const applied = new Set((await old.query(`SELECT "name" FROM "typeorm_migration"`)).rows.map((r) => r.name));
  say(`old database: ${applied.size} migrations applied`);

  const { child, url } = await startPostgres();
  const { DataSource } = require('typeorm');
  const { dataSourceOptions } = require(built);
  const options = dataSourceOptions({ url, poolMax: 2 }, 'pairline-migrate-pglite');
  const migrations = options.migrations.filter((m) => applied.has(m.name));
  const target = new DataSource({ ...options, migrations });
  await target.initialize();
  await target.runMigrations({ transaction: 'all' });
  say(`new cluster migrated to the same ${migrations.length} migrations`);

  const tables = (await old.query(`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1`)).rows.map((r) => r.name);
  const runner = target.createQueryRunner();
  await runner.startTransaction();
  // Triggers (append-only refusals, foreign keys) off for this session: rows are copied as stored.
  await runner.query(`SET LOCAL session_replication_role = replica`);
  await runner.query(`TRUNCATE ${tables.map(quote).join(', ')}`);
  let rows = 0;
  for (const table of tables) {
    for (let offset = 0; ; offset += 1000) {
      const [{ batch }] = (await old.query(`SELECT json_agg(x)::text AS batch FROM (SELECT * FROM ${quote(table)} ORDER BY ctid LIMIT 1000 OFFSET ${offset}) x`)).rows;
      if (!batch) break;
      const copied = await runner.query(`INSERT INTO ${quote(table)} OVERRIDING SYSTEM VALUE SELECT * FROM json_populate_recordset(NULL::${quote(table)}, $1::json) RETURNING 1`, [batch]);
      rows += copied.length;
    }
  }
  const sequences = (await old.query(`SELECT sequencename AS name, last_value FROM pg_sequences WHERE schemaname = 'public' AND last_value IS NOT NULL`)).rows;
  for (const s of sequences) await runner.query(`SELECT setval($1, $2, true)`, [quote(s.name), s.last_value]);
  await runner.commitTransaction();
  await runner.release();
  await target.destroy();
  await old.close();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  cleanup();
  say(`copied ${rows} rows of ${tables.length} tables into ${join(dataDir, 'postgres')}; \`npm start\` uses it from now on`);
  say(`${source} is left as it was: remove it once you are satisfied (${readdirSync(source).length} entries)`);
}

main().catch((error) => stop(error instanceof Error ? error.message : String(error)));
