/**
 * Queue and job names, declared once so producers, processors, metrics and the queue dashboard
 * agree. Payloads carry ids only: BullMQ stores them in clear text in Redis.
 */
export const QueueName = {
  System: 'system',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const ALL_QUEUES: readonly QueueName[] = Object.values(QueueName);

export const SystemJob = {
  /** Proves a worker is consuming jobs; /api/health reads the time it last ran. */
  Heartbeat: 'heartbeat',
} as const;
export type SystemJob = (typeof SystemJob)[keyof typeof SystemJob];

/** How often the worker heartbeat runs and how stale it may get before health turns red. */
export const WORKER_HEARTBEAT_EVERY_MS = 30_000;
export const WORKER_HEARTBEAT_STALE_AFTER_MS = 3 * WORKER_HEARTBEAT_EVERY_MS;
