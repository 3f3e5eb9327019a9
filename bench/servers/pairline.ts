// Runs the real Pairline HTTP app for the benchmark (same code path as production).
import 'reflect-metadata';
import { createHttpApp, loadConfig } from '@pairline/server';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createHttpApp(config);
  await app.listen({ host: '127.0.0.1', port: config.http.port });
  process.send?.('ready');
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

void main();
