import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, createHttpApp, DemoSeed, formatSeededAccounts, loadConfig } from '@pairline/server';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createHttpApp(config);
  await app.init();
  // Seeded before listening, so the accounts are printed before anyone is told the app is ready.
  const accounts = config.seedDemo ? await app.get(DemoSeed).seedIfEmpty() : null;
  await app.listen({ host: config.http.host, port: config.http.port });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const url = config.http.port === 0 ? `http://${config.http.host}:${port}` : config.http.publicUrl;
  // Printed to the console, not the log: shown once, for the person who just started the app.
  if (accounts) process.stdout.write(`${formatSeededAccounts(accounts, url)}\n`);
  new Logger('Pairline').log(
    `Pairline is ready at ${url} (API docs ${url}/api/docs)${config.workerInProcess && config.queue ? '; worker running in-process' : ''}`,
  );
  armShutdownDeadline(config.shutdownGraceMs);
}

/** Nest drains on SIGTERM; if something hangs, exit anyway rather than block a deploy forever. */
function armShutdownDeadline(graceMs: number): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => setTimeout(() => process.exit(1), graceMs).unref());
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
