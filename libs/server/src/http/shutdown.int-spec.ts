import { getQueueToken } from '@nestjs/bullmq';
import { QueueName } from '@pairline/contracts';
import type { Queue } from 'bullmq';
import { request } from 'node:http';
import { DataSource } from 'typeorm';
import { SystemProcessor } from '../queue/system.processor';
import { createOrganisation, signIn } from '../testing/identity-fixtures';
import { startTestApp } from '../testing/test-app';

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('graceful shutdown', () => {
  it('finishes in-flight requests, then closes the HTTP server, queues and database pool', async () => {
    const app = await startTestApp();
    try {
      const { cookie } = await signIn(app, (await createOrganisation(app)).members.executive.email);
      await app.app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = app.app.getHttpServer().address() as { port: number };
      const dataSource = app.app.get(DataSource);
      const queue = app.app.get<Queue>(getQueueToken(QueueName.System), { strict: false });
      const worker = app.app.get(SystemProcessor).worker;
      expect(dataSource.isInitialized).toBe(true);
      expect(worker.isRunning()).toBe(true);

      // Close once the server has all five requests in hand (connections accepted, not yet answered).
      const server = app.app.getHttpServer();
      const received = new Promise<void>((resolve) => {
        let count = 0;
        server.on('request', () => ++count === 5 && resolve());
      });
      const inFlight = Array.from({ length: 5 }, () => get(port, '/api/provider-suppliers', { cookie }));
      await received;
      await app.app.close();

      expect(await Promise.all(inFlight)).toEqual([200, 200, 200, 200, 200]);
      await expect(get(port, '/api/health')).rejects.toThrow(/ECONNREFUSED/);
      expect(dataSource.isInitialized).toBe(false);
      expect(worker.isRunning()).toBe(false);
      await expect(queue.closing).resolves.toBeUndefined();
    } finally {
      await app.close().catch(() => undefined);
    }
  });
});
