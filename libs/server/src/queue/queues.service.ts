import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { getQueueToken } from '@nestjs/bullmq';
import { ALL_QUEUES, type QueueName, WORKER_HEARTBEAT_STALE_AFTER_MS } from '@pairline/contracts';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { WORKER_HEARTBEAT_KEY } from './queue.constants';

export type QueueState = 'waiting' | 'active' | 'delayed' | 'failed' | 'completed' | 'prioritized';

export interface WorkerLiveness {
  readonly alive: boolean;
  readonly lastSeenAgoMs: number | null;
}

/**
 * Everything outside the processors needs from the queues: health, metrics and producers. When no
 * Redis is configured it reports the queues as off instead of failing, so the API still serves.
 */
@Injectable()
export class QueuesService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Queues');
  private readonly queues = new Map<QueueName, Queue>();
  /** For health and heartbeats; fails fast rather than queueing commands while Redis is away. */
  private redis: Redis | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Optional() private readonly moduleRef?: ModuleRef,
  ) {}

  get enabled(): boolean {
    return this.config.queue !== null;
  }

  /** The sentence shown in logs and /api/health while scheduled work is off. */
  static readonly DISABLED_MESSAGE =
    'No Redis configured: scheduled reminders are paused. Set REDIS_URL, or put redis-server on PATH for `npm start`.';

  onApplicationBootstrap(): void {
    if (!this.enabled) {
      this.logger.warn(QueuesService.DISABLED_MESSAGE);
      return;
    }
    this.redis = new Redis(this.config.queue!.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectionName: `${this.config.queue!.prefix}:health`,
    });
    this.redis.on('error', () => undefined); // surfaced through ping() and /api/health instead
    for (const name of ALL_QUEUES) {
      this.queues.set(name, this.moduleRef!.get<Queue>(getQueueToken(name), { strict: false }));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.redis?.disconnect();
  }

  private client(): Redis {
    if (!this.redis) throw new Error(QueuesService.DISABLED_MESSAGE);
    return this.redis;
  }

  queue(name: QueueName): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`Queue "${name}" is not available: ${QueuesService.DISABLED_MESSAGE}`);
    return queue;
  }

  async ping(): Promise<void> {
    await this.client().ping();
  }

  async counts(): Promise<Record<QueueName, Record<QueueState, number>>> {
    const entries = await Promise.all(
      [...this.queues].map(async ([name, queue]) => [
        name,
        (await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized')) as Record<QueueState, number>,
      ]),
    );
    return Object.fromEntries(entries);
  }

  private heartbeatKey(): string {
    return `${this.config.queue?.prefix ?? 'pairline'}:${WORKER_HEARTBEAT_KEY}`;
  }

  async recordWorkerHeartbeat(at = Date.now()): Promise<void> {
    await this.client().set(this.heartbeatKey(), String(at), 'PX', WORKER_HEARTBEAT_STALE_AFTER_MS * 10);
  }

  async workerLiveness(now = Date.now()): Promise<WorkerLiveness> {
    const value = await this.client().get(this.heartbeatKey());
    if (value === null) return { alive: false, lastSeenAgoMs: null };
    const ago = Math.max(0, now - Number(value));
    return { alive: ago <= WORKER_HEARTBEAT_STALE_AFTER_MS, lastSeenAgoMs: ago };
  }
}
