/**
 * Evidence upload throughput, in one run on one machine: a 50 MB PDF streamed as multipart through
 * the real HTTP server (authentication, busboy, type sniffing, size and completeness checks,
 * SHA-256, local storage, the database rows and audit event) against two baselines measured in
 * the same run:
 *   - the same file copied to disk with a stream pipeline (no HTTP): the ceiling of the disk;
 *   - a bare Node HTTP server writing the raw request body to disk: the ceiling over loopback HTTP.
 *   npm run bench:evidence   (BENCH_UPLOAD_MB, default 50; BENCH_RUNS, default 5)
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { CliModule, DemoSeed, loadConfig, migrate } from '@pairline/server';
import { databaseUrl, resolvePostgres, testDatabaseName, withAdmin } from '@pairline/testing';
import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { median, signIn, startServer, stop } from './harness';

const MB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_UPLOAD_MB ?? 50) * MB;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/** A valid PDF of exactly `size` bytes, random in the middle so nothing compresses or dedupes it. */
function pdf(size: number): Buffer {
  const head = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1');
  const tail = Buffer.from('\ntrailer << >>\n%%EOF\n');
  const body = randomBytes(size - head.length - tail.length);
  return Buffer.concat([head, body, tail]);
}

/** POSTs `file` as one multipart file part, streamed from disk; resolves with the status and body. */
function upload(url: string, headers: Record<string, string>, file: string, fields: Record<string, string>): Promise<{ status: number; body: string; seconds: number }> {
  const boundary = `----bench${randomBytes(8).toString('hex')}`;
  const preamble = Buffer.from(
    Object.entries(fields)
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join('') + `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="bench.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const epilogue = Buffer.from(`\r\n--${boundary}--\r\n`);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(preamble.length + SIZE + epilogue.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), seconds: (performance.now() - started) / 1000 }));
    });
    req.on('error', reject);
    const body = Readable.from(
      (async function* () {
        yield preamble;
        yield* createReadStream(file, { highWaterMark: 256 * 1024 });
        yield epilogue;
      })(),
    );
    body.pipe(req);
  });
}

async function main(): Promise<void> {
  const postgres = await resolvePostgres();
  const database = testDatabaseName('benchev');
  await withAdmin(postgres.url, (c) => c.query(`CREATE DATABASE "${database}"`));
  const work = await mkdtemp(join(tmpdir(), 'pairline-bench-evidence-'));
  const source = join(work, 'source.pdf');
  const content = pdf(SIZE);
  const expected = createHash('sha256').update(content).digest('hex');
  await writeFile(source, content);
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl(postgres.url, database),
    DATABASE_POOL_MAX: '4',
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
    WEB_DIST_DIR: 'tmp/none',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    EVIDENCE_DIR: join(work, 'evidence'),
    BENCH_UPLOAD_DIR: join(work, 'bare'),
    SWC_NODE_PROJECT: join(__dirname, '..', 'tsconfig.base.json'),
  };
  const config = loadConfig(env);
  await migrate(config.database);
  const context = await NestFactory.createApplicationContext(CliModule.register(config), { logger: ['error'] });
  const servers: ChildProcess[] = [];
  try {
    const accounts = (await context.get(DemoSeed).seedIfEmpty())!;
    const lead = accounts.find((a) => a.role === 'compliance_lead')!;
    const pairline = await startServer('pairline.ts', env);
    servers.push(pairline.child);
    const bare = await startServer('bare-upload.ts', env);
    servers.push(bare.child);
    const { headers } = await signIn(pairline.url, lead.email, lead.password);
    const item = await (await fetch(`${pairline.url}/api/evidence`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Benchmark evidence' }) })).json();

    const disk: number[] = [];
    const http: number[] = [];
    const ours: number[] = [];
    // Interleaved, so machine noise falls on all three alike; the first round warms up and is dropped.
    for (let run = 0; run <= RUNS; run++) {
      let started = performance.now();
      await pipeline(createReadStream(source, { highWaterMark: 256 * 1024 }), createWriteStream(join(work, `copy-${run}.pdf`)));
      const diskSeconds = (performance.now() - started) / 1000;
      await rm(join(work, `copy-${run}.pdf`));
      started = performance.now();
      const raw = await upload(`${bare.url}/upload`, {}, source, { effectiveOn: '2026-06-30' });
      if (raw.status !== 200) throw new Error(`bare upload failed: ${raw.status} ${raw.body}`);
      const sent = await upload(`${pairline.url}/api/evidence/${item.id}/revisions`, headers, source, { effectiveOn: '2026-06-30', expiresOn: '2027-06-30' });
      if (sent.status !== 201) throw new Error(`Pairline upload failed: ${sent.status} ${sent.body}`);
      const stored = JSON.parse(sent.body).revisions[0].files[0];
      if (stored.sha256 !== expected || stored.sizeBytes !== SIZE) throw new Error(`stored file differs: ${stored.sha256} ${stored.sizeBytes}`);
      if (run === 0) continue;
      disk.push(SIZE / MB / diskSeconds);
      http.push(SIZE / MB / raw.seconds);
      ours.push(SIZE / MB / sent.seconds);
    }
    const [d, h, o] = [median(disk), median(http), median(ours)];
    console.log(`\nEvidence upload: ${SIZE / MB} MB PDF, median of ${RUNS} runs (1 MB = 1,048,576 bytes), SHA-256 of every stored file checked`);
    console.table([
      { measurement: 'copy to disk (stream pipeline), MB/s', value: Math.round(d), 'Pairline ÷ this': +(o / d).toFixed(2) },
      { measurement: 'bare HTTP server, raw body to disk, MB/s', value: Math.round(h), 'Pairline ÷ this': +(o / h).toFixed(2) },
      { measurement: 'Pairline POST /api/evidence/:id/revisions, MB/s', value: Math.round(o), 'Pairline ÷ this': 1 },
    ]);
    console.log(`Pairline runs (MB/s): ${ours.map((v) => Math.round(v)).join(', ')}; target >= 50 MB/s: ${o >= 50 ? 'met' : 'NOT met'}`);
  } finally {
    await Promise.all(servers.map(stop));
    await context.close();
    await withAdmin(postgres.url, (c) => c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
    await postgres.stop();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
