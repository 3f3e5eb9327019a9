import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
  type HealthCheckResult,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import type { DataSource } from 'typeorm';
import { Public } from '../auth/decorators';
import { QueuesService } from '../queue/queues.service';

/**
 * Green when the database answers, every migration is applied and (when Redis is configured) the
 * queue answers and a worker has consumed a job recently. A deliberately unconfigured queue is
 * reported as "unavailable" without turning health red: the embedded default runs without it.
 */
@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly typeorm: TypeOrmHealthIndicator,
    private readonly queues: QueuesService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get()
    async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    let result: HealthCheckResult;
    try {
      result = await this.health.check([
        () => this.typeorm.pingCheck('database', { timeout: 2_000 }),
        () => this.migrations(),
        ...(this.queues.enabled ? [() => this.queue(), () => this.worker()] : []),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      // Keep terminus' per-component body for the 503 instead of the generic error shape.
      result = error.getResponse() as HealthCheckResult;
      void reply.status(503);
    }
    if (!this.queues.enabled) {
      const queue = { status: 'unavailable', message: QueuesService.DISABLED_MESSAGE } as unknown as { status: 'up' };
      result.info = { ...result.info, queue };
      result.details = { ...result.details, queue };
    }
    return result;
  }

  /** Read-only check (TypeORM's own would try to create its table, which the app role may not). */
  private async migrations(): Promise<HealthIndicatorResult> {
    const check = this.indicator.check('migrations');
    try {
      const [{ present }] = await this.dataSource.query(`SELECT to_regclass('public.typeorm_migration') IS NOT NULL AS present`);
      const applied = new Set<string>(
        present ? (await this.dataSource.query(`SELECT "name" FROM "typeorm_migration"`)).map((row: { name: string }) => row.name) : [],
      );
      const pending = this.dataSource.migrations.map((m) => m.name ?? m.constructor.name).filter((name) => !applied.has(name));
      return pending.length === 0 ? check.up() : check.down({ message: 'Migrations are pending', pending });
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }

  private async queue(): Promise<HealthIndicatorResult> {
    const check = this.indicator.check('queue');
    try {
      await this.queues.ping();
      const counts = await this.queues.counts();
      const depth = Object.fromEntries(
        Object.entries(counts).map(([name, c]) => [name, { waiting: c.waiting + c.prioritized, delayed: c.delayed, active: c.active, failed: c.failed }]),
      );
      return check.up({ queues: depth });
    } catch (error) {
      return check.down({ message: `Redis unreachable: ${(error as Error).message}` });
    }
  }

  private async worker(): Promise<HealthIndicatorResult> {
    const check = this.indicator.check('worker');
    try {
      const { alive, lastSeenAgoMs } = await this.queues.workerLiveness();
      const lastSeenSeconds = lastSeenAgoMs === null ? null : Math.round(lastSeenAgoMs / 1000);
      return alive
        ? check.up({ lastSeenSeconds })
        : check.down({ lastSeenSeconds, message: 'No worker has consumed a job recently; start one with `npm run worker`.' });
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }
}
