import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dropRedisPrefix, withAdmin } from '@pairline/testing';
import { STATE_FILE } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  if (!existsSync(STATE_FILE)) return;
  const { pid, adminUrl, database, redisUrl, queuePrefix } = JSON.parse(readFileSync(STATE_FILE, 'utf8'));
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
  // Give the API its graceful shutdown before the database disappears under it.
  for (let i = 0; i < 50; i++) {
    try {
      process.kill(pid, 0);
      await new Promise((r) => setTimeout(r, 100));
    } catch {
      break;
    }
  }
  await withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
  await dropRedisPrefix(redisUrl, queuePrefix);
  rmSync(STATE_FILE);
}
