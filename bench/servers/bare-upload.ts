// Baseline for bench/evidence-upload.ts: a plain Node HTTP server that writes the raw request
// body to a file (no framework, no multipart parsing, no hashing, no database).
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

async function main(): Promise<void> {
  const dir = process.env.BENCH_UPLOAD_DIR!;
  await mkdir(dir, { recursive: true });
  let n = 0;
  const server = createServer((req, res) => {
    pipeline(req, createWriteStream(join(dir, `upload-${n++}`))).then(
      () => res.end('{}'),
      (error: Error) => {
        res.statusCode = 500;
        res.end(error.message);
      },
    );
  });
  server.listen(Number(process.env.PORT), '127.0.0.1', () => process.send?.('ready'));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

void main();
