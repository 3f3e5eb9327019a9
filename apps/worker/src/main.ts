import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig, WorkerModule } from '@pairline/server';
import { Logger as PinoLogger } from 'nestjs-pino';

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.queue) {
    throw new ConfigError(['REDIS_URL is required to run a worker: jobs live in Redis']);
  }
  const app = await NestFactory.createApplicationContext(WorkerModule.register(config), { bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  app.flushLogs();
  // SIGTERM closes the BullMQ workers (active jobs finish or return to the queue), then the pools.
  app.enableShutdownHooks();
  await app.init();
  new Logger('Worker').log('Pairline worker is consuming jobs');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => setTimeout(() => process.exit(1), config.shutdownGraceMs).unref());
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
