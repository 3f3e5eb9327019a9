import { withAdmin } from './databases';

export default async function globalTeardown(): Promise<void> {
  const services = globalThis.__pairlineTestServices;
  if (!services) return;
  await withAdmin(services.postgres.url, (client) => client.query(`DROP DATABASE IF EXISTS "${services.template}" WITH (FORCE)`));
  await Promise.all([services.postgres.stop(), services.redis.stop()]);
}
